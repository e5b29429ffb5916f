import type { Kysely } from 'kysely';
import type { Role, ScopeLevel } from '../../../domain/index.ts';
import type { DB } from '../../db/types.ts';
import { className } from '../schools/index.ts';

export function findUser(db: Kysely<DB>, username: string) {
  return db.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirst();
}

export function findSchoolByCode(db: Kysely<DB>, code: string) {
  return db.selectFrom('school').select(['id', 'name']).where('code', '=', code).executeTakeFirst();
}

export function findRegion(db: Kysely<DB>, code: string) {
  return db
    .selectFrom('region')
    .select(['code', 'name', 'level'])
    .where('code', '=', code)
    .executeTakeFirst();
}

export function classExists(db: Kysely<DB>, id: number) {
  return db.selectFrom('school_class').select('id').where('id', '=', id).executeTakeFirst();
}

export async function insertUser(
  db: Kysely<DB>,
  user: { username: string; displayName: string; phone: string | null; passwordHash: string },
): Promise<number> {
  const row = await db
    .insertInto('app_user')
    .values({
      username: user.username,
      display_name: user.displayName,
      phone: user.phone,
      password_hash: user.passwordHash,
      must_change_password: true,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function insertRole(
  db: Kysely<DB>,
  role: {
    userId: number;
    role: string;
    level: string;
    regionCode: string | null;
    schoolId: number | null;
    classId: number | null;
  },
) {
  return db
    .insertInto('user_role')
    .values({
      user_id: role.userId,
      role: role.role,
      scope_level: role.level,
      region_code: role.regionCode,
      school_id: role.schoolId,
      class_id: role.classId,
    })
    .execute();
}

export function disableUser(db: Kysely<DB>, userId: number, at: Date) {
  return db
    .updateTable('app_user')
    .set((eb) => ({ disabled_at: at, version: eb('version', '+', 1) }))
    .where('id', '=', userId)
    .execute();
}

export function findUserById(db: Kysely<DB>, id: number) {
  return db.selectFrom('app_user').select(['id', 'username']).where('id', '=', id).executeTakeFirst();
}

export interface UserListFilter {
  q?: string;
  role?: string;
  page: number;
  pageSize: number;
}

/** One page of accounts (never the password hash) with their current roles and the scope's name. */
export async function listUsers(db: Kysely<DB>, filter: UserListFilter, now: Date) {
  let base = db.selectFrom('app_user as u');
  if (filter.q) {
    const like = `%${filter.q.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    base = base.where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['u.username']), 'like', like),
        eb(eb.fn('lower', ['u.display_name']), 'like', like),
        eb('u.phone', 'like', like),
      ]),
    );
  }
  if (filter.role) {
    const role = filter.role;
    base = base.where((eb) =>
      eb.exists(
        eb
          .selectFrom('user_role as fr')
          .select('fr.id')
          .whereRef('fr.user_id', '=', 'u.id')
          .where('fr.role', '=', role)
          .where('fr.ended_at', 'is', null),
      ),
    );
  }
  const [{ total } = { total: 0 }] = await base
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .execute();
  const users = await base
    .select([
      'u.id',
      'u.username',
      'u.display_name',
      'u.phone',
      'u.disabled_at',
      'u.locked_until',
      'u.must_change_password',
    ])
    .orderBy('u.username')
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize)
    .execute();
  const ids = users.map((u) => u.id);
  const roles =
    ids.length === 0
      ? []
      : await db
          .selectFrom('user_role as r')
          .leftJoin('region as g', 'g.code', 'r.region_code')
          .leftJoin('school_class as k', 'k.id', 'r.class_id')
          .leftJoin('school as s', (join) =>
            join.on((eb) =>
              eb.or([eb('s.id', '=', eb.ref('r.school_id')), eb('s.id', '=', eb.ref('k.school_id'))]),
            ),
          )
          .select([
            'r.user_id',
            'r.role',
            'r.scope_level',
            'r.region_code',
            'g.name as region_name',
            's.name as school_name',
            'k.grade',
            'k.class_number',
          ])
          .where('r.user_id', 'in', ids)
          .where('r.ended_at', 'is', null)
          .orderBy('r.id')
          .execute();
  const items = users.map((u) => ({
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    phone: u.phone,
    disabled: u.disabled_at !== null,
    locked: u.locked_until !== null && new Date(u.locked_until) > now,
    mustChangePassword: u.must_change_password,
    roles: roles
      .filter((r) => r.user_id === u.id)
      .map((r) => ({ role: r.role as Role, level: r.scope_level as ScopeLevel, scopeName: scopeName(r) })),
  }));
  return { total: Number(total), items };
}

/** '宣州区', '宣城市第一小学', '宣城市第一小学 三年级2班', like describeGrants. */
function scopeName(r: {
  scope_level: string;
  region_code: string | null;
  region_name: string | null;
  school_name: string | null;
  grade: number | null;
  class_number: number | null;
}): string {
  if (r.region_code) return r.region_name ?? r.region_code;
  if (r.grade !== null && r.class_number !== null)
    return `${r.school_name ?? ''} ${className(r.grade, r.class_number)}`.trim();
  if (r.school_name) return r.school_name;
  return r.scope_level === 'paired' ? '结对儿童' : '全国';
}
