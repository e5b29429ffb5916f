import { type Kysely, sql } from 'kysely';
import type { RecordLocation } from '../../auth/scope.ts';
import { rowTriggersSkippable } from '../../db/rowTriggers.ts';
import type { DB } from '../../db/types.ts';
import type { ColumnMapping, ListKind } from './mapping.ts';
import type { ListRecord, Rejection } from './normalize.ts';

type Db = Kysely<DB>;
type PgType = 'text' | 'int2' | 'int4' | 'int8' | 'date' | 'bool' | 'jsonb';
/** A column's value; a jsonb column's is the object or array itself. */
type Value = string | number | boolean | null | object;

/**
 * `json_to_recordset(…) as t(…)` over the rows: a batch of thousands of rows travels as one JSON
 * text, which JSON.stringify writes natively, several times faster than an array per column, and
 * the server reads back with the types given. Keys of the rows not in `types` are left out; a
 * jsonb column takes the row's object or array as it is.
 */
export function jsonRecordset(types: Readonly<Record<string, PgType>>, rows: readonly object[]) {
  const definitions = Object.entries(types)
    .map(([name, type]) => `"${name}" ${type}`)
    .join(', ');
  return sql`json_to_recordset(${JSON.stringify(rows)}::json) as t(${sql.raw(definitions)})`;
}

/** A multi-row insert: one statement and one parameter for a batch of thousands of rows. */
export async function insertRows<K extends string>(
  db: Db,
  table: keyof DB,
  types: Record<K, PgType>,
  rows: ReadonlyArray<Record<K, Value>>,
): Promise<void> {
  if (rows.length === 0) return;
  const columnList = sql.raw(Object.keys(types).join(', '));
  await sql`insert into ${sql.table(table)} (${columnList})
    select ${columnList} from ${jsonRecordset(types, rows)}`.execute(db);
}

export async function countyCodes(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('county').select('county_code').orderBy('county_code').execute();
  return rows.map((r) => r.county_code);
}

export function countyLocation(countyCode: string): RecordLocation {
  return { countyCode, regionCode: null, schoolId: null, classId: null, helperUserIds: [] };
}

export function countyRegions(db: Db, countyCode: string) {
  return db
    .selectFrom('region')
    .select(['code', 'name', 'level', 'parent_code'])
    .where('county_code', '=', countyCode)
    .where('level', 'in', ['township', 'village'])
    .orderBy('code')
    .execute();
}

export async function rememberedMapping(
  db: Db,
  countyCode: string,
  kind: ListKind,
  unit: string,
): Promise<ColumnMapping | null> {
  const row = await db
    .selectFrom('list_column_mapping')
    .select('mapping')
    .where('county_code', '=', countyCode)
    .where('kind', '=', kind)
    .where('issuing_unit', '=', unit)
    .executeTakeFirst();
  return row ? (row.mapping as ColumnMapping) : null;
}

export async function saveMapping(
  db: Db,
  key: { countyCode: string; kind: ListKind; unit: string },
  mapping: ColumnMapping,
  userId: number | null,
): Promise<void> {
  await db
    .insertInto('list_column_mapping')
    .values({
      county_code: key.countyCode,
      kind: key.kind,
      issuing_unit: key.unit,
      mapping: JSON.stringify(mapping),
      updated_by: userId,
    })
    .onConflict((oc) =>
      oc
        .columns(['county_code', 'kind', 'issuing_unit'])
        .doUpdateSet({ mapping: JSON.stringify(mapping), updated_by: userId, updated_at: sql`now()` }),
    )
    .execute();
}

