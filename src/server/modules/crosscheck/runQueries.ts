// The cross-check's bulk reads and writes. A city run reads ≈400k children and ≈450k list rows
// and writes as many links: each table is read in one statement that returns one aggregated
// text (PGlite spends most of a large result decoding rows one by one; one text value walked in
// JS is several times faster on both engines). The engine's own links are written as one row
// of arrays per list, the rest from parallel arrays with unnest, 20,000 to a statement.

import { type Kysely, type RawBuilder, sql } from 'kysely';
import { rowTriggersSkippable, setRowTriggers } from '../../db/rowTriggers.ts';
import type { DB } from '../../db/types.ts';

type Db = Kysely<DB>;

const FIELD = '\x1f';
const ROW = '\x1e';

// V8 slices a string of 13 characters or more as a view into the whole text, not a copy.
const VIEW_LENGTH = 13;
const codes: number[] = [];

/**
 * The characters from begin to end as a string of their own. A view (an ID number, a student
 * number) keeps the whole result text alive for the run, and every read of it (hashing and
 * comparing ≈900k IDs) goes through the view into a text of tens of megabytes: copied, the IDs
 * are compact and the text is collected after the read.
 */
function copyOf(all: string, begin: number, end: number): string {
  if (end - begin < VIEW_LENGTH) return all.slice(begin, end);
  codes.length = end - begin;
  for (let at = begin; at < end; at++) codes[at - begin] = all.charCodeAt(at);
  return String.fromCharCode.apply(null, codes);
}

/**
 * The rows of an aggregated text, walked field by field. Nothing is split into arrays: each row's
 * field boundaries go to one reused array and only the values kept become strings. A city's
 * ≈900k rows split into per-row arrays all lived until the last row was read, and copying them
 * through the young generation was most of the read's time.
 */
class AggregatedRows {
  private readonly ends: Int32Array;
  private rowStart = 0;
  private nextRow = 0;

  constructor(
    private readonly all: string,
    private readonly width: number,
  ) {
    this.ends = new Int32Array(width);
  }

  /** Moves to the next row; false after the last. */
  next(): boolean {
    const { all, ends, width } = this;
    if (this.nextRow >= all.length) return false;
    let at = this.nextRow;
    for (let i = 0; i < width - 1; i++) {
      const end = all.indexOf(FIELD, at);
      ends[i] = end;
      at = end + 1;
    }
    const rowEnd = all.indexOf(ROW, at);
    ends[width - 1] = rowEnd === -1 ? all.length : rowEnd;
    this.rowStart = this.nextRow;
    this.nextRow = (ends[width - 1] ?? all.length) + 1;
    return true;
  }

  private begin(i: number): number {
    return i === 0 ? this.rowStart : (this.ends[i - 1] ?? 0) + 1;
  }

  text(i: number): string {
    return copyOf(this.all, this.begin(i), this.ends[i] ?? 0);
  }

  /** NULL and '' alike. */
  textOrNull(i: number): string | null {
    const begin = this.begin(i);
    const end = this.ends[i] ?? begin;
    return end > begin ? copyOf(this.all, begin, end) : null;
  }

  /** A non-negative integer column; NULL reads as -1. */
  integer(i: number): number {
    const end = this.ends[i] ?? 0;
    let at = this.begin(i);
    if (at === end) return -1;
    let value = 0;
    for (; at < end; at++) value = value * 10 + this.all.charCodeAt(at) - 48;
    return value;
  }

  /** NULL and '' alike; a value seen before is the pool's copy. */
  pooled(i: number, pool: Pool): string | null {
    return pool.valueAt(this.all, this.begin(i), this.ends[i] ?? 0);
  }

  is(i: number, value: string): boolean {
    const begin = this.begin(i);
    return this.ends[i] === begin + value.length && this.all.startsWith(value, begin);
  }
}

/**
 * One copy of each value of a column that repeats (county, date, place, status): the rows are kept
 * for the whole run, and 400k copies of the same six characters are 400k objects for the
 * collector to move. The last value is tried first, without a copy: lists come in runs of one
 * kind, one county, one status.
 */
class Pool {
  private readonly values: string[] = [];
  private readonly hashes: number[] = [];
  // Open addressing over the text's own characters: a city read looks up ≈3M values, and slicing
  // each out only to find the copy already held, then hashing it in a Map, cost more.
  private table = new Int32Array(1024).fill(-1);
  private last: string | null = null;

