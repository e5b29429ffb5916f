// The escalation run (DOMAIN 2.3): from the attendance record and the county policy, open each
// ladder step a run of unexcused absence has reached, close the tasks of children who are back, and
// enter children still absent after the last step in the suspected-dropout register. One run is one
// transaction and idempotent: the unique keys of tasks and register entries make a re-run a no-op.

import { type AbsenceRun, type DayMark, planLadder, walkRun } from '../../../domain/absenceRun.ts';
import { addDays } from '../../../domain/dates.ts';
import type { Role } from '../../../domain/index.ts';
import type { Deps } from '../../deps.ts';
import { type CountyCalendar, loadCountyCalendar } from '../calendar/index.ts';
import { type PolicyTimeline, policyTimeline } from '../policy/index.ts';
import * as q from './engineQueries.ts';

type Db = Deps['db'];

/** How far back a run is followed: longer than any term, so a catch-up run finds where it began. */
const LOOKBACK_DAYS = 200;

/** A role nobody holds passes the task one level up this chain (DOMAIN 2.3: overdue goes up too). */
const ROLE_CHAIN: readonly Role[] = [
  'homeroom_teacher',
  'deputy_head',
  'principal',
  'township_official',
  'bureau_admin',
];
const LEVEL_OF_ROLE: Partial<Record<Role, number>> = {
  homeroom_teacher: 0,
  deputy_head: 1,
  principal: 1,
  township_official: 2,
  bureau_admin: 3,
};
const SUPERVISOR_LEVELS = ['school', 'township', 'county', 'county'] as const;

export interface RunResult {
  day: string;
  schoolDay: boolean;
  tasksCreated: number;
  /** Tasks created, by the class of their child. */
  tasksCreatedByClass: ReadonlyMap<number, number>;
  tasksClosed: number;
  dropoutsEntered: number;
}

export interface RunOptions {
  countyCode: string;
  day: string;
  /** Limit the run to these classes (a roll call's own run); all classes of the county otherwise. */
  classIds?: readonly number[];
  /** Loaded once by callers that run many days or classes. */
  calendar?: CountyCalendar;
  timeline?: PolicyTimeline;
  /**
   * Roll calls' own run: the classes and the children they marked absent for the whole day, which
   * the caller already holds, so only the classes' open tasks are looked up.
   */
  rollCalls?: ReadonlyArray<{
    classId: number;
    schoolId: number;
    townshipCode: string;
    absentChildIds: readonly number[];
  }>;
}

