// SQL of the registry import: the schools, classes, children and enrollments a students list writes.

import { type Kysely, sql } from 'kysely';
import { CHILD_COLUMN_TYPES } from '../../db/childColumns.ts';
import type { DB } from '../../db/types.ts';
import { insertRows } from './queries.ts';

type Db = Kysely<DB>;

export function schoolsByCode(db: Db, codes: readonly string[]) {
  return db.selectFrom('school').select(['id', 'code', 'county_code']).where('code', 'in', codes).execute();
}

export async function firstTownship(db: Db, countyCode: string): Promise<string | null> {
  const row = await db
    .selectFrom('region')
    .select('code')
    .where('county_code', '=', countyCode)
    .where('level', '=', 'township')
    .orderBy('code')
    .executeTakeFirst();
  return row?.code ?? null;
}

export async function existingRegions(db: Db, codes: readonly string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db.selectFrom('region').select('code').where('code', 'in', codes).execute();
  return new Set(rows.map((r) => r.code));
}

export async function insertSchool(
  db: Db,
  row: {
    code: string;
    name: string;
    type: string;
    countyCode: string;
    regionCode: string;
    townshipCode: string;
  },
): Promise<number> {
  const inserted = await db
    .insertInto('school')
    .values({
      code: row.code,
      name: row.name,
      type: row.type,
      county_code: row.countyCode,
      region_code: row.regionCode,
      township_code: row.townshipCode,
      catchment_townships: [row.townshipCode],
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export function classesOf(db: Db, schoolIds: readonly number[], schoolYear: number) {
  return db
    .selectFrom('school_class')
    .select(['id', 'school_id', 'grade', 'class_number'])
    .where('school_id', 'in', schoolIds)
    .where('school_year', '=', schoolYear)
    .execute();
}

export async function insertClass(
  db: Db,
  row: { schoolId: number; countyCode: string; schoolYear: number; grade: number; classNumber: number },
): Promise<number> {
  const inserted = await db
    .insertInto('school_class')
    .values({
      school_id: row.schoolId,
      county_code: row.countyCode,
      school_year: row.schoolYear,
      grade: row.grade,
      class_number: row.classNumber,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export type MatchedChild = {
  id: number;
  student_number: string | null;
  id_type: string;
  id_number: string | null;
  class_id: number | null;
};

/** The county's children holding any of the student numbers or (document type, number) pairs. */
export async function matchChildren(
  db: Db,
  countyCode: string,
  studentNumbers: readonly string[],
  documents: ReadonlyArray<{ type: string; number: string }>,
): Promise<MatchedChild[]> {
  // Two index lookups (student number, then document) rather than one OR, which PostgreSQL can only
  // answer by reading every child of the county for each batch: quadratic over a registry import.
  const result = await sql<MatchedChild>`
    select id, student_number, id_type, id_number, class_id from child
    where county_code = ${countyCode} and student_number = any(${studentNumbers}::text[])
    union
    select c.id, c.student_number, c.id_type, c.id_number, c.class_id
    from unnest(${documents.map((d) => d.type)}::text[], ${documents.map((d) => d.number)}::text[])
      as d(id_type, id_number)
    join child c on c.county_code = ${countyCode} and c.id_type = d.id_type and c.id_number = d.id_number`.execute(
    db,
  );
  return result.rows;
}

/** Ids taken from the child sequence up front, so the enrollments of new children can name them. */
export async function nextChildIds(db: Db, count: number): Promise<number[]> {
  if (count === 0) return [];
  const result = await sql<{ id: number }>`
    select nextval(pg_get_serial_sequence('child', 'id'))::int8 as id from generate_series(1, ${count})`.execute(
    db,
  );
  return result.rows.map((r) => Number(r.id));
}

export type ChildValues = {
  id: number;
  id_type: string;
  id_number: string | null;
  id_last4: string | null;
  name: string;
  name_initials: string;
  name_pinyin: string;
  sex: string;
  birth_date: string;
  ethnicity: string | null;
  hukou_region_code: string | null;
  hukou_address: string | null;
  hukou_nature: string | null;
  residence_address: string | null;
  student_number: string | null;
  boarding: string | null;
  health_status: string | null;
  school_id: number;
  class_id: number;
  grade: number;
  source_id: number;
};

export function insertChildren(db: Db, countyCode: string, rows: readonly ChildValues[]) {
  return insertRows(
    db,
    'child',
    CHILD_COLUMN_TYPES,
    rows.map((r) => ({ county_code: countyCode, ...r })),
  );
}

/**
 * Overwrites what the registry states about existing children. A blank coded field in the export
 * keeps the value the system already holds rather than erasing it.
 */
export async function updateChildren(db: Db, countyCode: string, rows: readonly ChildValues[]) {
  if (rows.length === 0) return;
  const { county_code: _, ...types } = CHILD_COLUMN_TYPES;
  const names = Object.keys(types) as Array<keyof typeof types>;
  const arrays = names.map((name) => sql`${rows.map((row) => row[name])}::${sql.raw(types[name])}[]`);
  const keep = [
    'ethnicity',
    'hukou_region_code',
    'hukou_address',
    'hukou_nature',
    'residence_address',
    'boarding',
    'health_status',
  ];
  const assignments = names
    .filter((n) => n !== 'id')
    .map((n) => (keep.includes(n) ? `${n} = coalesce(v.${n}, c.${n})` : `${n} = v.${n}`))
    .join(', ');
  await sql`update child c set ${sql.raw(assignments)}, version = c.version + 1, updated_at = now()
    from unnest(${sql.join(arrays)}) as v(${sql.raw(names.join(', '))})
    where c.county_code = ${countyCode} and c.id = v.id`.execute(db);
}

/** Ends the open enrollments of children who moved class, the day before the new one starts. */
export async function endEnrollments(
  db: Db,
  countyCode: string,
  childIds: readonly number[],
  startedOn: string,
) {
  if (childIds.length === 0) return;
  await sql`update enrollment set end_reason = 'registry_import',
      ended_on = greatest(started_on, ${startedOn}::date - 1)
    where county_code = ${countyCode} and child_id = any(${childIds}::int8[]) and ended_on is null`.execute(
    db,
  );
}

export function insertEnrollments(
  db: Db,
  countyCode: string,
  rows: ReadonlyArray<{
    childId: number;
    schoolYear: number;
    schoolId: number;
    classId: number;
    grade: number;
    startedOn: string;
  }>,
) {
  return insertRows(
    db,
    'enrollment',
    {
      county_code: 'text',
      child_id: 'int8',
      school_year: 'int2',
      school_id: 'int4',
      class_id: 'int4',
      grade: 'int2',
      started_on: 'date',
    },
    rows.map((r) => ({
      county_code: countyCode,
      child_id: r.childId,
      school_year: r.schoolYear,
      school_id: r.schoolId,
      class_id: r.classId,
      grade: r.grade,
      started_on: r.startedOn,
    })),
  );
}
