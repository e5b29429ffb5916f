// The cross-check's bulk reads and writes. A city run reads ≈400k children and ≈450k list rows
// and writes as many links: each table is read in one statement that returns one aggregated
// text (PGlite spends most of a large result decoding rows one by one; one text value and a JS
// split is several times faster on both engines). The engine's own links are written as one row
// of arrays per list, the rest from parallel arrays with unnest, 20,000 to a statement.

import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../../db/types.ts';

type Db = Kysely<DB>;

const FIELD = '\x1f';
const ROW = '\x1e';

/**
 * Runs `select string_agg(format('%s␟%s…', columns), '␞') from …` and splits the answer; `format`
 * renders NULL as '' (concat_ws would drop the field and shift the others).
 */
async function readAggregated(
  db: Db,
  columns: readonly RawBuilder<unknown>[],
  from: RawBuilder<unknown>,
): Promise<string[][]> {
  const pattern = columns.map(() => '%s').join(FIELD);
  const result = await sql<{ t: string | null }>`
    select string_agg(format(${pattern}, ${sql.join(columns)}), ${ROW}) as t ${from}`.execute(db);
  const text = result.rows[0]?.t;
  if (!text) return [];
  return text.split(ROW).map((line) => line.split(FIELD));
}

const orNull = (value: string | undefined): string | null => (value ? value : null);

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
  const rows = await readAggregated(
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
  );
  return rows.map((r) => ({
    countyCode: r[0] as string,
    id: Number(r[1]),
    idNumber: orNull(r[2]),
    name: r[3] ?? '',
    sex: r[4] === 'female' ? '2' : '1',
    birthDate: r[5] as string,
    studentNumber: orNull(r[6]),
    schoolId: r[7] ? Number(r[7]) : null,
    hukouRegionCode: orNull(r[8]),
  }));
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
  const rows = await readAggregated(
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
  );
  const list = rows.map(
    (r): ListRow => ({
      kind: r[0] as ListKind,
      importId: Number(r[1]),
      listRow: Number(r[2]),
      idNumber: orNull(r[3]),
      name: r[4] ?? '',
      sex: r[5] === '1' || r[5] === '2' ? (r[5] as '1' | '2') : null,
      birthDate: orNull(r[6]),
      regionCode: orNull(r[7]),
      townshipCode: orNull(r[8]),
      villageCode: orNull(r[9]),
      hukouStatus: orNull(r[10]),
      groupCode: orNull(r[11]),
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
  const rows = await readAggregated(
    db,
    [sql`county_code`, sql`child_id`, sql`group_code`],
    sql`from group_membership where ended_at is null`,
  );
  return new Set(rows.map((r) => `${r[0]}:${r[1]}:${r[2]}`));
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
  const allowed = await sql<{ ok: boolean }>`
    select has_parameter_privilege('session_replication_role', 'SET')
      and not exists (select 1 from pg_trigger where not tgisinternal
        and tgrelid in ('list_link'::regclass, 'list_link_set'::regclass, 'finding'::regclass)) as ok`.execute(
    db,
  );
  if (!allowed.rows[0]?.ok) return false;
  await sql`set local session_replication_role = replica`.execute(db);
  return true;
}

export async function restoreRowTriggers(db: Db): Promise<void> {
  await sql`set local session_replication_role = origin`.execute(db);
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

/** Index (from 1) of each value in its dictionary; null when there is one value only. */
function dictionary(values: readonly string[]): { words: string[]; of: string | null } {
  const index = new Map<string, number>();
  const of = values.map((value) => {
    let i = index.get(value);
    if (i === undefined) {
      i = index.size + 1;
      index.set(value, i);
    }
    return i;
  });
  const words = [...index.keys()];
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
    const counties = dictionary(part.map((l) => l.childCountyCode));
    const reasons = dictionary(part.map((l) => l.reasons.join(',')));
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
