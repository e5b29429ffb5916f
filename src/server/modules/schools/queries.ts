import type { Kysely } from 'kysely';
import type { Grant } from '../../auth/actor.ts';
import type { RecordLocation } from '../../auth/scope.ts';
import { schoolScopeFilter } from '../../auth/scopeFilter.ts';
import { keyedLoader } from '../../db/coalesce.ts';
import type { DB } from '../../db/types.ts';
import type { SchoolListQueryInput } from './schema.ts';

export async function listSchools(db: Kysely<DB>, grants: readonly Grant[], query: SchoolListQueryInput) {
  let base = db
    .selectFrom('school as s')
    .where((eb) => schoolScopeFilter(eb, grants))
    .where('s.ended_on', 'is', null);
  if (query.q)
    base = base.where((eb) =>
      eb.or([eb('s.name', 'like', `%${query.q}%`), eb('s.code', 'like', `${query.q}%`)]),
    );
  if (query.townshipCode) base = base.where('s.township_code', '=', query.townshipCode);
  if (query.type) base = base.where('s.type', '=', query.type);
  const [{ total } = { total: 0 }] = await base
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .execute();
  const items = await base
    .innerJoin('region as r', 'r.code', 's.township_code')
    .select((eb) => [
      's.id',
      's.code',
      's.name',
      's.type',
      's.county_code',
      's.township_code',
      'r.name as township_name',
      eb
        .selectFrom('school_class as k')
        .whereRef('k.school_id', '=', 's.id')
        .select(eb.fn.countAll<number>().as('n'))
        .as('class_count'),
      eb
        .selectFrom('child as c')
        .whereRef('c.school_id', '=', 's.id')
        .where('c.ended_at', 'is', null)
        .select(eb.fn.countAll<number>().as('n'))
        .as('child_count'),
    ])
    .orderBy('s.township_code')
    .orderBy('s.code')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  return { total: Number(total), items };
}

export function findSchool(db: Kysely<DB>, id: number) {
  return db.selectFrom('school').selectAll().where('id', '=', id).executeTakeFirst();
}

function classQuery(db: Kysely<DB>) {
  return db
    .selectFrom('school_class as k')
    .innerJoin('school as s', 's.id', 'k.school_id')
    .select([
      'k.id',
      'k.school_id',
      'k.county_code',
      'k.grade',
      'k.class_number',
      'k.school_year',
      's.township_code',
      's.name as school_name',
    ]);
}
export type ClassRow = Awaited<ReturnType<ReturnType<typeof classQuery>['execute']>>[number];

export function findClass(db: Kysely<DB>, id: number) {
  return classQuery(db).where('k.id', '=', id).executeTakeFirst();
}

/**
 * The class, looked up together with the other requests' classes of the moment (a roll call's hot
 * path reads its class twice: the guard and the service). Only on the root handle, not in a transaction.
 */
export const loadClass = keyedLoader(async (db: Kysely<DB>, ids: readonly number[]) => {
  const rows = await classQuery(db).where('k.id', 'in', ids).execute();
  return new Map(rows.map((row) => [row.id, row]));
});

export function listClassesOfSchool(db: Kysely<DB>, schoolId: number, classIds: readonly number[] | null) {
  let query = db
    .selectFrom('school_class as k')
    .leftJoin('app_user as u', 'u.id', 'k.homeroom_teacher_id')
    .select((eb) => [
      'k.id',
      'k.school_id',
      'k.school_year',
      'k.grade',
      'k.class_number',
      'u.display_name as homeroom_teacher_name',
      eb
        .selectFrom('child as c')
        .whereRef('c.class_id', '=', 'k.id')
        .where('c.ended_at', 'is', null)
        .select(eb.fn.countAll<number>().as('n'))
        .as('child_count'),
    ])
    .where('k.school_id', '=', schoolId);
  if (classIds) query = query.where('k.id', 'in', classIds.length ? classIds : [-1]);
  return query.orderBy('k.school_year', 'desc').orderBy('k.grade').orderBy('k.class_number').execute();
}

export async function locateSchool(db: Kysely<DB>, id: number | null): Promise<RecordLocation | null> {
  if (id === null) return null;
  const school = await db
    .selectFrom('school')
    .select(['id', 'county_code', 'township_code'])
    .where('id', '=', id)
    .executeTakeFirst();
  return school
    ? {
        countyCode: school.county_code,
        regionCode: school.township_code,
        schoolId: school.id,
        classId: null,
        helperUserIds: [],
        isSchool: true,
      }
    : null;
}

export async function locateClass(db: Kysely<DB>, id: number | null): Promise<RecordLocation | null> {
  return id === null ? null : classLocation(await findClass(db, id));
}

/** locateClass for a request's guard, through loadClass. */
export async function locateClassOfRequest(
  db: Kysely<DB>,
  id: number | null,
): Promise<RecordLocation | null> {
  return id === null ? null : classLocation(await loadClass(db, id));
}

function classLocation(found: ClassRow | undefined): RecordLocation | null {
  return found
    ? {
        countyCode: found.county_code,
        regionCode: found.township_code,
        schoolId: found.school_id,
        classId: found.id,
        helperUserIds: [],
      }
    : null;
}