export async function runEscalation(db: Db, now: Date, options: RunOptions): Promise<RunResult> {
  const { countyCode, day } = options;
  const calendar = options.calendar ?? (await loadCountyCalendar(db, countyCode));
  const result: RunResult = {
    day,
    schoolDay: false,
    tasksCreated: 0,
    tasksCreatedByClass: new Map(),
    tasksClosed: 0,
    dropoutsEntered: 0,
  };
  const all = options.rollCalls
    ? await rollCallCandidates(db, countyCode, options.rollCalls)
    : await q.candidates(db, countyCode, day, options.classIds ?? null);
  const children = all.filter((child) => calendar.forSchool(child.school_id).isSchoolDay(day));
  result.schoolDay = calendar.forSchool(null).isSchoolDay(day) || children.length > 0;
  if (children.length === 0) return result;
  const timeline = options.timeline ?? (await policyTimeline(db, countyCode));

  const childIds = children.map((c) => c.child_id);
  const from = addDays(day, -LOOKBACK_DAYS);
  const [absences, leaves, tasks, dropouts] = await Promise.all([
    q.absencesOf(db, countyCode, childIds, from, day),
    q.approvedLeavesOf(db, countyCode, childIds, from, day),
    q.tasksOfChildren(db, countyCode, childIds, from),
    q.dropoutsOfChildren(db, countyCode, childIds),
  ]);
  const marks = new Map<number, Map<string, DayMark>>();
  for (const absence of absences) {
    const covered = leaves.some(
      (l) => l.child_id === absence.child_id && l.starts_on <= absence.day && absence.day <= l.ends_on,
    );
    const whole = absence.portion === 'whole' && (absence.kind === 'absent' || absence.kind === 'leave');
    const mark: DayMark = !whole ? 'present' : covered ? 'excused' : 'unexcused';
    const byDay = marks.get(absence.child_id) ?? new Map<string, DayMark>();
    byDay.set(absence.day, mark);
    marks.set(absence.child_id, byDay);
  }

  const runs = await walkAll(db, countyCode, children, calendar, day, from, marks);

  // Tasks to open and to close.
  const newTasks: q.NewTaskRow[] = [];
  const newDropouts: Parameters<typeof q.insertDropouts>[1][number][] = [];
  const toClose: { id: number; reason: string }[] = [];
  const returned: number[] = [];
  const presentToday = (childId: number) => runs.get(childId)?.presentOnDay ?? false;
  for (const child of children) {
    const walk = runs.get(child.child_id);
    const run = walk?.run ?? null;
    const start = run?.unexcusedDays[0] ?? null;
    for (const task of tasks) {
      if (task.child_id !== child.child_id || task.status !== 'open' || task.run_started_on === start)
        continue;
      toClose.push({ id: task.id, reason: presentToday(child.child_id) ? 'returned' : 'excused' });
    }
    if (!run || !start) {
      if (presentToday(child.child_id)) returned.push(child.child_id);
      continue;
    }
    const existing = new Set(
      tasks.filter((t) => t.child_id === child.child_id && t.run_started_on === start).map((t) => t.step_day),
    );
    const registered = dropouts.some((d) => d.child_id === child.child_id && d.run_started_on === start);
    const plan = planLadder(run, (d) => timeline.on(d), existing, registered);
    for (const planned of plan.steps) {
      newTasks.push({
        county_code: countyCode,
        child_id: child.child_id,
        school_id: child.school_id,
        class_id: child.class_id,
        township_code: child.township_code,
        run_started_on: start,
        step_number: planned.stepNumber,
        step_day: planned.step.day,
        action: planned.step.action,
        roles: planned.step.roles,
        trigger_day: planned.triggerDay,
        due_at: planned.dueAt,
        policy_version: planned.policyVersion,
        supervisor_level: 'school',
        unstaffed_roles: [],
      });
    }
    if (plan.suspectedDropout) {
      newDropouts.push({
        county_code: countyCode,
        child_id: child.child_id,
        run_started_on: start,
        entered_on: plan.suspectedDropout.day,
        school_id: child.school_id,
        policy_version: plan.suspectedDropout.policyVersion,
      });
    }
  }

  for (const reason of ['returned', 'excused']) {
    const ids = toClose.filter((t) => t.reason === reason).map((t) => t.id);
    result.tasksClosed += (await q.closeTasks(db, countyCode, ids, reason, now)).length;
  }
  const registered = new Set(dropouts.filter((d) => d.resolved_on === null).map((d) => d.child_id));
  await q.resolveDropouts(
    db,
    countyCode,
    returned.filter((id) => registered.has(id)),
    day,
  );
  if (newTasks.length > 0) {
    const created = await openTasks(db, countyCode, newTasks, timeline, now);
    result.tasksCreated = created.length;
    const byClass = new Map<number, number>();
    for (const task of created)
      if (task.class_id !== null) byClass.set(task.class_id, (byClass.get(task.class_id) ?? 0) + 1);
    result.tasksCreatedByClass = byClass;
  }
  result.dropoutsEntered = (await q.insertDropouts(db, newDropouts)).length;
  return result;
}

async function rollCallCandidates(
  db: Db,
  countyCode: string,
  rollCalls: NonNullable<RunOptions['rollCalls']>,
): Promise<q.CandidateRow[]> {
  const classes = new Map(rollCalls.map((r) => [r.classId, r]));
  const candidate = (childId: number, rollCall: NonNullable<RunOptions['rollCalls']>[number]) => ({
    child_id: childId,
    class_id: rollCall.classId,
    school_id: rollCall.schoolId,
    township_code: rollCall.townshipCode,
  });
  const byChild = new Map<number, q.CandidateRow>();
  for (const rollCall of rollCalls)
    for (const childId of rollCall.absentChildIds) byChild.set(childId, candidate(childId, rollCall));
  for (const open of await q.childrenWithOpenTasks(db, countyCode, [...classes.keys()])) {
    const rollCall = classes.get(open.class_id as number);
    if (rollCall && !byChild.has(open.child_id))
      byChild.set(open.child_id, candidate(open.child_id, rollCall));
  }
  return [...byChild.values()];
}

interface Walked {
  run: AbsenceRun | null;
  /** Present (submitted, no whole-day absence) on the run's day: the child is back. */
  presentOnDay: boolean;
}

