// Leave (请假, DOMAIN 2.3): who approves depends on its length in school days and is county policy;
// approved leave excuses the absences it covers. Leave recorded after it started (补假) is allowed
// within the policy's window and stays marked as such.

import { addDays } from '../../../domain/dates.ts';
import { leaveApprover, type Role } from '../../../domain/index.ts';
import { type AuditEntry, writeAudit } from '../../audit/audit.ts';
import type { Actor, Grant } from '../../auth/actor.ts';
import { schoolDate } from '../../clock.ts';
import type { Deps } from '../../deps.ts';
import { AppError, notFound, validationError } from '../../errors.ts';
import { type CountyCalendar, cachedCountyCalendar } from '../calendar/index.ts';
import { runEscalation } from '../escalation/index.ts';
import { cachedPolicyTimeline, type PolicyTimeline } from '../policy/index.ts';
import { className } from '../schools/index.ts';
import * as q from './queries.ts';
import type { LEAVE_CHANNELS, LEAVE_KINDS } from './schema.ts';

/** A higher school role may approve what a lower one may (a principal approves a teacher's level). */
const APPROVER_RANK: Partial<Record<Role, number>> = { homeroom_teacher: 1, deputy_head: 2, principal: 3 };

export interface LeaveInput {
  kind: (typeof LEAVE_KINDS)[number];
  startsOn: string;
  endsOn: string;
  reason?: string | null;
  symptoms?: string | null;
  requestedBy: string;
  requestedVia: (typeof LEAVE_CHANNELS)[number];
}

function mayApprove(
  grants: readonly Grant[],
  approverRole: string,
  child: { schoolId: number | null; classId: number | null },
) {
  const needed = APPROVER_RANK[approverRole as Role] ?? 99;
  return grants.some((grant) => {
    const rank = APPROVER_RANK[grant.role] ?? 0;
    if (rank < needed) return false;
    if (grant.level === 'class') return grant.classId === child.classId;
    if (grant.level === 'school') return grant.schoolId === child.schoolId;
    return false;
  });
}

export function leaveView(row: q.LeaveRow) {
  return {
    id: row.id,
    childId: row.child_id,
    childName: row.child_name,
    className: row.grade && row.class_number ? className(row.grade, row.class_number) : null,
    kind: row.kind as LeaveInput['kind'],
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    schoolDays: row.school_days,
    reason: row.reason,
    symptoms: row.symptoms,
    requestedBy: row.requested_by,
    requestedVia: row.requested_via as LeaveInput['requestedVia'],
    recordedAt: row.recorded_at,
    recordedByName: row.recorded_by_name,
    recordedLate: row.recorded_late,
    approverRole: row.approver_role,
    status: row.status as 'pending' | 'approved' | 'rejected' | 'cancelled',
    decidedAt: row.decided_at,
    decidedByName: row.decided_by_name,
    decisionNote: row.decision_note,
    policyVersion: row.policy_version,
  };
}

async function childPlace(db: Deps['db'], countyCode: string, childId: number) {
  const child = await db
    .selectFrom('child')
    .select(['school_id', 'class_id'])
    .where('county_code', '=', countyCode)
    .where('id', '=', childId)
    .executeTakeFirst();
  if (!child) throw notFound('学生');
  return { schoolId: child.school_id, classId: child.class_id };
}

type LeavePlace = { schoolId: number | null; classId: number | null };

/**
 * The request as it will be stored, and its audit entry: its length in school days, who approves
 * it under the policy in force, and whether the recorder may approve it at once. Throws the
 * validation error a user would see. No I/O: the caller holds the calendar and the policy.
 */
export function planLeave(
  context: { now: Date; calendar: CountyCalendar; timeline: PolicyTimeline },
  actor: Actor,
  countyCode: string,
  childId: number,
  place: LeavePlace,
  input: LeaveInput,
) {
  if (input.endsOn < input.startsOn)
    throw validationError([{ field: 'endsOn', message: '结束日期不能早于开始日期' }]);
  const { now } = context;
  const today = schoolDate(now);
  const policy = context.timeline.on(input.startsOn);
  const window = policy.policy.lateLeaveWindowDays;
  if (input.startsOn < addDays(today, -window)) {
    throw validationError([
      { field: 'startsOn', message: `补假须在请假开始后 ${window} 天内登记（${input.startsOn} 已超过期限）` },
    ]);
  }
  const calendar = context.calendar.forSchool(place.schoolId);
  let schoolDays = 0;
  for (let day = input.startsOn; day <= input.endsOn; day = addDays(day, 1))
    if (calendar.isSchoolDay(day)) schoolDays++;
  if (schoolDays === 0)
    throw validationError([{ field: 'startsOn', message: '请假期间没有上课日，无需请假' }]);
  const approverRole = leaveApprover(policy.policy, schoolDays);
  if (!approverRole) {
    throw validationError([
      { field: 'endsOn', message: `请假 ${schoolDays} 个上课日，超过审批上限；长期病假请办理休学` },
    ]);
  }
  const approved = mayApprove(actor.grants, approverRole, place);
  const userId = actor.userId > 0 ? actor.userId : null;
  const status = approved ? ('approved' as const) : ('pending' as const);
  return {
    row: {
      county_code: countyCode,
      child_id: childId,
      kind: input.kind,
      starts_on: input.startsOn,
      ends_on: input.endsOn,
      school_days: schoolDays,
      reason: input.reason?.trim() || null,
      symptoms: input.symptoms?.trim() || null,
      requested_by: input.requestedBy,
      requested_via: input.requestedVia,
      recorded_by: userId,
      recorded_at: now,
      recorded_late: input.startsOn < today,
      approver_role: approverRole,
      status,
      decided_by: approved ? userId : null,
      decided_at: approved ? now : null,
      policy_version: policy.version,
    },
    audit: (id: number): AuditEntry => ({
      action: 'leave_request.create',
      entity: 'leave_request',
      entityId: id,
      countyCode,
      detail: { childId, ...input, schoolDays, approverRole, status },
    }),
  };
}

