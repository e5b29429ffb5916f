import { type Expression, type ExpressionBuilder, type Kysely, type SqlBool, sql } from 'kysely';
import type { Grant } from '../../auth/actor.ts';
import type { DB } from '../../db/types.ts';

type Db = Kysely<DB>;
type FindingEb = ExpressionBuilder<DB & { f: DB['finding'] }, 'f'>;

/** SQL twin of grantCovers for findings: the county, the township where the person lives, or the school. */
function findingScope(eb: FindingEb, grants: readonly Grant[]): Expression<SqlBool> {
  const parts = grants.map((grant) => findingGrantPredicate(eb, grant));
  return parts.length === 0 ? sql<boolean>`false` : eb.or(parts);
}

function findingGrantPredicate(eb: FindingEb, grant: Grant): Expression<SqlBool> {
  switch (grant.level) {
    case 'national':
      return sql<boolean>`true`;
    case 'province':
    case 'city':
    case 'county':
      return eb('f.county_code', 'like', `${(grant.regionPrefix ?? '').slice(0, 6)}%`);
    case 'township':
      return eb('f.township_code', 'like', `${grant.regionPrefix}%`);
    case 'school':
    case 'class':
      return eb('f.school_id', '=', grant.schoolId ?? -1);
    case 'paired':
      return sql<boolean>`false`;
  }
}