  valueAt(all: string, begin: number, end: number): string | null {
    if (end <= begin) return null;
    const length = end - begin;
    const last = this.last;
    if (last !== null && last.length === length && all.startsWith(last, begin)) return last;
    let hash = 0x811c9dc5;
    for (let at = begin; at < end; at++) hash = Math.imul(hash ^ all.charCodeAt(at), 0x01000193);
    const { table, values } = this;
    const mask = table.length - 1;
    let i = hash & mask;
    for (; ; i = (i + 1) & mask) {
      const held = table[i] ?? -1;
      if (held === -1) break;
      const value = values[held] ?? '';
      if (value.length === length && this.hashes[held] === hash && all.startsWith(value, begin)) {
        this.last = value;
        return value;
      }
    }
    const value = copyOf(all, begin, end);
    table[i] = values.length;
    values.push(value);
    this.hashes.push(hash);
    if (values.length * 2 >= table.length) this.grow();
    this.last = value;
    return value;
  }

  private grow(): void {
    const table = new Int32Array(this.table.length * 2).fill(-1);
    const mask = table.length - 1;
    this.hashes.forEach((hash, held) => {
      let i = hash & mask;
      while (table[i] !== -1) i = (i + 1) & mask;
      table[i] = held;
    });
    this.table = table;
  }
}

/**
 * Runs `select string_agg(a || '␟' || b …, '␞') from …` and walks the answer; each column is
 * text with NULL as '' (a NULL would void the whole row's concatenation).
 */
async function readAggregated<T>(
  db: Db,
  columns: readonly RawBuilder<unknown>[],
  from: RawBuilder<unknown>,
  build: (row: AggregatedRows) => T,
): Promise<T[]> {
  const row = sql.join(
    columns.map((column) => sql`coalesce((${column})::text, '')`),
    sql.raw(` || '${FIELD}' || `),
  );
  const result = await sql<{ t: string | null }>`select string_agg(${row}, ${ROW}) as t ${from}`.execute(db);
  const text = result.rows[0]?.t;
  if (!text) return [];
  const rows = new AggregatedRows(text, columns.length);
  const out: T[] = [];
  while (rows.next()) out.push(build(rows));
  return out;
}

export type RegistryRow = {
  countyCode: string;
  id: number;
  idNumber: string | null;
  name: string;
  sex: '1' | '2';
  birthDate: string;
  studentNumber: string | null;
  schoolId: number | null;
  hukouRegionCode: string | null;
};

/** Every child in school in every county of the database: a list links to any of them. */
export async function loadRegistry(db: Db): Promise<RegistryRow[]> {
  const [county, date, region] = [new Pool(), new Pool(), new Pool()];
  return readAggregated(
    db,
    [
      sql`county_code`,
      sql`id`,
      sql`id_number`,
      sql`name`,
      sql`sex`,
      sql`birth_date`,
      sql`student_number`,
      sql`school_id`,
      sql`hukou_region_code`,
    ],
    sql`from child where ended_at is null`,
    (r): RegistryRow => {
      const schoolId = r.integer(7);
      return {
        countyCode: r.pooled(0, county) ?? '',
        id: r.integer(1),
        idNumber: r.textOrNull(2),
        name: r.text(3),
        sex: r.is(4, 'female') ? '2' : '1',
        birthDate: r.pooled(5, date) ?? '',
        studentNumber: r.textOrNull(6),
        schoolId: schoolId === -1 ? null : schoolId,
        hukouRegionCode: r.pooled(8, region),
      };
    },
  );
}

export type ListKind = 'police' | 'poverty' | 'disabled' | 'civil';
export const CHECKED_KINDS: readonly ListKind[] = ['police', 'poverty', 'disabled', 'civil'];

export type ListRow = {
  kind: ListKind;
  importId: number;
  listRow: number;
  idNumber: string | null;
  name: string;
  sex: '1' | '2' | null;
  birthDate: string | null;
  regionCode: string | null;
  townshipCode: string | null;
  villageCode: string | null;
  hukouStatus: string | null;
  groupCode: string | null;
};

export async function currentImports(db: Db, countyCode: string) {
  return db
    .selectFrom('list_import')
    .select(['id', 'kind'])
    .where('county_code', '=', countyCode)
    .where('status', '=', 'current')
    .where('kind', 'in', CHECKED_KINDS)
    .orderBy('id')
    .execute();
}

