import { type Kysely, sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { parseRegionCode, type Role, type ScopeLevel } from '../../domain/index.ts';
import type { DB } from '../db/types.ts';
import type { Grant } from './actor.ts';

export function findUserByUsername(db: Kysely<DB>, username: string) {
  return db.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirst();
}

type RoleRow = {
  role: string;
  scope_level: string;
  region_code: string | null;
  school_id: number | null;
  class_id: number | null;
  class_school_id: number | null;
};

function rolesInForce(db: Kysely<DB>, now: Date) {
  return db
    .selectFrom('user_role as r')
    .leftJoin('school_class as k', 'k.id', 'r.class_id')
    .select([
      'r.role',
      'r.scope_level',
      'r.region_code',
      'r.school_id',
      'r.class_id',
      'k.school_id as class_school_id',
    ])
    .where((eb) => eb.or([eb('r.ended_at', 'is', null), eb('r.ended_at', '>', now.toISOString())]));
}

function grantOf(row: RoleRow): Grant {
  const region = row.region_code ? parseRegionCode(row.region_code) : null;
  const regionPrefix = region?.ok
    ? { province: 2, city: 4, county: 6, township: 9, village: 12 }[region.level]
    : undefined;
  return {
    role: row.role as Role,
    level: row.scope_level as ScopeLevel,
    regionCode: row.region_code ?? undefined,
    regionPrefix: region?.ok && regionPrefix ? region.code.slice(0, regionPrefix) : undefined,
    schoolId: row.school_id ?? row.class_school_id ?? undefined,
    classId: row.class_id ?? undefined,
  };
}

/** Roles in force at `now`: a substitute's class role carries the end of the assignment in ended_at. */
export async function grantsOfUser(db: Kysely<DB>, userId: number, now: Date): Promise<Grant[]> {
  const rows = await rolesInForce(db, now).where('r.user_id', '=', userId).execute();
  return rows.map(grantOf);
}

export function insertSession(
  db: Kysely<DB>,
  row: {
    tokenHash: string;
    userId: number;
    csrfToken: string;
    createdAt: Date;
    expiresAt: Date;
    ip: string | null;
    idleMinutes: number | null;
  },
) {
  return db
    .insertInto('user_session')
    .values({
      token_hash: row.tokenHash,
      user_id: row.userId,
      csrf_token: row.csrfToken,
      created_at: row.createdAt,
      last_seen_at: row.createdAt,
      expires_at: row.expiresAt,
      ip: row.ip,
      idle_minutes: row.idleMinutes,
    })
    .execute();
}

/**
 * Sessions, their users and the users' grants in force, by token hash: one round trip for all the
 * requests that arrive together (see resolveSession).
 */
export async function findSessions(db: Kysely<DB>, tokenHashes: readonly string[], now: Date) {
  if (tokenHashes.length === 0) return [];
  const rows = await db
    .selectFrom('user_session as s')
    .innerJoin('app_user as u', 'u.id', 's.user_id')
    .select([
      's.token_hash',
      's.csrf_token',
      's.last_seen_at',
      's.expires_at',
      's.revoked_at',
      's.idle_minutes',
      'u.id as user_id',
      'u.username',
      'u.display_name',
      'u.disabled_at',
      'u.must_change_password',
    ])
    // The outer user: a correlated subquery, one round trip for the sessions and their grants.
    .select(jsonArrayFrom(rolesInForce(db, now).where(sql<boolean>`r.user_id = u.id`)).as('roles'))
    .where('s.token_hash', 'in', tokenHashes)
    .execute();
  return rows.map((row) => ({ ...row, grants: row.roles.map((r) => grantOf(r as RoleRow)) }));
}
export type SessionRow = Awaited<ReturnType<typeof findSessions>>[number];

/**
 * The session timeouts of the county policies in force on `day` for the counties the user works in
 * (a school's, a township's or a county's; every county of a city for a city-level role): the
 * strictest of each. Undefined values when the user has no county (a system administrator).
 */
export async function sessionTimeoutsOfUser(db: Kysely<DB>, userId: number, now: Date, day: string) {
  const result = await sql<{ idle_minutes: number | null; absolute_hours: number | null }>`
    select min((p.policy -> 'session' ->> 'idleMinutes')::int) as idle_minutes,
      min((p.policy -> 'session' ->> 'absoluteHours')::int) as absolute_hours
    from (
      select distinct on (cp.county_code) cp.county_code, cp.policy
      from county_policy cp
      where cp.effective_from <= ${day}
        and exists (
          select 1 from user_role r
          left join school_class k on k.id = r.class_id
          left join school s on s.id = coalesce(r.school_id, k.school_id)
          where r.user_id = ${userId} and (r.ended_at is null or r.ended_at > ${now.toISOString()})
            and (s.county_code = cp.county_code
              or (s.id is null and r.region_code is not null and cp.county_code like left(r.region_code,
                case r.scope_level when 'province' then 2 when 'city' then 4 else 6 end) || '%')))
      order by cp.county_code, cp.effective_from desc, cp.version desc
    ) p`.execute(db);
  const row = result.rows[0];
  return { idleMinutes: row?.idle_minutes ?? undefined, absoluteHours: row?.absolute_hours ?? undefined };
}

export function touchSession(db: Kysely<DB>, tokenHash: string, at: Date) {
  return db
    .updateTable('user_session')
    .set({ last_seen_at: at })
    .where('token_hash', '=', tokenHash)
    .execute();
}

export function revokeSession(db: Kysely<DB>, tokenHash: string, at: Date) {
  return db.updateTable('user_session').set({ revoked_at: at }).where('token_hash', '=', tokenHash).execute();
}

export function revokeUserSessions(db: Kysely<DB>, userId: number, at: Date) {
  return db
    .updateTable('user_session')
    .set({ revoked_at: at })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
}

export function recordFailedSignIn(db: Kysely<DB>, userId: number, lockAt: number, lockedUntil: Date) {
  return db
    .updateTable('app_user')
    .set((eb) => ({
      failed_sign_ins: eb
        .case()
        .when('failed_sign_ins', '>=', lockAt - 1)
        .then(0)
        .else(eb('failed_sign_ins', '+', 1))
        .end(),
      locked_until: eb
        .case()
        .when('failed_sign_ins', '>=', lockAt - 1)
        .then(lockedUntil.toISOString())
        .else(eb.ref('locked_until'))
        .end(),
    }))
    .where('id', '=', userId)
    .returning(['failed_sign_ins', 'locked_until'])
    .executeTakeFirstOrThrow();
}

export function clearFailedSignIns(db: Kysely<DB>, userId: number) {
  return db
    .updateTable('app_user')
    .set({ failed_sign_ins: 0, locked_until: null })
    .where('id', '=', userId)
    .execute();
}

export function setPassword(db: Kysely<DB>, userId: number, passwordHash: string, mustChange: boolean) {
  return db
    .updateTable('app_user')
    .set((eb) => ({
      password_hash: passwordHash,
      must_change_password: mustChange,
      failed_sign_ins: 0,
      locked_until: null,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', userId)
    .execute();
}