/** Walks every child's run; days without an absence row are resolved in batches of roll-call lookups. */
async function walkAll(
  db: Db,
  countyCode: string,
  children: readonly q.CandidateRow[],
  calendar: CountyCalendar,
  day: string,
  from: string,
  marks: ReadonlyMap<number, ReadonlyMap<string, DayMark>>,
): Promise<Map<number, Walked>> {
  const submitted = new Map<string, boolean>();
  const daysBySchool = new Map<number, string[]>();
  const pending = new Map<number, q.CandidateRow>(children.map((c) => [c.child_id, c]));
  const walked = new Map<number, Walked>();
  while (pending.size > 0) {
    const needed: Array<[number, string]> = [];
    for (const child of pending.values()) {
      let days = daysBySchool.get(child.school_id);
      if (!days) {
        days = calendar.schoolDaysBack(child.school_id, day, from);
        daysBySchool.set(child.school_id, days);
      }
      const childMarks = marks.get(child.child_id);
      const markOf = (d: string): DayMark | null => {
        const mark = childMarks?.get(d);
        if (mark) return mark;
        if (child.class_id === null) return 'unsubmitted';
        const known = submitted.get(`${child.class_id}|${d}`);
        if (known === undefined) return null;
        return known ? 'present' : 'unsubmitted';
      };
      const walk = walkRun(days, markOf);
      if (walk.status === 'needs') {
        needed.push([child.class_id as number, walk.day]);
        continue;
      }
      walked.set(child.child_id, { run: walk.run, presentOnDay: markOf(day) === 'present' });
      pending.delete(child.child_id);
    }
    if (needed.length === 0) break;
    const found = await q.submittedPairs(db, countyCode, needed);
    for (const [classId, d] of needed) submitted.set(`${classId}|${d}`, found.has(`${classId}|${d}`));
  }
  return walked;
}

/** Resolves each step's roles to people, passing an unstaffed role one level up, and inserts. */
async function openTasks(
  db: Db,
  countyCode: string,
  rows: q.NewTaskRow[],
  timeline: PolicyTimeline,
  now: Date,
): Promise<q.NewTaskRow[]> {
  const classIds = [...new Set(rows.map((r) => r.class_id).filter((id): id is number => id !== null))];
  const schoolIds = [...new Set(rows.map((r) => r.school_id))];
  const townships = [...new Set(rows.map((r) => r.township_code))];
  const held = await q.assignments(db, countyCode, classIds, schoolIds, townships, now);
  const holders = (role: Role, row: q.NewTaskRow): number[] => {
    switch (role) {
      case 'homeroom_teacher':
        return row.class_id === null ? [] : (held.homeroom.get(row.class_id) ?? []);
      case 'deputy_head':
      case 'principal':
        return held.school.get(`${role}|${row.school_id}`) ?? [];
      case 'township_official':
        return held.township.get(row.township_code) ?? [];
      case 'bureau_admin':
        return held.county;
      default:
        return [];
    }
  };
  const resolve = (role: Role, row: q.NewTaskRow): { users: number[]; via: Role } => {
    const start = Math.max(0, ROLE_CHAIN.indexOf(role));
    for (const via of ROLE_CHAIN.slice(start)) {
      const users = holders(via, row);
      if (users.length > 0) return { users, via };
    }
    return { users: holders(role, row), via: role };
  };

  const owners = new Map<
    q.NewTaskRow,
    Array<{ user_id: number; role: string; via_role: string; kind: string }>
  >();
  for (const row of rows) {
    const step = timeline.versions
      .find((v) => v.version === row.policy_version)
      ?.policy.escalation.find((s) => s.day === row.step_day);
    const list: Array<{ user_id: number; role: string; via_role: string; kind: string }> = [];
    let top = 0;
    for (const role of row.roles as Role[]) {
      const { users, via } = resolve(role, row);
      if (via !== role || users.length === 0) row.unstaffed_roles.push(role);
      top = Math.max(top, LEVEL_OF_ROLE[via] ?? 3);
      for (const user of users) list.push({ user_id: user, role, via_role: via, kind: 'owner' });
    }
    for (const role of (step?.notify ?? []) as Role[]) {
      for (const user of holders(role, row))
        list.push({ user_id: user, role, via_role: role, kind: 'notify' });
    }
    row.supervisor_level = SUPERVISOR_LEVELS[top] ?? 'county';
    owners.set(row, list);
  }
  const inserted = await q.insertTasks(db, rows);
  const byKey = new Map(rows.map((r) => [`${r.child_id}|${r.run_started_on}|${r.step_day}`, r]));
  const ownerRows = inserted.flatMap((task) => {
    const row = byKey.get(`${task.child_id}|${task.run_started_on}|${task.step_day}`);
    return (row ? (owners.get(row) ?? []) : []).map((o) => ({
      county_code: countyCode,
      task_id: task.id,
      ...o,
    }));
  });
  await q.insertOwners(db, ownerRows);
  return inserted.flatMap(
    (task) => byKey.get(`${task.child_id}|${task.run_started_on}|${task.step_day}`) ?? [],
  );
}