/** The rows of the county's current lists (every kind but the registry export), in list order. */
export async function loadListRows(
  db: Db,
  countyCode: string,
  importIds: readonly number[],
): Promise<ListRow[]> {
  if (importIds.length === 0) return [];
  const [kind, date, region, township, village, status, group] = [
    new Pool(),
    new Pool(),
    new Pool(),
    new Pool(),
    new Pool(),
    new Pool(),
    new Pool(),
  ];
  const list = await readAggregated(
    db,
    [
      sql`i.kind`,
      sql`r.import_id`,
      sql`r.list_row`,
      sql`r.id_number`,
      sql`r.name`,
      sql`r.sex`,
      sql`r.birth_date`,
      sql`r.region_code`,
      sql`r.township_code`,
      sql`r.village_code`,
      sql`r.hukou_status`,
      sql`r.group_code`,
    ],
    sql`from list_record r join list_import i on i.county_code = r.county_code and i.id = r.import_id
      where r.county_code = ${countyCode} and r.import_id = any(${importIds as number[]}::bigint[])`,
    (r): ListRow => ({
      kind: r.pooled(0, kind) as ListKind,
      importId: r.integer(1),
      listRow: r.integer(2),
      idNumber: r.textOrNull(3),
      name: r.text(4),
      sex: r.is(5, '1') ? '1' : r.is(5, '2') ? '2' : null,
      birthDate: r.pooled(6, date),
      regionCode: r.pooled(7, region),
      townshipCode: r.pooled(8, township),
      villageCode: r.pooled(9, village),
      hukouStatus: r.pooled(10, status),
      groupCode: r.pooled(11, group),
    }),
  );
  // string_agg follows the scan, not the key: sort once here rather than in the database.
  return list.sort((a, b) => a.importId - b.importId || a.listRow - b.listRow);
}

export function loadDecisions(db: Db, countyCode: string) {
  return db
    .selectFrom('review_decision')
    .select(['list_fingerprint', 'child_county_code', 'child_id', 'decision'])
    .where('county_code', '=', countyCode)
    .execute();
}

/** The latest outcome of every subject the county's townships have verified. */
export async function loadVerifiedOutcomes(db: Db, countyCode: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('finding_verification')
    .select(['subject_key', 'outcome'])
    .where('county_code', '=', countyCode)
    .orderBy('id')
    .execute();
  return new Map(rows.map((r) => [r.subject_key, r.outcome]));
}

/** `county:childId:group` of every current special-group membership, in every county. */
export async function loadMemberships(db: Db): Promise<Set<string>> {
  const keys = await readAggregated(
    db,
    [sql`county_code`, sql`child_id`, sql`group_code`],
    sql`from group_membership where ended_at is null`,
    (r) => `${r.text(0)}:${r.text(1)}:${r.text(2)}`,
  );
  return new Set(keys);
}

export type SchoolPlace = { townshipCode: string; regionCode: string };

export async function loadSchoolPlaces(db: Db): Promise<Map<number, SchoolPlace>> {
  const rows = await db.selectFrom('school').select(['id', 'township_code', 'region_code']).execute();
  return new Map(rows.map((r) => [r.id, { townshipCode: r.township_code, regionCode: r.region_code }]));
}

