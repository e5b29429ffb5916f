import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';

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
