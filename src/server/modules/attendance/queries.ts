import { type Insertable, type Kysely, sql } from 'kysely';
import type { Grant } from '../../auth/actor.ts';
import type { RecordLocation } from '../../auth/scope.ts';
import { childScopeFilter, schoolScopeFilter } from '../../auth/scopeFilter.ts';
import type { DB } from '../../db/types.ts';
import type { MarkInput } from './schema.ts';

type Db = Kysely<DB>;

export function classChildren(db: Db, classId: number) {
  return db
    .selectFrom('child')
    .select(['id', 'county_code', 'name', 'sex', 'grade', 'student_number'])
    .where('class_id', '=', classId)
    .where('ended_at', 'is', null)
    .orderBy('name_pinyin')
    .orderBy('id')
    .execute();
}

/** The children of several classes (a batch of roll calls), each with its class. */
export function childrenOfClasses(db: Db, classIds: readonly number[]) {
  return db
    .selectFrom('child')
    .select(['id', 'county_code', 'class_id', 'name', 'sex', 'grade', 'student_number'])
    .where('class_id', 'in', classIds)
    .where('ended_at', 'is', null)
    .orderBy('name_pinyin')
    .orderBy('id')
    .execute();
}

/** Leave of any status covering the day, for the children of the classes. */
export function leavesOfClassesOn(db: Db, countyCode: string, classIds: readonly number[], day: string) {
  return db
    .selectFrom('leave_request as l')
    .innerJoin('child as c', (j) =>
      j.onRef('c.county_code', '=', 'l.county_code').onRef('c.id', '=', 'l.child_id'),
    )
    .select(['l.id', 'l.child_id', 'l.kind', 'l.starts_on', 'l.ends_on', 'l.status'])
    .where('l.county_code', '=', countyCode)
    .where('c.class_id', 'in', classIds)
    .where('c.ended_at', 'is', null)
    .where('l.starts_on', '<=', day)
    .where('l.ends_on', '>=', day)
    .execute();
}

export function findRollCall(db: Db, countyCode: string, classId: number, day: string) {
  return db
    .selectFrom('roll_call as r')
    .leftJoin('app_user as s', 's.id', 'r.submitted_by')
    .leftJoin('app_user as u', 'u.id', 'r.updated_by')
    .select([
      'r.id',
      'r.revision',
      'r.submitted_at',
      'r.updated_at',
      's.display_name as submitted_by_name',
      'u.display_name as updated_by_name',
    ])
    .where('r.county_code', '=', countyCode)
    .where('r.class_id', '=', classId)
    .where('r.day', '=', day)
    .executeTakeFirst();
}

export function absencesOfRollCall(db: Db, countyCode: string, rollCallId: number) {
  return db
    .selectFrom('absence')
    .select(['child_id', 'kind', 'portion', 'reason', 'symptoms', 'note'])
    .where('county_code', '=', countyCode)
    .where('roll_call_id', '=', rollCallId)
    .execute();
}

/**
 * Inserts the day's roll calls, each unless one exists: the ids by class, without the classes
 * where another submission got there first.
 */
export async function insertRollCalls(
  db: Db,
  rows: ReadonlyArray<{
    countyCode: string;
    classId: number;
    schoolId: number;
    day: string;
    userId: number | null;
    now: Date;
  }>,
): Promise<Map<number, number>> {
  if (rows.length === 0) return new Map();
  const inserted = await db
    .insertInto('roll_call')
    .values(
      rows.map((row) => ({
        county_code: row.countyCode,
        class_id: row.classId,
        school_id: row.schoolId,
        day: row.day,
        submitted_by: row.userId,
        submitted_at: row.now,
        updated_by: row.userId,
        updated_at: row.now,
      })),
    )
    .onConflict((oc) => oc.columns(['county_code', 'class_id', 'day']).doNothing())
    .returning(['id', 'class_id'])
    .execute();
  return new Map(inserted.map((row) => [row.class_id, row.id]));
}

/** Bumps the revision only if it is still the one the editor read (optimistic lock). */
export function bumpRollCall(
  db: Db,
  countyCode: string,
  id: number,
  revision: number,
  userId: number | null,
  now: Date,
) {
  return db
    .updateTable('roll_call')
    .set({ revision: revision + 1, updated_by: userId, updated_at: now })
    .where('county_code', '=', countyCode)
    .where('id', '=', id)
    .where('revision', '=', revision)
    .returning(['id', 'revision'])
    .executeTakeFirst();
}

