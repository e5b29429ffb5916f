// Writing roll calls. A city's classes submit within the same half hour of the first lesson, so
// submissions that arrive together are written together (db/coalesce.ts): one read of the classes'
// children and the day's leave, then one transaction with multi-row statements and one escalation
// run for all their classes. Each submission keeps its own outcome: saved, a conflict (409) or a
// validation error, exactly as if it had been written alone.

import { writeAudits } from '../../audit/audit.ts';
import type { Actor } from '../../auth/actor.ts';
import { Coalescer, CoalescerPerDatabase, type Settled } from '../../db/coalesce.ts';
import type { Deps } from '../../deps.ts';
import { validationError } from '../../errors.ts';
import type { CountyCalendar } from '../calendar/index.ts';
import { runEscalation } from '../escalation/index.ts';
import type { PolicyTimeline } from '../policy/index.ts';
import type { ClassRow } from '../schools/index.ts';
import { planLeave } from './leave.ts';
import * as q from './queries.ts';
import type { MarkInput, RollCallSheetView } from './schema.ts';

type Db = Deps['db'];
type ChildRow = Awaited<ReturnType<typeof q.classChildren>>[number];
type DayLeave = Awaited<ReturnType<typeof q.approvedLeavesOn>>[number];

export interface RollCallSubmission {
  actor: Actor;
  now: Date;
  schoolClass: ClassRow;
  calendar: CountyCalendar;
  timeline: PolicyTimeline;
  body: { day: string; revision: number | null; marks: Array<MarkInput & { childId: number }> };
}

export type RollCallWritten =
  | { conflict: string }
  | {
      conflict: null;
      submitted: NonNullable<RollCallSheetView['submitted']>;
      tasksOpened: number;
      children: readonly ChildRow[];
      /** Approved leave covering the day, for the reply's sheet. */
      leaves: readonly DayLeave[];
    };

const writers = new CoalescerPerDatabase<Db, RollCallSubmission, RollCallWritten>(
  (db) => new Coalescer((items) => writeInTurn(db, items), 64),
);

/** Writes the submission with the others of its county and day that arrive with it. */
export function writeRollCall(db: Db, submission: RollCallSubmission): Promise<RollCallWritten> {
  return writers.for(db, `${submission.schoolClass.county_code}|${submission.body.day}`).submit(submission);
}

/**
 * A class submitted twice in one batch (a double click, two teachers at once) is written in the
 * order received: the later one goes in the next batch and meets the first as a conflict.
 */
async function writeInTurn(
  db: Db,
  items: readonly RollCallSubmission[],
): Promise<Array<Settled<RollCallWritten>>> {
  const results: Array<Settled<RollCallWritten>> = new Array(items.length);
  let pending = items.map((item, index) => ({ item, index }));
  while (pending.length > 0) {
    const seen = new Set<number>();
    const now: typeof pending = [];
    const later: typeof pending = [];
    for (const entry of pending) {
      const classId = entry.item.schoolClass.id;
      (seen.has(classId) ? later : now).push(entry);
      seen.add(classId);
    }
    const written = await writeOrSplit(
      db,
      now.map((entry) => entry.item),
    );
    now.forEach((entry, i) => {
      results[entry.index] = written[i] as Settled<RollCallWritten>;
    });
    pending = later;
  }
  return results;
}

/** A batch that fails as a whole is written one by one, so one bad submission fails alone. */
async function writeOrSplit(
  db: Db,
  items: readonly RollCallSubmission[],
): Promise<Array<Settled<RollCallWritten>>> {
  try {
    return await writeBatch(db, items);
  } catch (error) {
    if (items.length === 1) return [{ ok: false, error }];
    const results: Array<Settled<RollCallWritten>> = [];
    for (const item of items) {
      try {
        results.push(...(await writeBatch(db, [item])));
      } catch (single) {
        results.push({ ok: false, error: single });
      }
    }
    return results;
  }
}

type Accepted = RollCallSubmission & {
  index: number;
  children: ChildRow[];
  /** Leave requests recorded with this roll call (a parent's call on the day). */
  newLeaves: Array<ReturnType<typeof planLeave>>;
};

