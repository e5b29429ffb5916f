import { randomInt } from 'node:crypto';
import { ROLE_SCOPE_LEVELS, type Role, type ScopeLevel } from '../../../domain/index.ts';
import { writeAudit } from '../../audit/audit.ts';
import type { Actor } from '../../auth/actor.ts';
import { hashPassword } from '../../auth/password.ts';
import { revokeUserSessions, setPassword } from '../../auth/queries.ts';
import type { Deps } from '../../deps.ts';
import { AppError, notFound, validationError } from '../../errors.ts';
import * as q from './queries.ts';

export interface NewUserInput {
  username: string;
  displayName: string;
  phone?: string | null;
  role: Role;
  /** A 12-digit region code, a 10-digit school code, a class id, or nothing for national/paired scopes. */
  scope?: string;
}

const REGION_LEVELS: readonly ScopeLevel[] = ['province', 'city', 'county', 'township'];

/** A temporary password the user must change at first sign-in: 12 characters, letters and digits. */
export function temporaryPassword(): string {
  const letters = 'abcdefghjkmnpqrstuvwxyz';
  const digits = '23456789';
  const all = letters + letters.toUpperCase() + digits;
  const chars = [letters[randomInt(letters.length)], digits[randomInt(digits.length)]];
  while (chars.length < 12) chars.push(all[randomInt(all.length)]);
  return chars.join('');
}

export async function addUser(deps: Deps, actor: Actor, input: NewUserInput) {
  const username = input.username.trim().toLowerCase();
  if (!/^[a-z0-9_.-]{3,64}$/.test(username)) {
    throw validationError([{ field: 'username', message: '用户名须为 3–64 位小写字母、数字或 _ . -' }]);
  }
  const levels = ROLE_SCOPE_LEVELS[input.role];
  let scope: {
    level: ScopeLevel;
    regionCode: string | null;
    schoolId: number | null;
    classId: number | null;
  };
  const raw = input.scope?.trim() ?? '';
  if (/^[0-9]{12}$/.test(raw)) {
    const region = await q.findRegion(deps.db, raw);
    if (!region) throw validationError([{ field: 'scope', message: `行政区划 ${raw} 不存在` }]);
    scope = { level: region.level as ScopeLevel, regionCode: raw, schoolId: null, classId: null };
  } else if (/^[0-9]{10}$/.test(raw)) {
    const school = await q.findSchoolByCode(deps.db, raw);
    if (!school) throw validationError([{ field: 'scope', message: `学校标识码 ${raw} 不存在` }]);
    scope = { level: 'school', regionCode: null, schoolId: school.id, classId: null };
  } else if (/^[0-9]{1,9}$/.test(raw)) {
    if (!(await q.classExists(deps.db, Number(raw))))
      throw validationError([{ field: 'scope', message: `班级 ${raw} 不存在` }]);
    scope = { level: 'class', regionCode: null, schoolId: null, classId: Number(raw) };
  } else if (raw === '') {
    scope = {
      level: levels.includes('paired') ? 'paired' : 'national',
      regionCode: null,
      schoolId: null,
      classId: null,
    };
  } else {
    throw validationError([
      { field: 'scope', message: '范围应为 12 位行政区划代码、10 位学校标识码或班级编号' },
    ]);
  }
  if (!levels.includes(scope.level) || (scope.regionCode && !REGION_LEVELS.includes(scope.level))) {
    throw validationError([
      {
        field: 'scope',
        message: `角色 ${input.role} 不能授予 ${scope.level} 级范围（可用：${levels.join('、')}）`,
      },
    ]);
  }
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  return deps.db.transaction().execute(async (trx) => {
    if (await q.findUser(trx, username)) throw new AppError('conflict', `用户名 ${username} 已存在`);
    const userId = await q.insertUser(trx, {
      username,
      displayName: input.displayName,
      phone: input.phone ?? null,
      passwordHash,
    });
    await q.insertRole(trx, { userId, role: input.role, ...scope });
    await writeAudit(trx, actor, {
      action: 'user.create',
      entity: 'user',
      entityId: userId,
      detail: { username, role: input.role, scope: raw },
    });
    return { userId, username, temporaryPassword: password };
  });
}

export async function resetPassword(deps: Deps, actor: Actor, usernameRaw: string) {
  const username = usernameRaw.trim().toLowerCase();
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  return deps.db.transaction().execute(async (trx) => {
    const user = await q.findUser(trx, username);
    if (!user) throw notFound(`用户 ${username} `);
    await setPassword(trx, user.id, passwordHash, true);
    await revokeUserSessions(trx, user.id, deps.now());
    await writeAudit(trx, actor, { action: 'user.reset_password', entity: 'user', entityId: user.id });
    return { username, temporaryPassword: password };
  });
}

export async function disable(deps: Deps, actor: Actor, usernameRaw: string) {
  const username = usernameRaw.trim().toLowerCase();
  return deps.db.transaction().execute(async (trx) => {
    const user = await q.findUser(trx, username);
    if (!user) throw notFound(`用户 ${username} `);
    await q.disableUser(trx, user.id, deps.now());
    await revokeUserSessions(trx, user.id, deps.now());
    await writeAudit(trx, actor, { action: 'user.disable', entity: 'user', entityId: user.id });
    return { username, disabled: true };
  });
}