export async function insertDataSource(
  db: Db,
  row: {
    countyCode: string;
    department: string;
    unit: string;
    cutOffDate: string | null;
    documentNumber: string | null;
    userId: number | null;
  },
): Promise<number> {
  const inserted = await db
    .insertInto('data_source')
    .values({
      county_code: row.countyCode,
      department: row.department,
      issuing_unit: row.unit || null,
      cut_off_date: row.cutOffDate,
      document_number: row.documentNumber,
      created_by: row.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export async function insertImport(
  db: Db,
  row: {
    countyCode: string;
    kind: ListKind;
    sourceId: number;
    unit: string;
    fileName: string;
    format: string;
    encoding: string | null;
    headerRow: number;
    headerCells: unknown[];
    userId: number | null;
  },
): Promise<number> {
  // Written as 'empty' until the rows are in; the transaction makes it current at the end.
  const inserted = await db
    .insertInto('list_import')
    .values({
      county_code: row.countyCode,
      kind: row.kind,
      source_id: row.sourceId,
      issuing_unit: row.unit,
      file_name: row.fileName,
      format: row.format,
      encoding: row.encoding,
      status: 'empty',
      read_rows: 0,
      accepted: 0,
      rejected: 0,
      header_row: row.headerRow,
      header_cells: JSON.stringify(row.headerCells),
      created_by: row.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

/**
 * Makes `importId` the current list of its source and unit, superseding the previous one.
 * The advisory lock orders two imports of one source that commit at the same moment.
 */
export async function makeCurrent(
  db: Db,
  key: { countyCode: string; kind: ListKind; unit: string },
  importId: number,
): Promise<number | null> {
  await sql`select pg_advisory_xact_lock(hashtext(${`list_import:${key.countyCode}:${key.kind}:${key.unit}`}))`.execute(
    db,
  );
  const superseded = await db
    .updateTable('list_import')
    .set({ status: 'superseded', superseded_by: importId })
    .where('county_code', '=', key.countyCode)
    .where('kind', '=', key.kind)
    .where('issuing_unit', '=', key.unit)
    .where('status', '=', 'current')
    .returning('id')
    .executeTakeFirst();
  await db
    .updateTable('list_import')
    .set({ status: 'current' })
    .where('county_code', '=', key.countyCode)
    .where('id', '=', importId)
    .execute();
  return superseded?.id ?? null;
}

export async function finishImport(
  db: Db,
  countyCode: string,
  importId: number,
  counts: { read: number; accepted: number; rejected: number; mapping: ColumnMapping },
): Promise<void> {
  await db
    .updateTable('list_import')
    .set({
      read_rows: counts.read,
      accepted: counts.accepted,
      rejected: counts.rejected,
      column_mapping: JSON.stringify(counts.mapping),
    })
    .where('county_code', '=', countyCode)
    .where('id', '=', importId)
    .execute();
}

/** list_record's columns by ListRecord's fields, in the JSON the batch travels as. */
const RECORD_COLUMNS = {
  listRow: ['list_row', 'int4'],
  idNumber: ['id_number', 'text'],
  idValid: ['id_valid', 'bool'],
  name: ['name', 'text'],
  sex: ['sex', 'text'],
  birthDate: ['birth_date', 'date'],
  regionCode: ['region_code', 'text'],
  townshipCode: ['township_code', 'text'],
  villageCode: ['village_code', 'text'],
  address: ['address', 'text'],
  hukouStatus: ['hukou_status', 'text'],
  groupCode: ['group_code', 'text'],
  studentNumber: ['student_number', 'text'],
  details: ['details', 'jsonb'],
} as const satisfies Partial<Record<keyof ListRecord, readonly [string, PgType]>>;
const RECORD_TYPES = Object.fromEntries(
  Object.entries(RECORD_COLUMNS).map(([field, [, type]]) => [field, type]),
);
const RECORD_TARGETS = sql.raw(
  Object.values(RECORD_COLUMNS)
    .map(([column]) => column)
    .join(', '),
);
const RECORD_SOURCES = sql.raw(
  Object.keys(RECORD_COLUMNS)
    .map((field) => `"${field}"`)
    .join(', '),
);

/**
 * The records go as they are, their county and import as two parameters: copying 400k records
 * into rows keyed by column, and writing the county and import into each, cost more than the
 * statement itself.
 */
export async function insertRecords(
  db: Db,
  countyCode: string,
  importId: number,
  records: readonly ListRecord[],
): Promise<void> {
  if (records.length === 0) return;
  await sql`insert into list_record (county_code, import_id, ${RECORD_TARGETS})
    select ${countyCode}::text, ${importId}::int8, ${RECORD_SOURCES}
    from ${jsonRecordset(RECORD_TYPES, records)}`.execute(db);
}

/** The foreign keys of the rows a list import writes, as `table(columns)`: see listRowTriggersSkippable. */
const LIST_ROW_FOREIGN_KEYS = [
  'list_record(county_code,import_id)',
  'list_rejected_row(county_code,import_id)',
];

/**
 * Whether the per-row trigger checks of list_record and list_rejected_row may be turned off while a
 * list's rows are written: the database lets us (as it lets pg_restore), the tables carry no
 * triggers of their own, and their only foreign key is to the import's list_import row, written
 * earlier in the same transaction, so that it exists and no other session can delete it. A key
 * added later is not in LIST_ROW_FOREIGN_KEYS, and the rows then keep their checks.
 */
export function listRowTriggersSkippable(db: Db): Promise<boolean> {
  return rowTriggersSkippable(db, ['list_record', 'list_rejected_row'], LIST_ROW_FOREIGN_KEYS);
}

export function insertRejections(
  db: Db,
  countyCode: string,
  importId: number,
  rejections: readonly Rejection[],
) {
  return insertRows(
    db,
    'list_rejected_row',
    {
      county_code: 'text',
      import_id: 'int8',
      row_number: 'int4',
      list_row: 'int4',
      reason: 'text',
      cells: 'jsonb',
    },
    rejections.map((r) => ({
      county_code: countyCode,
      import_id: importId,
      row_number: r.rowNumber,
      list_row: r.listRow,
      reason: r.reason,
      cells: r.cells,
    })),
  );
}

export async function locateImport(db: Db, importId: number | null): Promise<RecordLocation | null> {
  if (importId === null) return null;
  const row = await db
    .selectFrom('list_import')
    .select('county_code')
    .where('id', '=', importId)
    .executeTakeFirst();
  return row ? countyLocation(row.county_code) : null;
}

export function listImports(db: Db, countyCode: string) {
  return db
    .selectFrom('list_import as i')
    .innerJoin('data_source as s', (join) =>
      join.onRef('s.county_code', '=', 'i.county_code').onRef('s.id', '=', 'i.source_id'),
    )
    .leftJoin('app_user as u', 'u.id', 'i.created_by')
    .select([
      'i.id',
      'i.county_code',
      'i.kind',
      'i.issuing_unit',
      'i.file_name',
      'i.format',
      'i.encoding',
      'i.status',
      'i.read_rows',
      'i.accepted',
      'i.rejected',
      'i.superseded_by',
      'i.created_at',
      's.department',
      's.cut_off_date',
      's.document_number',
      'u.display_name as created_by_name',
    ])
    .where('i.county_code', '=', countyCode)
    .orderBy('i.created_at', 'desc')
    .orderBy('i.id', 'desc')
    .execute();
}

export function findImport(db: Db, importId: number) {
  return db
    .selectFrom('list_import')
    .select(['county_code', 'id', 'kind', 'file_name', 'header_row', 'header_cells', 'rejected'])
    .where('id', '=', importId)
    .executeTakeFirst();
}

/** Rejected rows in row order, `limit` after row `afterRow`: keyset paging for big files. */
export function rejectedRows(db: Db, countyCode: string, importId: number, afterRow: number, limit: number) {
  return db
    .selectFrom('list_rejected_row')
    .select(['row_number', 'list_row', 'reason', 'cells'])
    .where('county_code', '=', countyCode)
    .where('import_id', '=', importId)
    .where('row_number', '>', afterRow)
    .orderBy('row_number')
    .limit(limit)
    .execute();
}

export async function rejectedPage(
  db: Db,
  countyCode: string,
  importId: number,
  offset: number,
  limit: number,
) {
  return db
    .selectFrom('list_rejected_row')
    .select(['row_number', 'list_row', 'reason', 'cells'])
    .where('county_code', '=', countyCode)
    .where('import_id', '=', importId)
    .orderBy('row_number')
    .offset(offset)
    .limit(limit)
    .execute();
}

/**
 * Whether `added` rows are a tenth or more of the rows the table's statistics counted
 * (autovacuum_analyze_scale_factor's default), or the table was never analysed.
 */
export async function statisticsOutgrown(db: Db, table: keyof DB, added: number): Promise<boolean> {
  const result = await sql<{ rows: number }>`
    select reltuples::float8 as rows from pg_class where oid = ${table}::regclass`.execute(db);
  const counted = Number(result.rows[0]?.rows ?? -1);
  return counted < 0 || added >= counted / 10;
}

/** PGlite runs no autovacuum: without fresh statistics the planner would guess on the new rows. */
export async function analyze(db: Db, tables: ReadonlyArray<keyof DB>): Promise<void> {
  await sql`analyze ${sql.join(tables.map((t) => sql.table(t)))}`.execute(db);
}
