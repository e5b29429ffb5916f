import { type Expression, type ExpressionBuilder, type Kysely, type SqlBool, sql } from 'kysely';
import type { Grant } from '../../auth/actor.ts';
import type { RecordLocation } from '../../auth/scope.ts';
import { childScopeFilter } from '../../auth/scopeFilter.ts';
import type { DB } from '../../db/types.ts';

type Db = Kysely<DB>;
type TaskEb = ExpressionBuilder<DB & { t: DB['escalation_task']; c: DB['child'] }, 't' | 'c'>;

/** Overdue tasks that reach a supervisor: one level above the task's highest owner. */
function supervisedBy(eb: TaskEb, grants: readonly Grant[]): Expression<SqlBool> {
  const parts = grants.flatMap((grant): Expression<SqlBool>[] => {
    switch (grant.level) {
      case 'school':
        return [
          eb.and([eb('t.supervisor_level', '=', 'school'), eb('t.school_id', '=', grant.schoolId ?? -1)]),
        ];
      case 'township':
        return [
          eb.and([
            eb('t.supervisor_level', '=', 'township'),
            eb('t.township_code', 'like', `${grant.regionPrefix}%`),
          ]),
        ];
      case 'county':
      case 'city':
      case 'province':
        return [
          eb.and([
            eb('t.supervisor_level', '=', 'county'),
            eb('t.county_code', 'like', `${(grant.regionPrefix ?? '').slice(0, 6)}%`),
          ]),
        ];
      case 'national':
        return [eb('t.supervisor_level', '=', 'county')];
      default:
        return [];
    }
  });
  return parts.length === 0 ? sql<boolean>`false` : eb.or(parts);
}

export interface TaskFilter {
  view: 'mine' | 'supervise' | 'all';
  status?: 'open' | 'overdue' | 'done' | 'closed';
  childId?: number;
  userId: number;
  grants: readonly Grant[];
  now: Date;
  from?: string;
  to?: string;
  countyCode?: string;
}

function filteredTasks(db: Db, filter: TaskFilter) {
  let query = db
    .selectFrom('escalation_task as t')
    .innerJoin('child as c', (j) =>
      j.onRef('c.county_code', '=', 't.county_code').onRef('c.id', '=', 't.child_id'),
    )
    .where((eb) => childScopeFilter(eb as never, filter.grants, filter.userId));
  const now = filter.now.toISOString();
  if (filter.view === 'mine') {
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('escalation_task_owner as o')
          .select('o.task_id')
          .whereRef('o.county_code', '=', 't.county_code')
          .whereRef('o.task_id', '=', 't.id')
          .where('o.user_id', '=', filter.userId),
      ),
    );
  } else if (filter.view === 'supervise') {
    query = query
      .where('t.status', '=', 'open')
      .where('t.due_at', '<', now)
      .where((eb) => supervisedBy(eb as TaskEb, filter.grants));
  }
  if (filter.status === 'overdue') query = query.where('t.status', '=', 'open').where('t.due_at', '<', now);
  else if (filter.status === 'open')
    query = query.where('t.status', '=', 'open').where('t.due_at', '>=', now);
  else if (filter.status) query = query.where('t.status', '=', filter.status);
  if (filter.childId) query = query.where('t.child_id', '=', filter.childId);
  if (filter.countyCode) query = query.where('t.county_code', '=', filter.countyCode);
  if (filter.from) query = query.where('t.trigger_day', '>=', filter.from);
  if (filter.to) query = query.where('t.trigger_day', '<=', filter.to);
  return query;
}

