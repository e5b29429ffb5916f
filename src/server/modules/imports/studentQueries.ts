// SQL of the registry import: the schools, classes, children and enrollments a students list writes.

import { type Kysely, sql } from 'kysely';
import { CHILD_COLUMN_TYPES } from '../../db/childColumns.ts';
import { rowTriggersSkippable as tablesSkippable } from '../../db/rowTriggers.ts';
import type { DB } from '../../db/types.ts';
import { insertRows, jsonRecordset } from './queries.ts';

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

export type NewClass = { schoolId: number; grade: number; classNumber: number };

export async function insertClasses(
  db: Db,
  countyCode: string,
  schoolYear: number,
  rows: readonly NewClass[],
) {
  const result = await sql<{ id: number; school_id: number; grade: number; class_number: number }>`
    insert into school_class (school_id, county_code, school_year, grade, class_number)
    select school_id, ${countyCode}::text, ${schoolYear}::int2, grade, class_number
    from unnest(${rows.map((r) => r.schoolId)}::int4[], ${rows.map((r) => r.grade)}::int2[],
      ${rows.map((r) => r.classNumber)}::int2[]) as t(school_id, grade, class_number)
    returning id, school_id, grade, class_number`.execute(db);
  return result.rows;
}

export async function countyHasChildren(db: Db, countyCode: string): Promise<boolean> {
  const row = await db
    .selectFrom('child')
    .select('id')
    .where('county_code', '=', countyCode)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Rows of the whole table: its indexes span every county. */
export async function tableRows(db: Db, table: keyof DB): Promise<number> {
  const result = await sql<{ n: number }>`select count(*)::int8 as n from ${sql.table(table)}`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

/**
 * Drops the table's indexes that back no constraint (a primary key, a key a foreign key points
 * at), with the unique ones or not; returns their definitions for `createIndexes`. DDL in the
 * import's transaction: a rollback brings them back.
 */
export async function dropIndexes(db: Db, table: keyof DB, unique: boolean): Promise<string[]> {
  const result = await sql<{ name: string; definition: string }>`
    select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as definition
    from pg_index i
    where i.indrelid = ${table}::regclass and not i.indisprimary and (${unique} or not i.indisunique)
      and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
      and not exists (select 1 from pg_depend d where d.refobjid = i.indexrelid)
    order by 1`.execute(db);
  for (const index of result.rows) await sql`drop index ${sql.raw(index.name)}`.execute(db);
  return result.rows.map((r) => r.definition);
}

export async function createIndexes(db: Db, definitions: readonly string[]): Promise<void> {
  for (const definition of definitions) await sql.raw(definition).execute(db);
}

/**
 * Fresh statistics for a table that has just more than doubled: without them the planner takes
 * it for as small as before, and the next big join (the cross-check's, a report's) picks nested
 * loops that run for minutes.
 */
export async function analyzeTable(db: Db, table: string): Promise<void> {
  await sql`analyze ${sql.table(table)}`.execute(db);
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

const { id: _, county_code: __, ...NEW_CHILD_TYPES } = CHILD_COLUMN_TYPES;

/**
 * Inserts new children with their first enrollment in one statement: the child ids come from the
 * insert itself, and none travels back to be sent again.
 */
export async function insertChildren(
  db: Db,
  countyCode: string,
  rows: ReadonlyArray<Omit<ChildValues, 'id'>>,
  enrollment: { schoolYear: number; startedOn: string },
) {
  if (rows.length === 0) return;
  const columnList = sql.raw(Object.keys(NEW_CHILD_TYPES).join(', '));
  await sql`with fresh as (
      insert into child (county_code, ${columnList})
      select ${countyCode}::text, ${columnList} from ${jsonRecordset(NEW_CHILD_TYPES, rows)}
    returning id, school_id, class_id, grade)
    insert into enrollment (county_code, child_id, school_year, school_id, class_id, grade, started_on)
    select ${countyCode}::text, id, ${enrollment.schoolYear}::int2, school_id, class_id, grade, ${enrollment.startedOn}::date
    from fresh`.execute(db);
}

/**
 * Overwrites what the registry states about existing children. A blank coded field in the export
 * keeps the value the system already holds rather than erasing it.
 */
/** Returns the number of children updated. */
export async function updateChildren(
  db: Db,
  countyCode: string,
  rows: readonly ChildValues[],
): Promise<number> {
  if (rows.length === 0) return 0;
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
  const result =
    await sql`update child c set ${sql.raw(assignments)}, version = c.version + 1, updated_at = now()
    from unnest(${sql.join(arrays)}) as v(${sql.raw(names.join(', '))})
    where c.county_code = ${countyCode} and c.id = v.id`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * The foreign keys the registry import writes in bulk, as `table(columns)`. The import checks
 * what they point at itself (StudentRegistry.withoutRowTriggers); a key added later is not in
 * this list, and its table then keeps its row-by-row checks.
 */
const BULK_FOREIGN_KEYS = [
  'child(class_id)',
  'child(county_code)',
  'child(county_code,source_id)',
  'child(hukou_region_code)',
  'child(school_id)',
  'enrollment(class_id)',
  'enrollment(county_code,child_id)',
  'enrollment(school_id)',
  'list_record(county_code,import_id)',
];

/** Whether the registry import may write child, enrollment and list_record without per-row checks. */
export function rowTriggersSkippable(db: Db): Promise<boolean> {
  return tablesSkippable(db, ['child', 'enrollment', 'list_record'], BULK_FOREIGN_KEYS);
}

/**
 * Locks (FOR KEY SHARE, as a foreign-key trigger does) the counties, schools, classes and regions
 * given, so that none can be deleted before the import commits; returns those found.
 */
export async function lockReferenced(
  db: Db,
  keys: {
    counties: readonly string[];
    schools: readonly number[];
    classes: readonly number[];
    regions: readonly string[];
  },
) {
  const lock = async <T>(values: readonly unknown[], query: () => Promise<{ rows: T[] }>) =>
    values.length > 0 ? (await query()).rows : [];
  const counties = await lock(keys.counties, () =>
    sql<{ code: string }>`select county_code as code from county
      where county_code = any(${keys.counties}::text[]) for key share`.execute(db),
  );
  const schools = await lock(keys.schools, () =>
    sql<{ id: number }>`select id from school
      where id = any(${keys.schools}::int4[]) for key share`.execute(db),
  );
  const classes = await lock(keys.classes, () =>
    sql<{ id: number }>`select id from school_class
      where id = any(${keys.classes}::int4[]) for key share`.execute(db),
  );
  const regions = await lock(keys.regions, () =>
    sql<{ code: string }>`select code from region
      where code = any(${keys.regions}::text[]) for key share`.execute(db),
  );
  return {
    counties: new Set(counties.map((r) => r.code)),
    schools: new Set(schools.map((r) => r.id)),
    classes: new Set(classes.map((r) => r.id)),
    regions: new Set(regions.map((r) => r.code)),
  };
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