/** Records a request in the caller's transaction; approved at once when the recorder may approve it. */
export async function createLeave(
  deps: Deps,
  actor: Actor,
  countyCode: string,
  childId: number,
  input: LeaveInput,
) {
  const place = await childPlace(deps.db, countyCode, childId);
  const [calendar, timeline] = await Promise.all([
    cachedCountyCalendar(deps.db, countyCode),
    cachedPolicyTimeline(deps.db, countyCode),
  ]);
  const plan = planLeave({ now: deps.now(), calendar, timeline }, actor, countyCode, childId, place, input);
  const overlap = await q.overlappingLeave(deps.db, countyCode, childId, input.startsOn, input.endsOn);
  if (overlap) {
    throw validationError([
      { field: 'startsOn', message: `与已有请假（${overlap.starts_on} 至 ${overlap.ends_on}）时间重叠` },
    ]);
  }
  const { id } = await q.insertLeave(deps.db, plan.row);
  await writeAudit(deps.db, actor, plan.audit(id));
  return { id, place };
}

/** Approved leave can excuse days already counted: the child's run is looked at again today. */
async function rerunForClass(deps: Deps, countyCode: string, classId: number | null) {
  if (classId === null) return;
  await runEscalation(deps.db, deps.now(), { countyCode, day: schoolDate(deps.now()), classIds: [classId] });
}

export async function recordLeave(
  deps: Deps,
  actor: Actor,
  countyCode: string,
  childId: number,
  input: LeaveInput,
) {
  const id = await deps.db.transaction().execute(async (trx) => {
    const scoped = { ...deps, db: trx };
    const created = await createLeave(scoped, actor, countyCode, childId, input);
    await rerunForClass(scoped, countyCode, created.place.classId);
    return created.id;
  });
  const row = await q.findLeave(deps.db, id);
  if (!row) throw notFound('请假');
  return leaveView(row);
}

export async function decideLeave(
  deps: Deps,
  actor: Actor,
  id: number,
  input: { decision: 'approve' | 'reject'; note?: string | null },
) {
  await deps.db.transaction().execute(async (trx) => {
    const scoped = { ...deps, db: trx };
    const leave = await q.findLeave(trx, id);
    if (!leave) throw notFound('请假');
    const place = await childPlace(trx, leave.county_code, leave.child_id);
    if (!mayApprove(actor.grants, leave.approver_role, place)) {
      throw new AppError('forbidden', '这条请假须由更高一级审批（按本县请假审批权限）');
    }
    const status = input.decision === 'approve' ? 'approved' : 'rejected';
    const userId = actor.userId > 0 ? actor.userId : null;
    const saved = await q.decideLeave(
      trx,
      leave.county_code,
      id,
      status,
      userId,
      input.note?.trim() || null,
      deps.now(),
    );
    if (!saved) throw new AppError('conflict', '这条请假已经审批过了');
    await writeAudit(trx, actor, {
      action: `leave_request.${input.decision}`,
      entity: 'leave_request',
      entityId: id,
      countyCode: leave.county_code,
      reason: input.note ?? null,
      detail: { childId: leave.child_id },
    });
    if (status === 'approved') await rerunForClass(scoped, leave.county_code, place.classId);
  });
  const row = await q.findLeave(deps.db, id);
  if (!row) throw notFound('请假');
  return leaveView(row);
}

export async function listLeaves(
  deps: Deps,
  actor: Actor,
  grants: readonly Grant[],
  query: { status?: string; page: number; pageSize: number },
) {
  const { total, rows } = await q.listLeaves(
    deps.db,
    grants,
    actor.userId,
    query.status,
    query.pageSize,
    (query.page - 1) * query.pageSize,
  );
  return { total, items: rows.map(leaveView) };
}
