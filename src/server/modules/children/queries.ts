import { type Kysely, sql } from 'kysely';
import type { Grant } from '../../auth/actor.ts';
import type { RecordLocation } from '../../auth/scope.ts';
import { childScopeFilter } from '../../auth/scopeFilter.ts';
import type { DB, NewChild } from '../../db/types.ts';

export interface ChildSearch {
  text?: { kind: 'initials' | 'name' | 'studentNumber' | 'last4'; value: string };
  schoolId?: number;
  classId?: number;
  grade?: number;
  group?: string;
  limit: number;
  offset: number;
}

function scopedChildren(db: Kysely<DB>, grants: readonly Grant[], userId: number, search: ChildSearch) {
  let query = db
    .selectFrom('child as c')
    .where((eb) => childScopeFilter(eb, grants, userId))
    .where('c.ended_at', 'is', null);
  const text = search.text;
  if (text?.kind === 'initials') {
    query = query.where((eb) =>
      eb.or([eb('c.name_initials', 'like', `${text.value}%`), eb('c.name_pinyin', 'like', `${text.value}%`)]),
    );
  } else if (text?.kind === 'name') query = query.where('c.name', 'like', `${text.value}%`);
  else if (text?.kind === 'studentNumber') query = query.where('c.student_number', 'like', `${text.value}%`);
  else if (text?.kind === 'last4') query = query.where('c.id_last4', '=', text.value);
  if (search.schoolId) query = query.where('c.school_id', '=', search.schoolId);
  if (search.classId) query = query.where('c.class_id', '=', search.classId);
  if (search.grade) query = query.where('c.grade', '=', search.grade);
  if (search.group) {
    const group = search.group;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('group_membership as g')
          .select(sql`1`.as('one'))
          .whereRef('g.county_code', '=', 'c.county_code')
          .whereRef('g.child_id', '=', 'c.id')
          .where('g.group_code', '=', group)
          .where('g.ended_at', 'is', null),
      ),
    );
  }
  return query;
}

export async function searchChildren(
  db: Kysely<DB>,
  grants: readonly Grant[],
  userId: number,
  search: ChildSearch,
) {
  const base = scopedChildren(db, grants, userId, search);
  const [countRow] = await base.select((eb) => eb.fn.countAll<number>().as('total')).execute();
  const items = await base
    .leftJoin('school as s', 's.id', 'c.school_id')
    .select((eb) => [
      'c.county_code',
      'c.id',
      'c.name',
      'c.sex',
      'c.birth_date',
      'c.id_type',
      'c.id_number',
      'c.student_number',
      'c.school_id',
      's.name as school_name',
      'c.class_id',
      'c.grade',
      eb
        .selectFrom('school_class as k')
        .whereRef('k.id', '=', 'c.class_id')
        .select('k.class_number')
        .as('class_number'),
      eb
        .selectFrom('group_membership as g')
        .whereRef('g.county_code', '=', 'c.county_code')
        .whereRef('g.child_id', '=', 'c.id')
        .where('g.ended_at', 'is', null)
        .select(sql<string[]>`coalesce(array_agg(distinct g.group_code), '{}')`.as('groups'))
        .as('groups'),
    ])
    .orderBy('c.school_id')
    .orderBy('c.grade')
    .orderBy('c.name_pinyin')
    .orderBy('c.id')
    .limit(search.limit)
    .offset(search.offset)
    .execute();
  return { total: Number(countRow?.total ?? 0), items };
}

export async function locateChild(db: Kysely<DB>, id: number | null): Promise<RecordLocation | null> {
  if (id === null) return null;
  const row = await db
    .selectFrom('child as c')
    .leftJoin('school as s', 's.id', 'c.school_id')
    .select((eb) => [
      'c.county_code',
      'c.school_id',
      'c.class_id',
      'c.hukou_region_code',
      's.township_code',
      eb
        .selectFrom('pairing as p')
        .whereRef('p.county_code', '=', 'c.county_code')
        .whereRef('p.child_id', '=', 'c.id')
        .where('p.ended_on', 'is', null)
        .select(sql<number[]>`coalesce(array_agg(p.helper_user_id), '{}')`.as('helpers'))
        .as('helpers'),
    ])
    .where('c.id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  return {
    countyCode: row.county_code,
    regionCode: row.township_code ?? row.hukou_region_code,
    schoolId: row.school_id,
    classId: row.class_id,
    helperUserIds: row.helpers ?? [],
  };
}