export async function insertRun(
  db: Db,
  run: { countyCode: string; asOf: string; importIds: number[]; createdBy: number | null },
): Promise<number> {
  const row = await db
    .insertInto('crosscheck_run')
    .values({
      county_code: run.countyCode,
      as_of: run.asOf,
      import_ids: run.importIds,
      created_by: run.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function finishRun(
  db: Db,
  run: { countyCode: string; id: number; counts: Record<string, number>; elapsedMs: number },
): Promise<void> {
  await db
    .updateTable('crosscheck_run')
    .set({ counts: JSON.stringify(run.counts), elapsed_ms: run.elapsedMs })
    .where('county_code', '=', run.countyCode)
    .where('id', '=', run.id)
    .execute();
}

/**
 * Foreign-key checks run as one trigger per row and constraint, most of the cost of writing a
 * city's links. The links and findings point at list rows and the run that this transaction has
 * just read or created, and list rows are never deleted, so the checks can be skipped for the
 * rest of the transaction where the database lets us (SET LOCAL, as pg_restore does).
 */
export async function skipRowTriggers(db: Db): Promise<boolean> {
  if (!(await rowTriggersSkippable(db, ['list_link', 'list_link_set', 'finding']))) return false;
  await setRowTriggers(db, false);
  return true;
}

export function restoreRowTriggers(db: Db): Promise<void> {
  return setRowTriggers(db, true);
}

const BATCH = 20_000;

export type LinkRow = {
  importId: number;
  listRow: number;
  childCountyCode: string;
  childId: number;
  score: number;
  decision: string;
  reasons: readonly string[];
};

/** `{1,2,3}`: one text parameter the server parses as an array, several times cheaper than an array parameter. */
const arrayLiteral = (values: readonly number[]) => `{${values.join(',')}}`;

/**
 * Index (from 1) of each value's word in the dictionary; null when there is one word only.
 * Values are looked up by identity first: the links of a city share a few county strings and a
 * few hundred reasons arrays, and spelling each of ≈400k values out cost more than the insert.
 */
function dictionary<V>(
  values: readonly V[],
  wordOf: (value: V) => string,
): { words: string[]; of: string | null } {
  const byValue = new Map<V, number>();
  const byWord = new Map<string, number>();
  const of = values.map((value) => {
    let i = byValue.get(value);
    if (i === undefined) {
      const word = wordOf(value);
      i = byWord.get(word) ?? byWord.size + 1;
      byWord.set(word, i);
      byValue.set(value, i);
    }
    return i;
  });
  const words = [...byWord.keys()];
  return { words, of: words.length > 1 ? arrayLiteral(of) : null };
}

/** Stores the engine's own links as one list_link_set row per list and the others as list_link rows. */
export async function insertLinks(db: Db, countyCode: string, runId: number, links: readonly LinkRow[]) {
  const byImport = new Map<number, LinkRow[]>();
  const decided: LinkRow[] = [];
  for (const link of links) {
    if (link.decision !== 'auto') {
      decided.push(link);
      continue;
    }
    const part = byImport.get(link.importId);
    if (part) part.push(link);
    else byImport.set(link.importId, [link]);
  }
  for (const [importId, part] of byImport) {
    const counties = dictionary(
      part.map((l) => l.childCountyCode),
      (county) => county,
    );
    const reasons = dictionary(
      part.map((l) => l.reasons),
      (set) => set.join(','),
    );
    await sql`
      insert into list_link_set (county_code, run_id, import_id, list_rows, child_ids, child_counties, county_of,
        scores, reason_sets, reason_of)
      values (${countyCode}, ${runId}, ${importId}, ${arrayLiteral(part.map((l) => l.listRow))}::text::int[],
        ${arrayLiteral(part.map((l) => l.childId))}::text::bigint[], ${counties.words}::text[],
        ${counties.of}::text::smallint[], ${arrayLiteral(part.map((l) => l.score))}::text::real[],
        ${reasons.words}::text[], ${reasons.of}::text::smallint[])`.execute(db);
  }
  for (let start = 0; start < decided.length; start += BATCH) {
    const part = decided.slice(start, start + BATCH);
    await sql`
      insert into list_link (county_code, run_id, import_id, list_row, child_county_code, child_id, score,
        decision, reasons)
      select ${countyCode}, ${runId}, u.i, u.r, u.cc, u.c, u.s, u.d, string_to_array(u.re, ',')
      from unnest(${part.map((l) => l.importId)}::bigint[], ${part.map((l) => l.listRow)}::int[],
        ${part.map((l) => l.childCountyCode)}::text[], ${part.map((l) => l.childId)}::bigint[],
        ${part.map((l) => l.score)}::real[], ${part.map((l) => l.decision)}::text[],
        ${part.map((l) => l.reasons.join(','))}::text[]) as u(i, r, cc, c, s, d, re)`.execute(db);
  }
}

export type FindingRow = {
  code: string;
  kind: string | null;
  importId: number | null;
  listRow: number | null;
  childCountyCode: string | null;
  childId: number | null;
  schoolId: number | null;
  townshipCode: string | null;
  villageCode: string | null;
  subjectKey: string;
  detail: string;
};

export async function insertFindings(
  db: Db,
  countyCode: string,
  runId: number,
  findings: readonly FindingRow[],
): Promise<void> {
  for (let start = 0; start < findings.length; start += BATCH) {
    const part = findings.slice(start, start + BATCH);
    const column = <K extends keyof FindingRow>(key: K) => part.map((f) => f[key]);
    await sql`
      insert into finding (county_code, run_id, code, kind, import_id, list_row, child_county_code, child_id,
        school_id, township_code, village_code, subject_key, detail)
      select ${countyCode}, ${runId}, u.*
      from unnest(${column('code')}::text[], ${column('kind')}::text[], ${column('importId')}::bigint[],
        ${column('listRow')}::int[], ${column('childCountyCode')}::text[], ${column('childId')}::bigint[],
        ${column('schoolId')}::int[], ${column('townshipCode')}::text[], ${column('villageCode')}::text[],
        ${column('subjectKey')}::text[], ${column('detail')}::text[])
        as u(code, kind, import_id, list_row, child_county_code, child_id, school_id, township_code,
          village_code, subject_key, detail)`.execute(db);
  }
}

export async function countyCodes(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('county').select('county_code').orderBy('county_code').execute();
  return rows.map((r) => r.county_code);
}
