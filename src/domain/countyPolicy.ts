// One county, one policy (一县一策, DOMAIN 2.8): every value a county sets for itself, with the
// defaults DOMAIN gives. Versions are stored whole and never edited; decisions record the version.

import { z } from 'zod';
import { ROLE_CODES, type Role } from './roles.ts';

const role = z.enum(ROLE_CODES);

export const EscalationStepSchema = z.object({
  /** Consecutive unexcused school days that open this step. */
  day: z.number().int().min(1, '天数至少为 1').max(30, '天数不能超过 30'),
  action: z.enum(['contact_guardians', 'home_visit', 'report'], { error: '请选择处置方式' }),
  /** Roles that must act; the first is the task's owner. */
  roles: z.array(role).min(1, '每一步至少指定一个责任角色'),
  deadlineHours: z.number().int().min(1, '时限至少 1 小时').max(240, '时限不能超过 240 小时'),
  /** Who is told when the step opens (e.g. the township and the bureau on day 3). */
  notify: z.array(role).default([]),
});

export const LeaveApprovalSchema = z.object({
  /** Leave up to this many school days is approved by `role`. */
  upToDays: z.number().int().min(1).max(90),
  role,
});

export const CountyPolicySchema = z
  .object({
    schoolAge: z.object({
      entryAge: z.number().int().min(5).max(8),
      cutoff: z.object({ month: z.number().int().min(1).max(12), day: z.number().int().min(1).max(31) }),
      leavingAge: z.number().int().min(14).max(18),
    }),
    escalation: z.array(EscalationStepSchema).min(1, '至少需要一个处置步骤'),
    leaveApproval: z.array(LeaveApprovalSchema).min(1, '至少需要一级请假审批'),
    attendance: z.object({
      /** Classes without a roll call by this local time (HH:MM) are flagged to the principal and bureau. */
      rollCallBy: z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, '时间格式应为 HH:MM'),
    }),
    /** Recording leave after the fact is allowed within this many days. */
    lateLeaveWindowDays: z.number().int().min(0).max(30),
    /** Sickness this long becomes a suspension (休学). */
    sicknessSuspensionMonths: z.number().int().min(1).max(12),
    quotas: z.object({
      leftBehindPhoneContactsPerWeek: z.number().int().min(0).max(7),
      leftBehindHomeVisitsPerSemester: z.number().int().min(0).max(20),
    }),
    risk: z.object({
      /** Unexcused days in a calendar month that mark a child at risk of dropping out. */
      unexcusedDaysPerMonth: z.number().int().min(1).max(23),
      /** Sick days in a month that call for a 因病缺课 follow-up. */
      sickDaysPerMonth: z.number().int().min(1).max(23),
    }),
    homeTeaching: z.object({
      sessionsPerWeek: z.number().min(0).max(7),
      sessionsPerYear: z.number().int().min(0).max(400),
      classHoursPerSession: z.number().min(0.5).max(8),
    }),
    session: z.object({
      idleMinutes: z.number().int().min(5).max(240),
      absoluteHours: z.number().int().min(1).max(24),
    }),
  })
  .superRefine((policy, ctx) => {
    for (const problem of escalationLadderProblems(policy.escalation)) {
      ctx.addIssue({ code: 'custom', path: ['escalation', problem.index], message: problem.message });
    }
    const limits = policy.leaveApproval.map((level) => level.upToDays);
    if (limits.some((days, i) => i > 0 && days <= (limits[i - 1] ?? 0))) {
      ctx.addIssue({ code: 'custom', path: ['leaveApproval'], message: '请假审批天数须逐级递增' });
    }
  });

export type CountyPolicy = z.infer<typeof CountyPolicySchema>;
export type EscalationStep = z.infer<typeof EscalationStepSchema>;

/** DOMAIN 2.3's typical county: day 1 call, day 2 visit, day 3 visit and report; 3-day leave by the teacher. */
export const DEFAULT_COUNTY_POLICY: CountyPolicy = {
  schoolAge: { entryAge: 6, cutoff: { month: 8, day: 31 }, leavingAge: 16 },
  escalation: [
    { day: 1, action: 'contact_guardians', roles: ['homeroom_teacher'], deadlineHours: 24, notify: [] },
    {
      day: 2,
      action: 'home_visit',
      roles: ['homeroom_teacher', 'deputy_head'],
      deadlineHours: 24,
      notify: ['principal'],
    },
    {
      day: 3,
      action: 'report',
      roles: ['homeroom_teacher', 'deputy_head', 'principal'],
      deadlineHours: 24,
      notify: ['township_official', 'bureau_admin'],
    },
  ],
  leaveApproval: [
    { upToDays: 3, role: 'homeroom_teacher' },
    { upToDays: 90, role: 'principal' },
  ],
  attendance: { rollCallBy: '09:00' },
  lateLeaveWindowDays: 3,
  sicknessSuspensionMonths: 3,
  risk: { unexcusedDaysPerMonth: 3, sickDaysPerMonth: 3 },
  quotas: { leftBehindPhoneContactsPerWeek: 1, leftBehindHomeVisitsPerSemester: 1 },
  homeTeaching: { sessionsPerWeek: 1, sessionsPerYear: 0, classHoursPerSession: 2 },
  session: { idleMinutes: 30, absoluteHours: 12 },
};

/** A ladder's steps must climb strictly: a day skipped backwards or repeated is refused. */
export function escalationLadderProblems(
  steps: readonly EscalationStep[],
): Array<{ index: number; message: string }> {
  const problems: Array<{ index: number; message: string }> = [];
  steps.forEach((step, index) => {
    const previous = steps[index - 1];
    if (previous && step.day === previous.day) {
      problems.push({ index, message: `第 ${step.day} 天重复出现在处置步骤中` });
    } else if (previous && step.day < previous.day) {
      problems.push({
        index,
        message: `处置步骤须按天数递增（第 ${previous.day} 天之后不能是第 ${step.day} 天）`,
      });
    }
  });
  return problems;
}

/** The role that approves leave of `schoolDays` school days, or null when it is longer than every level. */
export function leaveApprover(policy: Pick<CountyPolicy, 'leaveApproval'>, schoolDays: number): Role | null {
  return policy.leaveApproval.find((level) => schoolDays <= level.upToDays)?.role ?? null;
}

/** The ladder step reached after `days` consecutive unexcused school days, or null before the first. */
export function stepReached(policy: Pick<CountyPolicy, 'escalation'>, days: number): EscalationStep | null {
  let reached: EscalationStep | null = null;
  for (const step of policy.escalation) if (step.day <= days) reached = step;
  return reached;
}

export interface PolicyChange {
  path: string;
  before: unknown;
  after: unknown;
}

/** What a new version changes, leaf by leaf, for the page that shows the difference before saving. */
export function diffPolicies(before: unknown, after: unknown, path = ''): PolicyChange[] {
  if (
    before !== null &&
    after !== null &&
    typeof before === 'object' &&
    typeof after === 'object' &&
    Array.isArray(before) === Array.isArray(after)
  ) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    return [...keys].flatMap((key) =>
      diffPolicies(
        (before as Record<string, unknown>)[key],
        (after as Record<string, unknown>)[key],
        path ? `${path}.${key}` : key,
      ),
    );
  }
  return Object.is(before, after) ? [] : [{ path, before, after }];
}
