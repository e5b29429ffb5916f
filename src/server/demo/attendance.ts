// A fortnight of synthetic attendance for the demo county, so the roll-call, month, task and
// overdue pages open on something real: every class's roll calls for the school days before today,
// a few absences per class and day (late, left early, sick with symptoms, approved leave), and a
// handful of children who stopped coming, whose escalation steps are opened by the real engine.

import type { Kysely } from 'kysely';
import type { DB } from '../db/types.ts';
import { loadCountyCalendar } from '../modules/calendar/index.ts';
import { runEscalation } from '../modules/escalation/index.ts';
import { policyTimeline } from '../modules/policy/index.ts';
import { Random } from './random.ts';

const SCHOOL_DAYS = 10;
const SYMPTOMS = ['发热', '咳嗽', '腹泻', '头痛', '呕吐'];

export async function loadDemoAttendance(
  db: Kysely<DB>,
  countyCode: string,
  today: string,
  seed: number,
): Promise<{ rollCalls: number; absences: number; tasks: number }> {
  const random = new Random(seed, `attendance ${countyCode}`);
  const calendar = await loadCountyCalendar(db, countyCode);
  const county = calendar.forSchool(null);
  const days: string[] = [];
  for (let offset = 1; days.length < SCHOOL_DAYS && offset < 60; offset++) {
    const day = new Date(Date.parse(`${today}T00:00:00Z`) - offset * 86_400_000).toISOString().slice(0, 10);
    if (county.isSchoolDay(day)) days.unshift(day);
  }
  const classes = await db
    .selectFrom('school_class as k')
    .select(['k.id', 'k.school_id', 'k.homeroom_teacher_id'])
    .where('k.county_code', '=', countyCode)
    .orderBy('k.id')
    .execute();
  const children = await db
    .selectFrom('child')
    .select(['id', 'class_id'])
    .where('county_code', '=', countyCode)
    .where('ended_at', 'is', null)
    .where('class_id', 'is not', null)
    .orderBy('id')
    .execute();
  const byClass = new Map<number, number[]>();
  for (const child of children) {
    const list = byClass.get(child.class_id as number) ?? [];
    list.push(child.id);
    byClass.set(child.class_id as number, list);
  }
  // One child in about one class in thirty stops coming, 1 to 4 school days before today; in the
  // first class (the demo teacher's) one has been away three days, so every school role has work.
  const stopped = new Map<number, number>();
  const firstPupils = byClass.get(classes[0]?.id ?? -1) ?? [];
  if (firstPupils[1] !== undefined) stopped.set(firstPupils[1], 3);
  for (const schoolClass of classes) {
    const pupils = byClass.get(schoolClass.id) ?? [];
    if (pupils.length > 0 && random.chance(1 / 30)) stopped.set(random.pick(pupils), random.int(1, 4));
  }

  const timeline = await policyTimeline(db, countyCode);
  let rollCalls = 0;
  let absences = 0;
  let tasks = 0;
  for (const [dayIndex, day] of days.entries()) {
    const submittedAt = new Date(`${day}T08:10:00+08:00`);
    const rows = await db
      .insertInto('roll_call')
      .values(
        classes.map((k) => ({
          county_code: countyCode,
          class_id: k.id,
          school_id: k.school_id,
          day,
          submitted_by: k.homeroom_teacher_id,
          submitted_at: submittedAt,
          updated_by: k.homeroom_teacher_id,
          updated_at: submittedAt,
        })),
      )
      .returning(['id', 'class_id'])
      .execute();
    rollCalls += rows.length;
    const marks: Array<{
      county_code: string;
      roll_call_id: number;
      child_id: number;
      day: string;
      kind: string;
      portion: string;
      reason: string | null;
      symptoms: string | null;
    }> = [];
    for (const row of rows) {
      const pupils = byClass.get(row.class_id) ?? [];
      const marked = new Set<number>();
      for (const [childId, daysAway] of stopped) {
        if (pupils.includes(childId) && dayIndex >= days.length - daysAway) {
          marked.add(childId);
          marks.push({
            ...base(row.id, childId),
            kind: 'absent',
            portion: 'whole',
            reason: 'unknown',
            symptoms: null,
          });
        }
      }
      for (let n = random.int(0, 2); n > 0 && pupils.length > 0; n--) {
        const childId = random.pick(pupils);
        if (marked.has(childId) || stopped.has(childId)) continue;
        marked.add(childId);
        const draw = random.next();
        if (draw < 0.35)
          marks.push({
            ...base(row.id, childId),
            kind: 'late',
            portion: 'morning',
            reason: null,
            symptoms: null,
          });
        else if (draw < 0.5) {
          marks.push({
            ...base(row.id, childId),
            kind: 'left_early',
            portion: 'afternoon',
            reason: 'sick',
            symptoms: random.pick(SYMPTOMS),
          });
        } else {
          // Sick for the day, leave asked by phone and approved by the homeroom teacher.
          marks.push({
            ...base(row.id, childId),
            kind: 'leave',
            portion: 'whole',
            reason: 'sick',
            symptoms: random.pick(SYMPTOMS),
          });
          await db
            .insertInto('leave_request')
            .values({
              county_code: countyCode,
              child_id: childId,
              kind: 'sick',
              starts_on: day,
              ends_on: day,
              school_days: 1,
              symptoms: marks.at(-1)?.symptoms ?? null,
              requested_by: '家长',
              requested_via: 'phone',
              recorded_by: classes.find((k) => k.id === row.class_id)?.homeroom_teacher_id ?? null,
              recorded_at: submittedAt,
              approver_role: 'homeroom_teacher',
              status: 'approved',
              decided_by: classes.find((k) => k.id === row.class_id)?.homeroom_teacher_id ?? null,
              decided_at: submittedAt,
              policy_version: timeline.on(day).version,
            })
            .execute();
        }
      }
    }
    function base(rollCallId: number, childId: number) {
      return { county_code: countyCode, roll_call_id: rollCallId, child_id: childId, day };
    }
    if (marks.length > 0) await db.insertInto('absence').values(marks).execute();
    absences += marks.length;
    const run = await runEscalation(db, new Date(`${day}T18:00:00+08:00`), {
      countyCode,
      day,
      calendar,
      timeline,
    });
    tasks += run.tasksCreated;
  }
  await recordSomeOutcomes(db, countyCode, days.at(-1) ?? today, random);
  return { rollCalls, absences, tasks };
}