/** One county and day, each class once. */
async function writeBatch(
  db: Db,
  items: readonly RollCallSubmission[],
): Promise<Array<Settled<RollCallWritten>>> {
  const first = items[0] as RollCallSubmission;
  const county = first.schoolClass.county_code;
  const day = first.body.day;
  const results: Array<Settled<RollCallWritten>> = new Array(items.length);
  const [children, dayLeaves] = await Promise.all([
    q.childrenOfClasses(
      db,
      items.map((item) => item.schoolClass.id),
    ),
    q.leavesOfClassesOn(
      db,
      county,
      items.map((item) => item.schoolClass.id),
      day,
    ),
  ]);
  const accepted: Accepted[] = [];
  items.forEach((item, index) => {
    try {
      accepted.push({ ...item, index, ...checkAgainstClass(item, children, dayLeaves) });
    } catch (error) {
      results[index] = { ok: false, error };
    }
  });
  if (accepted.length === 0) return results;

  const written = await db.transaction().execute(async (trx) => {
    const outcome = new Map<number, RollCallWritten>();
    const stored = await storeRollCalls(trx, county, day, accepted, outcome);
    const saved = accepted.filter((item) => stored.has(item.index));

    const leaveIds = await q.insertLeaves(
      trx,
      saved.flatMap((item) => item.newLeaves.map((leave) => leave.row)),
    );
    const leaveAudits = saved.flatMap((item) =>
      item.newLeaves.map((leave) => ({ actor: item.actor, leave })),
    );
    await q.replaceAbsencesOf(
      trx,
      county,
      day,
      saved.map((item) => ({
        rollCallId: (stored.get(item.index) as StoredRollCall).id,
        edited: item.body.revision !== null,
        marks: item.body.marks,
      })),
    );
    await writeAudits(trx, [
      ...leaveAudits.map(({ actor, leave }) => ({
        actor,
        entry: leave.audit(leaveIds.get(leave.row.child_id) as number),
      })),
      ...saved.map((item) => {
        const rollCall = stored.get(item.index) as StoredRollCall;
        return {
          actor: item.actor,
          entry: {
            action: item.body.revision === null ? 'roll_call.submit' : 'roll_call.update',
            entity: 'roll_call',
            entityId: rollCall.id,
            countyCode: county,
            detail: {
              classId: item.schoolClass.id,
              day,
              revision: (item.body.revision ?? 0) + 1,
              before: rollCall.before.map((a) => ({ childId: a.child_id, kind: a.kind, portion: a.portion })),
              after: item.body.marks.map((m) => ({ childId: m.childId, kind: m.kind, portion: m.portion })),
            },
          },
        };
      }),
    ]);
    const latest = saved.reduce((at, item) => (item.now > at ? item.now : at), first.now);
    const run = await runEscalation(trx, latest, {
      countyCode: county,
      day,
      calendar: first.calendar,
      timeline: first.timeline,
      rollCalls: saved.map((item) => ({
        classId: item.schoolClass.id,
        schoolId: item.schoolClass.school_id,
        townshipCode: item.schoolClass.township_code,
        absentChildIds: item.body.marks
          .filter((m) => m.portion === 'whole' && (m.kind === 'absent' || m.kind === 'leave'))
          .map((m) => m.childId),
      })),
    });
    for (const item of saved) {
      const rollCall = stored.get(item.index) as StoredRollCall;
      const recorded = item.newLeaves
        .filter((leave) => leave.row.status === 'approved')
        .map((leave) => ({
          id: leaveIds.get(leave.row.child_id) as number,
          child_id: leave.row.child_id,
          kind: leave.row.kind,
          starts_on: day,
          ends_on: day,
        }));
      const childIds = new Set(item.children.map((c) => c.id));
      outcome.set(item.index, {
        conflict: null,
        submitted: rollCall.submitted,
        tasksOpened: run.tasksCreatedByClass.get(item.schoolClass.id) ?? 0,
        children: item.children,
        leaves: [
          ...dayLeaves.filter((l) => childIds.has(l.child_id) && l.status === 'approved'),
          ...recorded,
        ],
      });
    }
    return outcome;
  });
  for (const item of accepted)
    results[item.index] = { ok: true, value: written.get(item.index) as RollCallWritten };
  return results;
}

/**
 * Marks only for children of the class; a whole-day leave mark without a request covering the day
 * records one (a parent's call), planned here so that a refusal is the submission's own error.
 */