export function findChild(db: Kysely<DB>, id: number) {
  return db
    .selectFrom('child as c')
    .leftJoin('school as s', 's.id', 'c.school_id')
    .leftJoin('school_class as k', 'k.id', 'c.class_id')
    .leftJoin('region as r', 'r.code', 'c.hukou_region_code')
    .leftJoin('region as rp', 'rp.code', 'r.parent_code')
    .selectAll('c')
    .select([
      's.name as school_name',
      'k.class_number',
      // A village alone ('昭亭社区居委会') is ambiguous; with its township it is an address.
      sql<string | null>`case when r.level = 'village' then rp.name || r.name else r.name end`.as(
        'hukou_region_name',
      ),
    ])
    .where('c.id', '=', id)
    .executeTakeFirst();
}

export type ChildRecord = NonNullable<Awaited<ReturnType<typeof findChild>>>;

export function guardiansOf(db: Kysely<DB>, countyCode: string, childId: number) {
  return db
    .selectFrom('guardian')
    .selectAll()
    .where('county_code', '=', countyCode)
    .where('child_id', '=', childId)
    .orderBy('ended_at', 'desc')
    .orderBy('id')
    .execute();
}

export function groupMembershipsOf(db: Kysely<DB>, countyCode: string, childId: number) {
  return db
    .selectFrom('group_membership as g')
    .leftJoin('data_source as d', (join) =>
      join.onRef('d.county_code', '=', 'g.county_code').onRef('d.id', '=', 'g.source_id'),
    )
    .selectAll('g')
    .select('d.document_number')
    .where('g.county_code', '=', countyCode)
    .where('g.child_id', '=', childId)
    .orderBy('g.valid_from', 'desc')
    .execute();
}

export function enrollmentsOf(db: Kysely<DB>, countyCode: string, childId: number) {
  return db
    .selectFrom('enrollment as e')
    .innerJoin('school as s', 's.id', 'e.school_id')
    .leftJoin('school_class as k', 'k.id', 'e.class_id')
    .selectAll('e')
    .select(['s.name as school_name', 'k.class_number'])
    .where('e.county_code', '=', countyCode)
    .where('e.child_id', '=', childId)
    .orderBy('e.started_on', 'desc')
    .execute();
}

export function findChildByIdNumber(db: Kysely<DB>, countyCode: string, idType: string, idNumber: string) {
  return db
    .selectFrom('child as c')
    .leftJoin('school as s', 's.id', 'c.school_id')
    .select(['c.id', 'c.name', 'c.id_number', 's.name as school_name', 'c.grade'])
    .where('c.county_code', '=', countyCode)
    .where('c.id_type', '=', idType)
    .where('c.id_number', '=', idNumber)
    .executeTakeFirst();
}

export function findChildByStudentNumber(db: Kysely<DB>, countyCode: string, studentNumber: string) {
  return db
    .selectFrom('child')
    .select(['id', 'name'])
    .where('county_code', '=', countyCode)
    .where('student_number', '=', studentNumber)
    .executeTakeFirst();
}

export function regionExists(db: Kysely<DB>, code: string) {
  return db.selectFrom('region').select('code').where('code', '=', code).executeTakeFirst();
}

export async function insertChild(db: Kysely<DB>, row: NewChild): Promise<number> {
  const inserted = await db.insertInto('child').values(row).returning('id').executeTakeFirstOrThrow();
  return inserted.id;
}

/** Optimistic update: succeeds only when the stored version is the one the editor saw. */
export async function updateChild(
  db: Kysely<DB>,
  countyCode: string,
  id: number,
  version: number,
  changes: Partial<NewChild>,
): Promise<boolean> {
  const result = await db
    .updateTable('child')
    .set((eb) => ({ ...changes, version: eb('version', '+', 1), updated_at: sql`now()` }))
    .where('county_code', '=', countyCode)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export function setPlacement(
  db: Kysely<DB>,
  countyCode: string,
  id: number,
  placement: { schoolId: number; classId: number; grade: number },
) {
  return db
    .updateTable('child')
    .set((eb) => ({
      school_id: placement.schoolId,
      class_id: placement.classId,
      grade: placement.grade,
      version: eb('version', '+', 1),
      updated_at: sql`now()`,
    }))
    .where('county_code', '=', countyCode)
    .where('id', '=', id)
    .execute();
}
