// SQL of the escalation run: the candidates, their attendance record, assignments, and the writes.
import { type Kysely, type Selectable, sql } from 'kysely';
import type { DB, EscalationTaskTable } from '../../db/types.ts';

type Db = Kysely<DB>;

export interface CandidateRow {
  child_id: number;
  class_id: number | null;
  school_id: number;
  township_code: string;
}

/** Children with a whole-day absence on the day, and children with open tasks (to close or go on). */
export async function candidates(
  db: Db,
  countyCode: string,
  day: string,
  classIds: readonly number[] | null,
): Promise<CandidateRow[]> {
  let absent = db
    .selectFrom('absence as a')
    .innerJoin('roll_call as r', (j) =>
      j.onRef('r.county_code', '=', 'a.county_code').onRef('r.id', '=', 'a.roll_call_id'),
    )
    .select('a.child_id')
    .where('a.county_code', '=', countyCode)
    .where('a.day', '=', day)
    .where('a.portion', '=', 'whole')
    .where('a.kind', 'in', ['absent', 'leave']);
  let open = db
    .selectFrom('escalation_task as t')
    .select('t.child_id')
    .where('t.county_code', '=', countyCode)
    .where('t.status', '=', 'open');
  if (classIds) {
    absent = absent.where('r.class_id', 'in', classIds);
    open = open.where('t.class_id', 'in', classIds);
  }
  const ids = await absent.union(open).execute();
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('child as c')
    .innerJoin('school as s', 's.id', 'c.school_id')
    .select(['c.id as child_id', 'c.class_id', 's.id as school_id', 's.township_code'])
    .where('c.county_code', '=', countyCode)
    .where(
      'c.id',
      'in',
      ids.map((row) => row.child_id),
    )
    .where('c.ended_at', 'is', null)
    .execute();
  return rows;
}