export function absencesOfRollCalls(db: Db, countyCode: string, rollCallIds: readonly number[]) {
  if (rollCallIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('absence')
    .select(['roll_call_id', 'child_id', 'kind', 'portion'])
    .where('county_code', '=', countyCode)
    .where('roll_call_id', 'in', rollCallIds)
    .execute();
}

/** Stores the marks of roll calls by exception: an edited roll call's earlier marks go first. */
export async function replaceAbsencesOf(
  db: Db,
  countyCode: string,
  day: string,
  rollCalls: ReadonlyArray<{
    rollCallId: number;
    edited: boolean;
    marks: ReadonlyArray<MarkInput & { childId: number }>;
  }>,
) {
  const edited = rollCalls.filter((r) => r.edited).map((r) => r.rollCallId);
  if (edited.length > 0) {
    await db
      .deleteFrom('absence')
      .where('county_code', '=', countyCode)
      .where('roll_call_id', 'in', edited)
      .execute();
  }
  const rows = rollCalls.flatMap((r) =>
    r.marks.map((m) => ({
      county_code: countyCode,
      roll_call_id: r.rollCallId,
      child_id: m.childId,
      day,
      kind: m.kind,
      portion: m.portion,
      reason: m.reason,
      symptoms: m.symptoms,
      note: m.note,
    })),
  );
  if (rows.length > 0) await db.insertInto('absence').values(rows).execute();
}

const leaveColumns = [
  'l.id',
  'l.child_id',
  'l.kind',
  'l.starts_on',
  'l.ends_on',
  'l.school_days',
  'l.reason',
  'l.symptoms',
  'l.requested_by',
  'l.requested_via',
  'l.recorded_at',
  'l.recorded_late',
  'l.approver_role',
  'l.status',
  'l.decided_at',
  'l.decision_note',
  'l.policy_version',
  'l.county_code',
] as const;

function leaveQuery(db: Db) {
  return db
    .selectFrom('leave_request as l')
    .innerJoin('child as c', (j) =>
      j.onRef('c.county_code', '=', 'l.county_code').onRef('c.id', '=', 'l.child_id'),
    )
    .leftJoin('school_class as k', 'k.id', 'c.class_id')
    .leftJoin('app_user as rb', 'rb.id', 'l.recorded_by')
    .leftJoin('app_user as db', 'db.id', 'l.decided_by')
    .select([
      ...leaveColumns,
      'c.name as child_name',
      'k.grade',
      'k.class_number',
      'rb.display_name as recorded_by_name',
      'db.display_name as decided_by_name',
    ]);
}
export type LeaveRow = Awaited<ReturnType<ReturnType<typeof leaveQuery>['execute']>>[number];

export function leavesOfChildren(
  db: Db,
  countyCode: string,
  childIds: readonly number[],
  from: string,
  to: string,
) {
  if (childIds.length === 0) return Promise.resolve([] as LeaveRow[]);
  return leaveQuery(db)
    .where('l.county_code', '=', countyCode)
    .where('l.child_id', 'in', childIds)
    .where('l.ends_on', '>=', from)
    .where('l.starts_on', '<=', to)
    .orderBy('l.starts_on', 'desc')
    .execute();
}

export function findLeave(db: Db, id: number) {
  return leaveQuery(db).where('l.id', '=', id).executeTakeFirst();
}

export async function listLeaves(
  db: Db,
  grants: readonly Grant[],
  userId: number,
  status: string | undefined,
  limit: number,
  offset: number,
) {
  let base = leaveQuery(db).where((eb) => childScopeFilter(eb as never, grants, userId));
  if (status) base = base.where('l.status', '=', status);
  const [{ total } = { total: 0 }] = await base
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .execute();
  const rows = await base
    .orderBy('l.recorded_at', 'desc')
    .orderBy('l.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
  return { total: Number(total), rows };
}

export function overlappingLeave(db: Db, countyCode: string, childId: number, from: string, to: string) {
  return db
    .selectFrom('leave_request')
    .select(['id', 'starts_on', 'ends_on', 'status'])
    .where('county_code', '=', countyCode)
    .where('child_id', '=', childId)
    .where('status', 'in', ['pending', 'approved'])
    .where('ends_on', '>=', from)
    .where('starts_on', '<=', to)
    .executeTakeFirst();
}

export function insertLeave(db: Db, row: Insertable<DB['leave_request']>) {
  return db.insertInto('leave_request').values(row).returning('id').executeTakeFirstOrThrow();
}

/** Requests of distinct children in one statement: the new ids by child. */
export async function insertLeaves(
  db: Db,
  rows: ReadonlyArray<Insertable<DB['leave_request']>>,
): Promise<Map<number, number>> {
  if (rows.length === 0) return new Map();
  const inserted = await db
    .insertInto('leave_request')
    .values([...rows])
    .returning(['id', 'child_id'])
    .execute();
  return new Map(inserted.map((row) => [row.child_id, row.id]));
}

export function decideLeave(
  db: Db,
  countyCode: string,
  id: number,
  status: 'approved' | 'rejected',
  userId: number | null,
  note: string | null,
  now: Date,
) {
  return db
    .updateTable('leave_request')
    .set({ status, decided_by: userId, decided_at: now, decision_note: note })
    .where('county_code', '=', countyCode)
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .returning('id')
    .executeTakeFirst();
}

export async function locateLeave(db: Db, id: number | null): Promise<RecordLocation | null> {
  if (id === null) return null;
  const row = await db
    .selectFrom('leave_request as l')
    .innerJoin('child as c', (j) =>
      j.onRef('c.county_code', '=', 'l.county_code').onRef('c.id', '=', 'l.child_id'),
    )
    .leftJoin('school as s', 's.id', 'c.school_id')
    .select(['c.county_code', 'c.school_id', 'c.class_id', 's.township_code'])
    .where('l.id', '=', id)
    .executeTakeFirst();
  return row
    ? {
        countyCode: row.county_code,
        regionCode: row.township_code,
        schoolId: row.school_id,
        classId: row.class_id,
        helperUserIds: [],
      }
    : null;
}

export function absencesOfChildren(
  db: Db,
  countyCode: string,
  childIds: readonly number[],
  from: string,
  to: string,
) {
  if (childIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('absence')
    .select(['child_id', 'day', 'kind', 'portion', 'reason', 'symptoms', 'note'])
    .where('county_code', '=', countyCode)
    .where('child_id', 'in', childIds)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .orderBy('day', 'desc')
    .execute();
}

export function submittedDays(db: Db, countyCode: string, classId: number, from: string, to: string) {
  return db
    .selectFrom('roll_call')
    .select('day')
    .where('county_code', '=', countyCode)
    .where('class_id', '=', classId)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .execute();
}

/** Classes of the schools in scope for a school year, with whether each has a roll call on the day. */
export function rollCallStatus(db: Db, grants: readonly Grant[], schoolYear: number, day: string) {
  return db
    .selectFrom('school_class as k')
    .innerJoin('school as s', 's.id', 'k.school_id')
    .innerJoin('region as tw', 'tw.code', 's.township_code')
    .leftJoin('app_user as u', 'u.id', 'k.homeroom_teacher_id')
    .leftJoin('roll_call as r', (j) =>
      j.onRef('r.county_code', '=', 'k.county_code').onRef('r.class_id', '=', 'k.id').on('r.day', '=', day),
    )
    .where((eb) => schoolScopeFilter(eb as never, grants))
    .where('k.school_year', '=', schoolYear)
    .where('s.ended_on', 'is', null)
    .select([
      'k.id as class_id',
      'k.grade',
      'k.class_number',
      'k.county_code',
      's.id as school_id',
      's.name as school_name',
      'tw.name as township_name',
      'u.display_name as teacher_name',
      sql<boolean>`r.id is not null`.as('submitted'),
    ])
    .orderBy('s.township_code')
    .orderBy('s.code')
    .orderBy('k.grade')
    .orderBy('k.class_number')
    .execute();
}

export function findUserForSubstitute(db: Db, username: string) {
  return db
    .selectFrom('app_user')
    .select(['id', 'display_name', 'disabled_at'])
    .where('username', '=', username.toLowerCase())
    .executeTakeFirst();
}

export function insertSubstituteRole(db: Db, userId: number, classId: number, endsAt: Date) {
  return db
    .insertInto('user_role')
    .values({
      user_id: userId,
      role: 'homeroom_teacher',
      scope_level: 'class',
      class_id: classId,
      ended_at: endsAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** Approved leave covering the day: the light read the roll-call sheet needs. */
export function approvedLeavesOn(db: Db, countyCode: string, childIds: readonly number[], day: string) {
  if (childIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('leave_request')
    .select(['id', 'child_id', 'kind', 'starts_on', 'ends_on'])
    .where('county_code', '=', countyCode)
    .where('child_id', 'in', childIds)
    .where('status', '=', 'approved')
    .where('starts_on', '<=', day)
    .where('ends_on', '>=', day)
    .execute();
}
