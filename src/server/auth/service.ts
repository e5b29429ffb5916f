import { createHash, randomBytes } from 'node:crypto';
import { writeAudit } from '../audit/audit.ts';
import { schoolDate } from '../clock.ts';
import { Coalescer, CoalescerPerDatabase } from '../db/coalesce.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../errors.ts';
import type { SessionInfo } from '../http/env.ts';
import type { Actor } from './actor.ts';
import { hashPassword, passwordProblem, verifyPassword } from './password.ts';
import * as q from './queries.ts';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

// Verifying against a fixed hash when the user does not exist keeps timing from revealing usernames.
let decoyHash: Promise<string> | null = null;
const decoy = () => {
  decoyHash ??= hashPassword('decoy-password-0');
  return decoyHash;
};

export interface SignInResult {
  token: string;
  csrfToken: string;
  mustChangePassword: boolean;
}

export async function signIn(
  deps: Deps,
  input: { username: string; password: string; ip: string | null },
): Promise<SignInResult> {
  const { db, settings } = deps;
  const now = deps.now();
  const user = await q.findUserByUsername(db, input.username.trim().toLowerCase());
  const refused = new AppError('unauthenticated', '用户名或密码错误');
  if (!user) {
    await verifyPassword(await decoy(), input.password);
    throw refused;
  }
  if (user.disabled_at) throw new AppError('unauthenticated', '该账号已停用，请联系系统管理员');
  if (user.locked_until && new Date(user.locked_until) > now) {
    throw new AppError(
      'locked',
      `密码错误次数过多，账号已锁定，请 ${minutesUntil(user.locked_until, now)} 分钟后再试`,
    );
  }
  const anonymous: Actor = {
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    grants: [],
    ip: input.ip,
  };
  if (!(await verifyPassword(user.password_hash, input.password))) {
    const lockedUntil = new Date(now.getTime() + settings.lockMinutes * 60_000);
    const after = await db.transaction().execute(async (trx) => {
      const result = await q.recordFailedSignIn(trx, user.id, settings.maxFailedSignIns, lockedUntil);
      await writeAudit(trx, anonymous, { action: 'sign_in_failed', entity: 'user', entityId: user.id });
      return result;
    });
    if (after.locked_until && new Date(after.locked_until) > now) {
      throw new AppError(
        'locked',
        `密码连续错误 ${settings.maxFailedSignIns} 次，账号已锁定 ${settings.lockMinutes} 分钟`,
      );
    }
    throw refused;
  }
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const mustChangePassword = user.must_change_password;
  // The county policy sets how long a session lasts (一县一策); the server's settings are the fallback.
  const timeouts = await q.sessionTimeoutsOfUser(db, user.id, now, schoolDate(now));
  const absoluteHours = timeouts.absoluteHours ?? settings.sessionAbsoluteHours;
  await db.transaction().execute(async (trx) => {
    await q.clearFailedSignIns(trx, user.id);
    await q.insertSession(trx, {
      tokenHash: hashToken(token),
      userId: user.id,
      csrfToken,
      createdAt: now,
      expiresAt: new Date(now.getTime() + absoluteHours * 3_600_000),
      ip: input.ip,
      idleMinutes: timeouts.idleMinutes ?? null,
    });
    await writeAudit(trx, anonymous, { action: 'sign_in', entity: 'user', entityId: user.id });
  });
  return { token, csrfToken, mustChangePassword };
}

function minutesUntil(iso: string, now: Date): number {
  return Math.max(1, Math.ceil((new Date(iso).getTime() - now.getTime()) / 60_000));
}

// Writing last_seen_at on every request would double the writes of a busy roll call; a minute's
// precision is plenty for a 30-minute idle timeout.
const TOUCH_INTERVAL_MS = 60_000;

/**
 * Every request looks up its session: requests that arrive while a lookup is with the database
 * are looked up together in the next one. The batch reads grants in force at its first request's
 * time; the requests of one batch are milliseconds apart.
 */
const sessionLookups = new CoalescerPerDatabase<
  Deps['db'],
  { tokenHash: string; now: Date },
  q.SessionRow | undefined
>(
  (db) =>
    new Coalescer(async (lookups) => {
      const now = lookups[0]?.now ?? new Date();
      const rows = await q.findSessions(db, [...new Set(lookups.map((l) => l.tokenHash))], now);
      const byHash = new Map(rows.map((row) => [row.token_hash, row]));
      return lookups.map((l) => ({ ok: true as const, value: byHash.get(l.tokenHash) }));
    }, 256),
);

export async function resolveSession(
  deps: Deps,
  token: string,
  ip: string | null,
): Promise<{ actor: Actor; session: SessionInfo } | null> {
  const now = deps.now();
  const tokenHash = hashToken(token);
  const row = await sessionLookups.for(deps.db).submit({ tokenHash, now });
  if (!row || row.revoked_at || row.disabled_at) return null;
  const lastSeen = new Date(row.last_seen_at).getTime();
  if (new Date(row.expires_at) <= now) return null;
  const idleMinutes = row.idle_minutes ?? deps.settings.sessionIdleMinutes;
  if (now.getTime() - lastSeen > idleMinutes * 60_000) return null;
  if (now.getTime() - lastSeen > TOUCH_INTERVAL_MS) await q.touchSession(deps.db, tokenHash, now);
  return {
    actor: {
      userId: row.user_id,
      username: row.username,
      displayName: row.display_name,
      grants: row.grants,
      ip,
    },
    session: {
      tokenHash,
      csrfToken: row.csrf_token,
      mustChangePassword: row.must_change_password,
    },
  };
}

export async function signOut(deps: Deps, actor: Actor, session: SessionInfo): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    await q.revokeSession(trx, session.tokenHash, deps.now());
    await writeAudit(trx, actor, { action: 'sign_out', entity: 'user', entityId: actor.userId });
  });
}

export async function changePassword(
  deps: Deps,
  actor: Actor,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const user = await q.findUserByUsername(deps.db, actor.username);
  if (!user || !(await verifyPassword(user.password_hash, input.currentPassword))) {
    throw new AppError('validation', '当前密码不正确', {
      fields: [{ field: 'currentPassword', message: '当前密码不正确' }],
    });
  }
  const problem =
    passwordProblem(input.newPassword) ??
    (input.newPassword === input.currentPassword ? '新密码不能与当前密码相同' : null);
  if (problem)
    throw new AppError('validation', problem, { fields: [{ field: 'newPassword', message: problem }] });
  const passwordHash = await hashPassword(input.newPassword);
  await deps.db.transaction().execute(async (trx) => {
    await q.setPassword(trx, user.id, passwordHash, false);
    await writeAudit(trx, actor, { action: 'password_changed', entity: 'user', entityId: user.id });
  });
}
