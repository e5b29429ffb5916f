import type { Role } from '../../../domain/index.ts';
import { maskStudentNumber } from '../../../domain/index.ts';
import { writeAudit } from '../../audit/audit.ts';
import type { Actor, Grant } from '../../auth/actor.ts';
import type { Deps } from '../../deps.ts';
import { AppError, notFound } from '../../errors.ts';
import { className } from '../schools/index.ts';
import { runEscalation } from './engine.ts';
import { logRun } from './engineQueries.ts';
import * as q from './queries.ts';
import type { TaskOutcomeInput, TaskViewShape } from './schema.ts';

export type TaskStatus = 'open' | 'overdue' | 'done' | 'closed';

export function taskStatus(row: { status: string; due_at: string }, now: Date): TaskStatus {
  if (row.status !== 'open') return row.status as TaskStatus;
  return new Date(row.due_at) < now ? 'overdue' : 'open';
}

type TaskRow = Awaited<ReturnType<typeof q.listTasks>>['rows'][number];

async function taskViews(deps: Deps, rows: readonly TaskRow[], userId: number): Promise<TaskViewShape[]> {
  const owners = await q.ownersOf(
    deps.db,
    null,
    rows.map((r) => r.id),
  );
  const now = deps.now();
  return rows.map((row) => {
    const taskOwners = owners.filter((o) => o.task_id === row.id);
    return {
      id: row.id,
      childId: row.child_id,
      childName: row.child_name,
      studentNumber: maskStudentNumber(row.student_number),
      classId: row.class_id,
      className: row.grade && row.class_number ? className(row.grade, row.class_number) : null,
      schoolId: row.school_id,
      schoolName: row.school_name,
      townshipName: row.township_name,
      step: row.step_number,
      runDay: row.step_day,
      action: row.action as TaskViewShape['action'],
      roles: row.roles as Role[],
      runStartedOn: row.run_started_on,
      triggerDay: row.trigger_day,
      dueAt: row.due_at,
      status: taskStatus(row, now),
      policyVersion: row.policy_version,
      unstaffedRoles: row.unstaffed_roles as Role[],
      owners: taskOwners.map((o) => ({
        userId: o.user_id,
        name: o.display_name,
        role: o.role as Role,
        viaRole: o.via_role as Role,
        kind: o.kind as 'owner' | 'notify',
      })),
      mine: taskOwners.some((o) => o.user_id === userId && o.kind === 'owner'),
      outcome: (row.outcome as TaskViewShape['outcome']) ?? null,
      outcomeAt: row.outcome_at,
      outcomeByName: row.outcome_by_name,
      closedReason: row.closed_reason as TaskViewShape['closedReason'],
    };
  });
}

export async function listTasks(
  deps: Deps,
  actor: Actor,
  grants: readonly Grant[],
  query: {
    view: 'mine' | 'supervise' | 'all';
    status?: TaskStatus;
    childId?: number;
    page: number;
    pageSize: number;
  },
) {
  const { total, rows } = await q.listTasks(
    deps.db,
    { ...query, userId: actor.userId, grants, now: deps.now() },
    { limit: query.pageSize, offset: (query.page - 1) * query.pageSize },
  );
  return { total, items: await taskViews(deps, rows, actor.userId) };
}

/** An owner records what happened; the task is done (the run's next steps still open on their days). */
export async function recordOutcome(deps: Deps, actor: Actor, taskId: number, outcome: TaskOutcomeInput) {
  return deps.db.transaction().execute(async (trx) => {
    const task = await q.findTask(trx, taskId);
    if (!task) throw notFound('任务');
    const owners = await q.ownersOf(trx, task.county_code, [task.id]);
    if (!owners.some((o) => o.user_id === actor.userId && o.kind === 'owner')) {
      throw new AppError('forbidden', '只有该任务的责任人可以登记处置结果');
    }
    const now = deps.now();
    const saved = await q.recordOutcome(
      trx,
      { countyCode: task.county_code, id: task.id },
      outcome,
      actor.userId,
      now,
    );
    if (!saved) throw new AppError('conflict', '该任务已登记结果或已关闭');
    await writeAudit(trx, actor, {
      action: 'escalation_task.outcome',
      entity: 'escalation_task',
      entityId: task.id,
      countyCode: task.county_code,
      detail: { childId: task.child_id, step: task.step_day, outcome },
    });
    const { rows } = await q.listTasks(
      trx,
      { view: 'all', userId: actor.userId, grants: actor.grants, now, childId: task.child_id },
      { limit: 100, offset: 0 },
    );
    const row = rows.find((r) => r.id === task.id);
    if (!row) throw notFound('任务');
    const [view] = await taskViews({ ...deps, db: trx }, [row], actor.userId);
    return view as TaskViewShape;
  });
}