function checkAgainstClass(
  item: RollCallSubmission,
  children: ReadonlyArray<ChildRow & { class_id: number | null }>,
  dayLeaves: Awaited<ReturnType<typeof q.leavesOfClassesOn>>,
) {
  const mine = children.filter((c) => c.class_id === item.schoolClass.id);
  const inClass = new Set(mine.map((c) => c.id));
  const strangers = item.body.marks.filter((m) => !inClass.has(m.childId)).map((m) => m.childId);
  if (strangers.length > 0) {
    throw validationError([
      { field: 'marks', message: `编号为 ${strangers.join('、')} 的学生不在本班，不能在本班点名` },
    ]);
  }
  const covered = new Set(
    dayLeaves.filter((l) => l.status !== 'rejected' && l.status !== 'cancelled').map((l) => l.child_id),
  );
  const place = { schoolId: item.schoolClass.school_id, classId: item.schoolClass.id };
  const newLeaves = item.body.marks
    .filter((m) => m.kind === 'leave' && m.portion === 'whole' && !covered.has(m.childId))
    .map((mark) =>
      planLeave(item, item.actor, item.schoolClass.county_code, mark.childId, place, {
        kind: mark.reason === 'sick' ? 'sick' : mark.reason === 'personal' ? 'personal' : 'other',
        startsOn: item.body.day,
        endsOn: item.body.day,
        reason: mark.note,
        symptoms: mark.symptoms,
        requestedBy: '家长（点名时登记）',
        requestedVia: 'phone',
      }),
    );
  return { children: mine, newLeaves };
}

interface StoredRollCall {
  id: number;
  submitted: NonNullable<RollCallSheetView['submitted']>;
  before: Awaited<ReturnType<typeof q.absencesOfRollCalls>>;
}

/**
 * First submissions insert under the (class, day) key in one statement; an edit bumps the revision
 * it read. A submission that loses either race gets its conflict message in `outcome`.
 */
async function storeRollCalls(
  trx: Db,
  county: string,
  day: string,
  items: readonly Accepted[],
  outcome: Map<number, RollCallWritten>,
): Promise<Map<number, StoredRollCall>> {
  const stored = new Map<number, StoredRollCall>();
  const submittedBy = (item: Accepted) => ({
    revision: 1,
    submittedAt: item.now.toISOString(),
    submittedByName: item.actor.displayName,
    updatedAt: item.now.toISOString(),
    updatedByName: item.actor.displayName,
  });
  const userId = (item: Accepted) => (item.actor.userId > 0 ? item.actor.userId : null);
  const firsts = items.filter((item) => item.body.revision === null);
  const inserted = await q.insertRollCalls(
    trx,
    firsts.map((item) => ({
      countyCode: county,
      classId: item.schoolClass.id,
      schoolId: item.schoolClass.school_id,
      day,
      userId: userId(item),
      now: item.now,
    })),
  );
  for (const item of firsts) {
    const id = inserted.get(item.schoolClass.id);
    if (id === undefined) outcome.set(item.index, { conflict: '本班今天的点名已由他人提交，请查看后再修改' });
    else stored.set(item.index, { id, submitted: submittedBy(item), before: [] });
  }
  for (const item of items) {
    if (item.body.revision === null) continue;
    const existing = await q.findRollCall(trx, county, item.schoolClass.id, day);
    const bumped = existing
      ? await q.bumpRollCall(trx, county, existing.id, item.body.revision, userId(item), item.now)
      : undefined;
    if (!existing || !bumped) {
      outcome.set(item.index, { conflict: '点名记录已被他人修改，请查看最新记录后再提交' });
      continue;
    }
    stored.set(item.index, {
      id: existing.id,
      submitted: {
        ...submittedBy(item),
        revision: bumped.revision,
        submittedAt: existing.submitted_at,
        submittedByName: existing.submitted_by_name,
      },
      before: [],
    });
  }
  const edited = [...stored.values()].filter((r) => r.submitted.revision > 1);
  const before = await q.absencesOfRollCalls(
    trx,
    county,
    edited.map((r) => r.id),
  );
  for (const rollCall of edited) rollCall.before = before.filter((a) => a.roll_call_id === rollCall.id);
  return stored;
}
