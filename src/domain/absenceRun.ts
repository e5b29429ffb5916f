// The run of consecutive unexcused absence (DOMAIN 2.3) and the ladder steps it reaches.
//
// Attendance is stored by exception, so each school day of a child is one of:
//   unexcused   a whole-day absence no approved leave covers: counts;
//   excused     approved leave: the child is still away but the school knows why, so the day
//               neither counts nor ends the run (a child back from leave who stays away goes on
//               where the run left off);
//   unsubmitted the class gave no roll call: never treated as absent, and not proof of presence
//               either, so it neither counts nor ends the run (the principal sees the gap);
//   present     a submitted day without a whole-day absence (late, left early and half days
//               included): the child came, the run ends.

import type { CountyPolicy, EscalationStep } from './countyPolicy.ts';

export type DayMark = 'unexcused' | 'excused' | 'unsubmitted' | 'present';

export interface AbsenceRun {
  /** The run's unexcused school days, oldest first; the run starts on the first. */
  unexcusedDays: string[];
}

export type RunWalk =
  | { status: 'done'; run: AbsenceRun | null }
  /** `markOf` could not tell this day yet (the caller loads the class's submission and asks again). */
  | { status: 'needs'; day: string };

/**
 * Walks a child's school days newest first and returns the run that reaches the newest day,
 * or null when the child was present after the last unexcused day. `markOf` answers null when it
 * does not know yet whether a day without an absence row was submitted.
 */
export function walkRun(
  schoolDaysNewestFirst: readonly string[],
  markOf: (day: string) => DayMark | null,
): RunWalk {
  const unexcused: string[] = [];
  for (const day of schoolDaysNewestFirst) {
    const mark = markOf(day);
    if (mark === null) return { status: 'needs', day };
    if (mark === 'present') break;
    if (mark === 'unexcused') unexcused.push(day);
  }
  return { status: 'done', run: unexcused.length > 0 ? { unexcusedDays: unexcused.reverse() } : null };
}

export interface PolicyVersion {
  version: number;
  policy: Pick<CountyPolicy, 'escalation' | 'attendance'>;
}

export interface PlannedStep {
  step: EscalationStep;
  /** The step's place in its version's ladder, from 1. */
  stepNumber: number;
  /** The school day whose absence reached the step. */
  triggerDay: string;
  /** 1-based count of unexcused days on the trigger day. */
  runDay: number;
  policyVersion: number;
  dueAt: string;
}

export interface LadderPlan {
  steps: PlannedStep[];
  /** The first day the child was still absent after the ladder's last step (疑似辍学). */
  suspectedDropout: { day: string; policyVersion: number } | null;
}

/**
 * Steps a run has reached and that do not exist yet. Each day applies the policy version in force
 * on it, so a ladder changed mid-run takes over from its effective date and every step records the
 * version that opened it; steps already open are never opened twice.
 */
export function planLadder(
  run: AbsenceRun,
  policyOn: (day: string) => PolicyVersion,
  existingStepDays: ReadonlySet<number>,
  dropoutRegistered: boolean,
): LadderPlan {
  const opened = new Set(existingStepDays);
  const steps: PlannedStep[] = [];
  let suspectedDropout: LadderPlan['suspectedDropout'] = null;
  run.unexcusedDays.forEach((day, index) => {
    const runDay = index + 1;
    const { version, policy } = policyOn(day);
    for (const [index, step] of policy.escalation.entries()) {
      if (step.day > runDay || opened.has(step.day)) continue;
      opened.add(step.day);
      steps.push({
        step,
        stepNumber: index + 1,
        triggerDay: day,
        runDay,
        policyVersion: version,
        dueAt: dueAt(day, policy.attendance.rollCallBy, step.deadlineHours),
      });
    }
    const lastStep = policy.escalation.at(-1);
    if (!dropoutRegistered && !suspectedDropout && lastStep && runDay > lastStep.day) {
      suspectedDropout = { day, policyVersion: version };
    }
  });
  return { steps, suspectedDropout };
}

/** A step is due `deadlineHours` after the roll-call hour of the day that reached it (China time). */
export function dueAt(day: string, rollCallBy: string, deadlineHours: number): string {
  const start = new Date(`${day}T${rollCallBy}:00+08:00`).getTime();
  return new Date(start + deadlineHours * 3_600_000).toISOString();
}