export function childrenWithOpenTasks(db: Db, countyCode: string, classIds: readonly number[]) {
  if (classIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('escalation_task')
    .select(['child_id', 'class_id'])
    .distinct()
    .where('county_code', '=', countyCode)
    .where('class_id', 'in', classIds)
    .where('status', '=', 'open')
    .execute();
}

export function absencesOf(
  db: Db,
  countyCode: string,
  childIds: readonly number[],
  from: string,
  to: string,
) {
  return db
    .selectFrom('absence')
    .select(['child_id', 'day', 'kind', 'portion'])
    .where('county_code', '=', countyCode)
    .where('child_id', 'in', childIds)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .execute();
}

export function approvedLeavesOf(
  db: Db,
  countyCode: string,
  childIds: readonly number[],
  from: string,
  to: string,
) {
  return db
    .selectFrom('leave_request')
    .select(['child_id', 'starts_on', 'ends_on'])
    .where('county_code', '=', countyCode)
    .where('child_id', 'in', childIds)
    .where('status', '=', 'approved')
    .where('ends_on', '>=', from)
    .where('starts_on', '<=', to)
    .execute();
}

/** Which of the (class, day) pairs have a roll call. */
export async function submittedPairs(db: Db, countyCode: string, pairs: ReadonlyArray<[number, string]>) {
  if (pairs.length === 0) return new Set<string>();
  const rows = await sql<{ class_id: number; day: string }>`
    select r.class_id, r.day from roll_call r
    join unnest(${sql.val(pairs.map((p) => p[0]))}::int[], ${sql.val(pairs.map((p) => p[1]))}::date[]) as q(class_id, day)
      on r.class_id = q.class_id and r.day = q.day
    where r.county_code = ${countyCode}`.execute(db);
  return new Set(rows.rows.map((r) => `${r.class_id}|${r.day}`));
}

/** The children's open tasks and those of runs that started in the look-back window (`since`). */
export function tasksOfChildren(db: Db, countyCode: string, childIds: readonly number[], since: string) {
  return db
    .selectFrom('escalation_task')
    .select(['id', 'child_id', 'run_started_on', 'step_day', 'status'])
    .where('county_code', '=', countyCode)
    .where('child_id', 'in', childIds)
    .where((eb) => eb.or([eb('status', '=', 'open'), eb('run_started_on', '>=', since)]))
    .execute();
}

export function dropoutsOfChildren(db: Db, countyCode: string, childIds: readonly number[]) {
  return db
    .selectFrom('suspected_dropout')
    .select(['child_id', 'run_started_on', 'resolved_on'])
    .where('county_code', '=', countyCode)
    .where('child_id', 'in', childIds)
    .execute();
}

export interface Assignments {
  homeroom: Map<number, number[]>;
  school: Map<string, number[]>;
  township: Map<string, number[]>;
  county: number[];
}

/** Who holds each role over the classes, schools and townships of the run, at `now`. */
export async function assignments(
  db: Db,
  countyCode: string,
  classIds: readonly number[],
  schoolIds: readonly number[],
  townships: readonly string[],
  now: Date,
): Promise<Assignments> {
  const rows = await db
    .selectFrom('user_role as r')
    .innerJoin('app_user as u', 'u.id', 'r.user_id')
    .select(['r.user_id', 'r.role', 'r.class_id', 'r.school_id', 'r.region_code'])
    .where('u.disabled_at', 'is', null)
    .where((eb) => eb.or([eb('r.ended_at', 'is', null), eb('r.ended_at', '>', now.toISOString())]))
    .where((eb) =>
      eb.or([
        classIds.length
          ? eb.and([eb('r.role', '=', 'homeroom_teacher'), eb('r.class_id', 'in', classIds)])
          : eb.lit(false),
        schoolIds.length
          ? eb.and([eb('r.role', 'in', ['principal', 'deputy_head']), eb('r.school_id', 'in', schoolIds)])
          : eb.lit(false),
        townships.length
          ? eb.and([eb('r.role', '=', 'township_official'), eb('r.region_code', 'in', townships)])
          : eb.lit(false),
        eb.and([eb('r.role', '=', 'bureau_admin'), eb('r.region_code', '=', `${countyCode}000000`)]),
      ]),
    )
    .orderBy('r.user_id')
    .execute();
  const result: Assignments = { homeroom: new Map(), school: new Map(), township: new Map(), county: [] };
  const push = <K>(map: Map<K, number[]>, key: K, userId: number) => {
    const list = map.get(key) ?? [];
    if (!list.includes(userId)) list.push(userId);
    map.set(key, list);
  };
  for (const row of rows) {
    if (row.role === 'homeroom_teacher' && row.class_id !== null)
      push(result.homeroom, row.class_id, row.user_id);
    else if (row.role === 'principal' || row.role === 'deputy_head') {
      if (row.school_id !== null) push(result.school, `${row.role}|${row.school_id}`, row.user_id);
    } else if (row.role === 'township_official' && row.region_code)
      push(result.township, row.region_code, row.user_id);
    else if (row.role === 'bureau_admin' && !result.county.includes(row.user_id))
      result.county.push(row.user_id);
  }
  return result;
}

/** A task as the run builds it, before the database gives it an id and a status. */
export type NewTaskRow = Omit<
  Selectable<EscalationTaskTable>,
  'id' | 'status' | 'outcome' | 'outcome_by' | 'outcome_at' | 'closed_at' | 'closed_reason' | 'created_at'
>;

/** Inserts the tasks that do not exist yet; returns only those inserted (the run is idempotent). */
export function insertTasks(db: Db, rows: readonly NewTaskRow[]) {
  if (rows.length === 0) return Promise.resolve([]);
  return db
    .insertInto('escalation_task')
    .values(rows.map((row) => ({ ...row })))
    .onConflict((oc) => oc.columns(['county_code', 'child_id', 'run_started_on', 'step_day']).doNothing())
    .returning(['id', 'child_id', 'run_started_on', 'step_day'])
    .execute();
}

export function insertOwners(
  db: Db,
  rows: ReadonlyArray<{
    county_code: string;
    task_id: number;
    user_id: number;
    role: string;
    via_role: string;
    kind: string;
  }>,
) {
  if (rows.length === 0) return Promise.resolve();
  return db
    .insertInto('escalation_task_owner')
    .values([...rows])
    .onConflict((oc) => oc.doNothing())
    .execute()
    .then(() => undefined);
}

export function insertDropouts(
  db: Db,
  rows: ReadonlyArray<{
    county_code: string;
    child_id: number;
    run_started_on: string;
    entered_on: string;
    school_id: number;
    policy_version: number;
  }>,
) {
  if (rows.length === 0) return Promise.resolve([]);
  return db
    .insertInto('suspected_dropout')
    .values([...rows])
    .onConflict((oc) => oc.doNothing())
    .returning('child_id')
    .execute();
}

export function closeTasks(
  db: Db,
  countyCode: string,
  taskIds: readonly number[],
  reason: string,
  now: Date,
) {
  if (taskIds.length === 0) return Promise.resolve([]);
  return db
    .updateTable('escalation_task')
    .set({ status: 'closed', closed_at: now, closed_reason: reason })
    .where('county_code', '=', countyCode)
    .where('id', 'in', taskIds)
    .where('status', '=', 'open')
    .returning('id')
    .execute();
}

export function resolveDropouts(db: Db, countyCode: string, childIds: readonly number[], day: string) {
  if (childIds.length === 0) return Promise.resolve();
  return db
    .updateTable('suspected_dropout')
    .set({ resolved_on: day, resolution: 'returned' })
    .where('county_code', '=', countyCode)
    .where('child_id', 'in', childIds)
    .where('resolved_on', 'is', null)
    .execute()
    .then(() => undefined);
}

export function logRun(
  db: Db,
  row: {
    county_code: string;
    day: string;
    trigger: string;
    tasks_created: number;
    tasks_closed: number;
    dropouts_entered: number;
    elapsed_ms: number;
  },
) {
  return db.insertInto('escalation_run').values(row).execute();
}

export async function countyCodes(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('county').select('county_code').orderBy('county_code').execute();
  return rows.map((r) => r.county_code);
}

/** Counties whose daily run for the day has not happened yet. */
export async function countiesWithoutDailyRun(db: Db, day: string): Promise<string[]> {
  const rows = await db
    .selectFrom('county as c')
    .select('c.county_code')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('escalation_run as r')
            .select('r.id')
            .whereRef('r.county_code', '=', 'c.county_code')
            .where('r.day', '=', day)
            .where('r.trigger', '=', 'daily'),
        ),
      ),
    )
    .orderBy('c.county_code')
    .execute();
  return rows.map((r) => r.county_code);
}