export async function listTasks(db: Db, filter: TaskFilter, page: { limit: number; offset: number }) {
  const base = filteredTasks(db, filter);
  const [{ total } = { total: 0 }] = await base
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .execute();
  const rows = await base
    .innerJoin('school as s', 's.id', 't.school_id')
    .innerJoin('region as tw', 'tw.code', 't.township_code')
    .leftJoin('school_class as k', 'k.id', 't.class_id')
    .leftJoin('app_user as ob', 'ob.id', 't.outcome_by')
    .selectAll('t')
    .select([
      'c.name as child_name',
      'c.student_number',
      's.name as school_name',
      'tw.name as township_name',
      'k.grade',
      'k.class_number',
      'ob.display_name as outcome_by_name',
    ])
    .orderBy(sql`t.status = 'open'`, 'desc')
    .orderBy('t.due_at')
    .orderBy('t.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return { total: Number(total), rows };
}

export function ownersOf(db: Db, countyCode: string | null, taskIds: readonly number[]) {
  if (taskIds.length === 0) return Promise.resolve([]);
  let query = db
    .selectFrom('escalation_task_owner as o')
    .innerJoin('app_user as u', 'u.id', 'o.user_id')
    .select(['o.task_id', 'o.user_id', 'u.display_name', 'o.role', 'o.via_role', 'o.kind'])
    .where('o.task_id', 'in', taskIds);
  if (countyCode) query = query.where('o.county_code', '=', countyCode);
  return query.orderBy('o.kind').orderBy('o.user_id').execute();
}

export function findTask(db: Db, id: number) {
  return db.selectFrom('escalation_task').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function locateTask(db: Db, id: number | null): Promise<RecordLocation | null> {
  if (id === null) return null;
  const task = await db
    .selectFrom('escalation_task')
    .select(['county_code', 'school_id', 'class_id', 'township_code', 'child_id'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!task) return null;
  const helpers = await db
    .selectFrom('pairing')
    .select('helper_user_id')
    .where('county_code', '=', task.county_code)
    .where('child_id', '=', task.child_id)
    .where('ended_on', 'is', null)
    .execute();
  return {
    countyCode: task.county_code,
    regionCode: task.township_code,
    schoolId: task.school_id,
    classId: task.class_id,
    helperUserIds: helpers.map((h) => h.helper_user_id),
  };
}

export function recordOutcome(
  db: Db,
  task: { countyCode: string; id: number },
  outcome: Record<string, unknown>,
  userId: number | null,
  now: Date,
) {
  return db
    .updateTable('escalation_task')
    .set({ outcome: JSON.stringify(outcome), outcome_by: userId, outcome_at: now, status: 'done' })
    .where('county_code', '=', task.countyCode)
    .where('id', '=', task.id)
    .where('status', '=', 'open')
    .returning('id')
    .executeTakeFirst();
}

export function overdueGroups(
  db: Db,
  grants: readonly Grant[],
  userId: number,
  now: Date,
  by: 'school' | 'township',
) {
  const key = by === 'school' ? sql<string>`s.id::text` : sql<string>`t.township_code`;
  const name = by === 'school' ? sql<string>`min(s.name)` : sql<string>`min(tw.name)`;
  const nowIso = now.toISOString();
  return db
    .selectFrom('escalation_task as t')
    .innerJoin('child as c', (j) =>
      j.onRef('c.county_code', '=', 't.county_code').onRef('c.id', '=', 't.child_id'),
    )
    .innerJoin('school as s', 's.id', 't.school_id')
    .innerJoin('region as tw', 'tw.code', 't.township_code')
    .where((eb) => childScopeFilter(eb as never, grants, userId))
    .where('t.status', '=', 'open')
    .select([
      key.as('key'),
      name.as('name'),
      sql<string>`min(tw.name)`.as('township'),
      sql<number>`count(*)`.as('open'),
      sql<number>`count(*) filter (where t.due_at < ${nowIso})`.as('overdue'),
      sql<string | null>`min(t.due_at) filter (where t.due_at < ${nowIso})`.as('oldest_due_at'),
    ])
    .groupBy(key)
    .orderBy(sql`count(*) filter (where t.due_at < ${nowIso})`, 'desc')
    .orderBy(key)
    .limit(500)
    .execute();
}

export function dropoutsInScope(db: Db, grants: readonly Grant[], userId: number) {
  return db
    .selectFrom('suspected_dropout as d')
    .innerJoin('child as c', (j) =>
      j.onRef('c.county_code', '=', 'd.county_code').onRef('c.id', '=', 'd.child_id'),
    )
    .where((eb) => childScopeFilter(eb as never, grants, userId))
    .where('d.resolved_on', 'is', null);
}

export function listDropouts(
  db: Db,
  grants: readonly Grant[],
  userId: number,
  limit: number,
  offset: number,
) {
  return dropoutsInScope(db, grants, userId)
    .innerJoin('school as s', 's.id', 'd.school_id')
    .leftJoin('school_class as k', 'k.id', 'c.class_id')
    .select([
      'd.child_id',
      'c.name as child_name',
      's.name as school_name',
      'k.grade',
      'k.class_number',
      'd.run_started_on',
      'd.entered_on',
      'd.policy_version',
    ])
    .orderBy('d.entered_on', 'desc')
    .orderBy('d.child_id')
    .limit(limit)
    .offset(offset)
    .execute();
}
