import type { Kysely } from 'kysely';
import type { DB } from '../../src/server/db/types.ts';

/** The demo homeroom teacher's class (宣州区西林小学 一年级（1）班), with its school and county. */
export async function teacherClass(db: Kysely<DB>, username = 'teacher') {
  const row = await db
    .selectFrom('user_role as r')
    .innerJoin('app_user as u', 'u.id', 'r.user_id')
    .innerJoin('school_class as k', 'k.id', 'r.class_id')
    .select(['k.id', 'k.school_id', 'k.county_code'])
    .where('u.username', '=', username)
    .executeTakeFirstOrThrow();
  return { classId: row.id, schoolId: row.school_id, countyCode: row.county_code };
}