export function latestRun(db: Db, countyCode: string) {
  return db
    .selectFrom('crosscheck_run')
    .select(['id', 'as_of'])
    .where('county_code', '=', countyCode)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export function findRun(db: Db, runId: number) {
  return db.selectFrom('crosscheck_run').selectAll().where('id', '=', runId).executeTakeFirst();
}

export function listRuns(db: Db, countyCode: string) {
  return db
    .selectFrom('crosscheck_run as r')
    .leftJoin('app_user as u', 'u.id', 'r.created_by')
    .select(['r.id', 'r.as_of', 'r.counts', 'r.elapsed_ms', 'r.created_at', 'u.display_name'])
    .where('r.county_code', '=', countyCode)
    .orderBy('r.id', 'desc')
    .limit(100)
    .execute();
}

export async function reviewItems(
  db: Db,
  countyCode: string,
  runId: number,
  page: { limit: number; offset: number },
) {
  const base = db
    .selectFrom('list_link as l')
    .where('l.county_code', '=', countyCode)
    .where('l.run_id', '=', runId)
    .where('l.decision', '=', 'review');
  const [{ total } = { total: 0 }] = await base
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .execute();
  const rows = await base
    .innerJoin('list_record as r', (j) =>
      j
        .onRef('r.county_code', '=', 'l.county_code')
        .onRef('r.import_id', '=', 'l.import_id')
        .onRef('r.list_row', '=', 'l.list_row'),
    )
    .innerJoin('list_import as i', (j) =>
      j.onRef('i.county_code', '=', 'l.county_code').onRef('i.id', '=', 'l.import_id'),
    )
    .innerJoin('child as c', (j) =>
      j.onRef('c.county_code', '=', 'l.child_county_code').onRef('c.id', '=', 'l.child_id'),
    )
    .leftJoin('school as s', 's.id', 'c.school_id')
    .select([
      'l.import_id',
      'l.list_row',
      'l.score',
      'l.reasons',
      'i.kind',
      'r.name',
      'r.sex',
      'r.birth_date',
      'r.id_number',
      'r.address',
      'r.township_code',
      'c.id as child_id',
      'c.county_code as child_county_code',
      'c.name as child_name',
      'c.sex as child_sex',
      'c.birth_date as child_birth_date',
      'c.id_number as child_id_number',
      'c.student_number',
      'c.grade',
      's.name as school_name',
    ])
    .orderBy('l.score', 'desc')
    .orderBy('l.import_id')
    .orderBy('l.list_row')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return { total: Number(total), rows };
}

export function findLink(
  db: Db,
  key: { countyCode: string; runId: number; importId: number; listRow: number },
) {
  return db
    .selectFrom('list_link as l')
    .innerJoin('list_record as r', (j) =>
      j
        .onRef('r.county_code', '=', 'l.county_code')
        .onRef('r.import_id', '=', 'l.import_id')
        .onRef('r.list_row', '=', 'l.list_row'),
    )
    .select([
      'l.child_county_code',
      'l.child_id',
      'l.decision',
      'l.reasons',
      'r.id_number',
      'r.name',
      'r.birth_date',
    ])
    .where('l.county_code', '=', key.countyCode)
    .where('l.run_id', '=', key.runId)
    .where('l.import_id', '=', key.importId)
    .where('l.list_row', '=', key.listRow)
    .executeTakeFirst();
}

export async function saveDecision(
  db: Db,
  row: {
    countyCode: string;
    fingerprint: string;
    childCountyCode: string;
    childId: number;
    decision: string;
  },
  userId: number | null,
  now: Date,
): Promise<void> {
  await db
    .insertInto('review_decision')
    .values({
      county_code: row.countyCode,
      list_fingerprint: row.fingerprint,
      child_county_code: row.childCountyCode,
      child_id: row.childId,
      decision: row.decision,
      decided_by: userId,
      decided_at: now,
    })
    .onConflict((oc) =>
      oc
        .columns(['county_code', 'list_fingerprint', 'child_county_code', 'child_id'])
        .doUpdateSet({ decision: row.decision, decided_by: userId, decided_at: now }),
    )
    .execute();
}

type LinkKey = { countyCode: string; runId: number; importId: number; listRow: number };

/**
 * Moves an engine-accepted link out of its list_link_set arrays into a list_link row (decision
 * still 'auto'), so a person's decision updates or deletes it like a reviewed one. False when the
 * run has no such auto link.
 */
export async function promoteAutoLink(db: Db, key: LinkKey): Promise<boolean> {
  const where = sql`s.county_code = ${key.countyCode} and s.run_id = ${key.runId} and s.import_id = ${key.importId}`;
  const moved = await sql`
    insert into list_link (county_code, run_id, import_id, list_row, child_county_code, child_id, score,
      decision, reasons)
    select s.county_code, s.run_id, s.import_id, s.list_rows[p.i], s.child_counties[coalesce(s.county_of[p.i], 1)],
      s.child_ids[p.i], s.scores[p.i], 'auto',
      string_to_array(s.reason_sets[coalesce(s.reason_of[p.i], 1)], ',')
    from list_link_set s cross join lateral array_position(s.list_rows, ${key.listRow}) as p(i)
    where ${where} and p.i is not null`.execute(db);
  if (!moved.numAffectedRows) return false;
  const cut = (column: string) => sql.raw(`${column} = ${column}[:p.i - 1] || ${column}[p.i + 1:]`);
  await sql`
    update list_link_set s set ${sql.join(
      ['list_rows', 'child_ids', 'county_of', 'scores', 'reason_of'].map(cut),
    )}
    from (select array_position(list_rows, ${key.listRow}) as i from list_link_set s where ${where}) as p
    where ${where}`.execute(db);
  return true;
}

export async function confirmLink(db: Db, key: LinkKey, reasons: string[]): Promise<void> {
  await db
    .updateTable('list_link')
    .set({ decision: 'confirmed', reasons })
    .where('county_code', '=', key.countyCode)
    .where('run_id', '=', key.runId)
    .where('import_id', '=', key.importId)
    .where('list_row', '=', key.listRow)
    .execute();
}

export async function deleteLink(db: Db, key: LinkKey): Promise<void> {
  await db
    .deleteFrom('list_link')
    .where('county_code', '=', key.countyCode)
    .where('run_id', '=', key.runId)
    .where('import_id', '=', key.importId)
    .where('list_row', '=', key.listRow)
    .execute();
}

/** The latest outcome of each subject, as a lateral join for finding rows. */
const latestOutcome = (eb: FindingEb) =>
  eb
    .selectFrom('finding_verification as v')
    .select('v.outcome')
    .whereRef('v.county_code', '=', 'f.county_code')
    .whereRef('v.subject_key', '=', 'f.subject_key')
    .orderBy('v.id', 'desc')
    .limit(1);

export async function listFindings(
  db: Db,
  filter: { countyCode: string; runId: number; code?: string; township?: string; grants: readonly Grant[] },
  page: { limit: number; offset: number },
) {
  let base = db
    .selectFrom('finding as f')
    .where('f.county_code', '=', filter.countyCode)
    .where('f.run_id', '=', filter.runId)
    .where((eb) => findingScope(eb, filter.grants));
  if (filter.code) base = base.where('f.code', '=', filter.code);
  if (filter.township) base = base.where('f.township_code', '=', filter.township);
  const [{ total } = { total: 0 }] = await base
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .execute();
  const rows = await base
    .leftJoin('list_record as r', (j) =>
      j
        .onRef('r.county_code', '=', 'f.county_code')
        .onRef('r.import_id', '=', 'f.import_id')
        .onRef('r.list_row', '=', 'f.list_row'),
    )
    .leftJoin('child as c', (j) =>
      j.onRef('c.county_code', '=', 'f.child_county_code').onRef('c.id', '=', 'f.child_id'),
    )
    .leftJoin('school as s', 's.id', 'f.school_id')
    .leftJoin('region as t', 't.code', 'f.township_code')
    .select((eb) => [
      'f.id',
      'f.code',
      'f.kind',
      'f.list_row',
      'f.child_id',
      'f.school_id',
      'f.township_code',
      'f.village_code',
      'f.subject_key',
      'f.detail',
      's.name as school_name',
      't.name as township_name',
      eb.fn.coalesce('c.name', 'r.name').as('name'),
      eb.fn
        .coalesce(sql<string>`case c.sex when 'male' then '1' when 'female' then '2' end`, 'r.sex')
        .as('sex'),
      eb.fn.coalesce('c.birth_date', 'r.birth_date').as('birth_date'),
      eb.fn.coalesce('c.id_number', 'r.id_number').as('id_number'),
      latestOutcome(eb).as('outcome'),
    ])
    .orderBy('f.code')
    .orderBy('f.township_code')
    .orderBy('f.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return { total: Number(total), rows };
}

export function findingSummary(
  db: Db,
  filter: { countyCode: string; runId: number; grants: readonly Grant[] },
) {
  return db
    .selectFrom('finding as f')
    .leftJoin('region as t', 't.code', 'f.township_code')
    .where('f.county_code', '=', filter.countyCode)
    .where('f.run_id', '=', filter.runId)
    .where((eb) => findingScope(eb, filter.grants))
    .select((eb) => ['f.code', 'f.township_code', 't.name as township_name', latestOutcome(eb).as('outcome')])
    .execute();
}

type HouseholdRow = {
  county_code: string;
  run_id: number;
  as_of: string;
  kind: string;
  issuing_unit: string;
  import_id: number;
  list_row: number;
  score: number;
  decision: string;
  name: string | null;
  sex: string | null;
  birth_date: string | null;
  id_number: string | null;
  address: string | null;
  hukou_status: string | null;
  group_code: string | null;
};

/**
 * The list records linked to a child by each county's latest run: the reviewed links from
 * list_link, the engine's own from the positions of the child in list_link_set's arrays.
 */
export async function householdOf(db: Db, childCountyCode: string, childId: number) {
  const result = await sql<HouseholdRow>`
    with latest as (select county_code, max(id) as id from crosscheck_run group by county_code),
    links as (
      select l.county_code, l.run_id, l.import_id, l.list_row, l.score, l.decision
      from list_link l join latest on latest.county_code = l.county_code and latest.id = l.run_id
      where l.child_county_code = ${childCountyCode} and l.child_id = ${childId}
      union all
      select s.county_code, s.run_id, s.import_id, s.list_rows[p.i], s.scores[p.i], 'auto'
      from list_link_set s join latest on latest.county_code = s.county_code and latest.id = s.run_id
      cross join lateral unnest(array_positions(s.child_ids, ${childId}::bigint)) as p(i)
      where s.child_counties[coalesce(s.county_of[p.i], 1)] = ${childCountyCode}
    )
    select l.county_code, l.run_id, run.as_of, i.kind, i.issuing_unit, l.import_id, l.list_row, l.score,
      l.decision, r.name, r.sex, r.birth_date, r.id_number, r.address, r.hukou_status, r.group_code
    from links l
    join crosscheck_run run on run.county_code = l.county_code and run.id = l.run_id
    join list_record r on r.county_code = l.county_code and r.import_id = l.import_id and r.list_row = l.list_row
    join list_import i on i.county_code = l.county_code and i.id = l.import_id
    order by i.kind`.execute(db);
  return result.rows;
}