export async function overdueSummary(
  deps: Deps,
  actor: Actor,
  grants: readonly Grant[],
  by: 'school' | 'township',
) {
  const groups = await q.overdueGroups(deps.db, grants, actor.userId, deps.now(), by);
  const [{ n } = { n: 0 }] = await q
    .dropoutsInScope(deps.db, grants, actor.userId)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .execute();
  return {
    groupBy: by,
    groups: groups.map((g) => ({
      key: g.key,
      name: g.name,
      township: by === 'school' ? g.township : null,
      open: Number(g.open),
      overdue: Number(g.overdue),
      oldestDueAt: g.oldest_due_at ? new Date(g.oldest_due_at).toISOString() : null,
    })),
    suspectedDropouts: Number(n),
  };
}

export async function listDropouts(
  deps: Deps,
  actor: Actor,
  grants: readonly Grant[],
  page: number,
  pageSize: number,
) {
  const [{ n } = { n: 0 }] = await q
    .dropoutsInScope(deps.db, grants, actor.userId)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .execute();
  const rows = await q.listDropouts(deps.db, grants, actor.userId, pageSize, (page - 1) * pageSize);
  return {
    total: Number(n),
    items: rows.map((r) => ({
      childId: r.child_id,
      childName: r.child_name,
      schoolName: r.school_name,
      className: r.grade && r.class_number ? className(r.grade, r.class_number) : null,
      runStartedOn: r.run_started_on,
      enteredOn: r.entered_on,
      policyVersion: r.policy_version,
    })),
  };
}

/** The whole county's run for a day (daily job and `nol escalate`), logged in escalation_run. */
export async function runCountyDay(deps: Deps, countyCode: string, day: string, trigger: 'daily' | 'cli') {
  const started = performance.now();
  return deps.db.transaction().execute(async (trx) => {
    const result = await runEscalation(trx, deps.now(), { countyCode, day });
    const elapsedMs = Math.round(performance.now() - started);
    if (result.schoolDay) {
      await logRun(trx, {
        county_code: countyCode,
        day,
        trigger,
        tasks_created: result.tasksCreated,
        tasks_closed: result.tasksClosed,
        dropouts_entered: result.dropoutsEntered,
        elapsed_ms: elapsedMs,
      });
    }
    return { ...result, countyCode, elapsedMs };
  });
}

/** Every task whose triggering school day is in the period, as `nol tasks --json` prints them. */
export async function exportTasks(deps: Deps, actor: Actor, from: string, to: string) {
  const out: Array<{
    studentNumber: string | null;
    step: number;
    owners: string[];
    status: TaskStatus;
    due: string;
    policyVersion: number;
    triggerDay: string;
    childId: number;
  }> = [];
  const now = deps.now();
  for (let offset = 0; ; offset += 5000) {
    const { rows } = await q.listTasks(
      deps.db,
      { view: 'all', userId: actor.userId, grants: actor.grants, now, from, to },
      { limit: 5000, offset },
    );
    for (const row of rows) {
      out.push({
        studentNumber: row.student_number,
        step: row.step_number,
        owners: row.roles,
        status: taskStatus(row, now),
        due: new Date(row.due_at).toISOString(),
        policyVersion: row.policy_version,
        triggerDay: row.trigger_day,
        childId: row.child_id,
      });
    }
    if (rows.length < 5000) break;
  }
  return out;
}
