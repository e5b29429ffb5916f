// The roll call's local state: who is marked how, before it is submitted. Pure functions, so the
// page stays about layout and the merge after a concurrent submission is easy to reason about.
import type { ApiError } from '../../api/client.ts';
import type { AttendanceMark, LeaveKind, RollCallSheet, RollCallSubmit } from '../../api/types.ts';

/** childId → mark; a child without an entry is present (attendance is stored by exception). */
export type Draft = Readonly<Record<number, AttendanceMark>>;

const LEAVE_REASON: Record<LeaveKind, AttendanceMark['reason']> = {
  sick: 'sick',
  personal: 'personal',
  other: 'other',
};

export function leaveMark(kind: LeaveKind): AttendanceMark {
  return { kind: 'leave', portion: 'whole', reason: LEAVE_REASON[kind], symptoms: null, note: null };
}

/** The server's marks; before the day's first submission, approved leave is pre-marked 请假. */
export function initialDraft(sheet: RollCallSheet): Draft {
  const draft: Record<number, AttendanceMark> = {};
  for (const child of sheet.children) {
    if (child.mark) draft[child.childId] = child.mark;
    else if (!sheet.submitted && child.leave) draft[child.childId] = leaveMark(child.leave.kind);
  }
  return draft;
}

export function sameMark(a: AttendanceMark | undefined, b: AttendanceMark | undefined): boolean {
  if (!a || !b) return a === b;
  return (
    a.kind === b.kind &&
    a.portion === b.portion &&
    a.reason === b.reason &&
    (a.symptoms ?? '') === (b.symptoms ?? '') &&
    (a.note ?? '') === (b.note ?? '')
  );
}

/** Children whose mark differs between two drafts. */
export function changedChildren(before: Draft, after: Draft): number[] {
  const ids = new Set([...Object.keys(before), ...Object.keys(after)].map(Number));
  return [...ids].filter((id) => !sameMark(before[id], after[id]));
}

/**
 * After a 409: the other person's marks, with this teacher's own changes (relative to what they
 * had read) laid over them — so neither side's marks on other children are lost.
 */
export function reapply(theirs: Draft, mine: Draft, base: Draft): Draft {
  const merged: Record<number, AttendanceMark> = { ...theirs };
  for (const id of changedChildren(base, mine)) {
    const mark = mine[id];
    if (mark) merged[id] = mark;
    else delete merged[id];
  }
  return merged;
}

export interface Counts {
  expected: number;
  present: number;
  absent: number;
  leave: number;
  late: number;
  leftEarly: number;
}

/** 实到 counts everyone at school for part of the day: only whole-day absence or leave is missing. */
export function countMarks(sheet: RollCallSheet, draft: Draft): Counts {
  const marks = sheet.children.map((c) => draft[c.childId]).filter((m): m is AttendanceMark => !!m);
  const away = marks.filter((m) => (m.kind === 'absent' || m.kind === 'leave') && m.portion === 'whole');
  return {
    expected: sheet.children.length,
    present: sheet.children.length - away.length,
    absent: marks.filter((m) => m.kind === 'absent').length,
    leave: marks.filter((m) => m.kind === 'leave').length,
    late: marks.filter((m) => m.kind === 'late').length,
    leftEarly: marks.filter((m) => m.kind === 'left_early').length,
  };
}

export function toSubmission(sheet: RollCallSheet, draft: Draft): RollCallSubmit {
  return {
    day: sheet.day,
    revision: sheet.submitted?.revision ?? null,
    marks: sheet.children.flatMap((c) => {
      const mark = draft[c.childId];
      return mark ? [{ childId: c.childId, ...mark }] : [];
    }),
  };
}

/** Server field messages ('marks.3.symptoms') put back on the child they are about. */
export function messagesByChild(
  error: ApiError,
  body: RollCallSubmit,
): { byChild: Map<number, string[]>; other: string[] } {
  const byChild = new Map<number, string[]>();
  const other: string[] = [];
  for (const field of error.fields) {
    const index = /^marks\.(\d+)/.exec(field.field)?.[1];
    const childId = index === undefined ? undefined : body.marks[Number(index)]?.childId;
    if (childId === undefined) other.push(field.message);
    else byChild.set(childId, [...(byChild.get(childId) ?? []), field.message]);
  }
  return { byChild, other };
}