/** Steps opened before the last demo day are mostly done: the owner phoned or visited and noted why. */
async function recordSomeOutcomes(db: Kysely<DB>, countyCode: string, lastDay: string, random: Random) {
  const open = await db
    .selectFrom('escalation_task as t')
    .innerJoin('escalation_task_owner as o', (j) =>
      j
        .onRef('o.county_code', '=', 't.county_code')
        .onRef('o.task_id', '=', 't.id')
        .on('o.kind', '=', 'owner'),
    )
    .select(['t.id', 't.action', 't.trigger_day', 'o.user_id'])
    .where('t.county_code', '=', countyCode)
    .where('t.status', '=', 'open')
    .where('t.trigger_day', '<', lastDay)
    .orderBy('t.id')
    .execute();
  const seen = new Set<number>();
  for (const task of open) {
    if (seen.has(task.id) || !random.chance(0.6)) continue;
    seen.add(task.id);
    const outcome = {
      reached: random.pick(['guardian', 'guardian', 'relative', 'nobody']),
      channel: task.action === 'contact_guardians' ? 'phone' : 'visit',
      reasonGiven: random.pick(['孩子生病在家，未及时请假', '随父母外出探亲', '厌学，不愿到校', '家中有事']),
      expectedReturn: null,
      childReturned: false,
      note: null,
    };
    await db
      .updateTable('escalation_task')
      .set({
        status: 'done',
        outcome: JSON.stringify(outcome),
        outcome_by: task.user_id,
        outcome_at: new Date(`${task.trigger_day}T16:30:00+08:00`),
      })
      .where('county_code', '=', countyCode)
      .where('id', '=', task.id)
      .execute();
  }
}
