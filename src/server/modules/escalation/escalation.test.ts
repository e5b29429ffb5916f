import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, testDeps } from '../../../../tests/support/database.ts';
import { teacherClass } from '../../../../tests/support/demoPlaces.ts';
import { TestClient } from '../../../../tests/support/http.ts';
import { DEFAULT_COUNTY_POLICY } from '../../../domain/index.ts';
import { SYSTEM_ACTOR } from '../../auth/actor.ts';
import type { Database } from '../../db/connection.ts';
import { runDueDailyEscalations } from './dailyJob.ts';
import { exportTasks, runCountyDay } from './service.ts';

// The clock moves through the week of 2026-11-16 (Mon) … 2026-11-24 (Tue); each "day" starts at
// 08:30 China time, before the 09:00 roll-call hour.
let clock = new Date('2026-11-18T00:30:00Z');
const at = (day: string, time = '08:30') => {
  clock = new Date(`${day}T${time}:00+08:00`);
};

let database: Database;
let client: TestClient;
let deps: ReturnType<typeof testDeps>;
let classId: number;
let countyCode: string;
let children: Array<{ id: number; student_number: string | null }>;

interface Task {
  id: number;
  childId: number;
  step: number;
  runDay: number;
  roles: string[];
  triggerDay: string;
  status: string;
  policyVersion: number;
  unstaffedRoles: string[];
  owners: Array<{ userId: number; role: string; viaRole: string; kind: string }>;
}

beforeAll(async () => {
  database = await freshDatabase();
  deps = testDeps(database, { now: () => clock });
  client = TestClient.create(deps);
  ({ classId, countyCode } = await teacherClass(database.db));
  children = await database.db
    .selectFrom('child')
    .select(['id', 'student_number'])
    .where('class_id', '=', classId)
    .where('ended_at', 'is', null)
    .orderBy('id')
    .execute();
});
afterAll(async () => {
  await database.close();
});

/** The id of the class's n-th child (ordered by id). */
function childId(index: number): number {
  const child = children[index];
  if (!child) throw new Error(`the demo class has no child ${index}`);
  return child.id;
}

async function rollCall(
  day: string,
  marks: Array<{ childId: number; kind?: string; reason?: string }>,
  username = 'teacher',
) {
  at(day);
  const session = await client.signIn(username);
  return client.json<Record<string, unknown>>(session, 'PUT', `/api/classes/${classId}/roll-call`, {
    day,
    revision: null,
    marks: marks.map((m) => ({
      childId: m.childId,
      kind: m.kind ?? 'absent',
      reason: m.reason ?? 'unknown',
    })),
  });
}

async function tasksOf(username: string, childId: number, view = 'all'): Promise<Task[]> {
  const session = await client.signIn(username);
  const { status, body } = await client.json<{ items: Task[] }>(
    session,
    'GET',
    `/api/tasks?view=${view}&childId=${childId}&pageSize=100`,
  );
  expect(status).toBe(200);
  return body.items.sort((a, b) => a.step - b.step);
}

describe('the 1-2-3 ladder from roll calls', () => {
  it('opens one task per step, each dated by the school day that reached it, with the right owners', async () => {
    const child = childId(0);
    const others = children.slice(1).map((c) => c.id);
    // Wed, Thu, Fri of the week before the test day: three unexcused school days.
    for (const day of ['2026-11-18', '2026-11-19', '2026-11-20']) {
      const response = await rollCall(day, [{ childId: child }]);
      expect(response.status, JSON.stringify(response.body)).toBe(200);
    }
    const tasks = await tasksOf('principal', child);
    expect(tasks.map((t) => [t.step, t.triggerDay, t.policyVersion])).toEqual([
      [1, '2026-11-18', 1],
      [2, '2026-11-19', 1],
      [3, '2026-11-20', 1],
    ]);
    expect(tasks.map((t) => t.roles)).toEqual(DEFAULT_COUNTY_POLICY.escalation.map((s) => s.roles));
    const ownerRoles = (task: Task, kind: string) =>
      [...new Set(task.owners.filter((o) => o.kind === kind).map((o) => o.role))].sort();
    expect(ownerRoles(tasks[0] as Task, 'owner')).toEqual(['homeroom_teacher']);
    expect(ownerRoles(tasks[1] as Task, 'owner')).toEqual(['deputy_head', 'homeroom_teacher']);
    expect(ownerRoles(tasks[2] as Task, 'owner')).toEqual(['deputy_head', 'homeroom_teacher', 'principal']);
    expect(ownerRoles(tasks[2] as Task, 'notify')).toEqual(['bureau_admin', 'township_official']);
    expect(others.length).toBeGreaterThan(0);
    expect(await tasksOf('principal', others[0] ?? -1)).toEqual([]);
  });

  it('creates nothing more when the day is run again (daily job, CLI)', async () => {
    at('2026-11-20', '18:00');
    const again = await runCountyDay(deps, countyCode, '2026-11-20', 'cli');
    expect(again).toMatchObject({ schoolDay: true, tasksCreated: 0 });
  });

  it('opens each step once when runs for the same day overlap', async () => {
    at('2026-11-20', '19:00');
    const runs = await Promise.all([1, 2, 3].map(() => runCountyDay(deps, countyCode, '2026-11-20', 'cli')));
    expect(runs.reduce((n, r) => n + r.tasksCreated, 0)).toBe(0);
    const steps = await database.db
      .selectFrom('escalation_task')
      .select(['step_day'])
      .where('child_id', '=', childId(0))
      .execute();
    expect(steps.map((s) => s.step_day).sort()).toEqual([1, 2, 3]);
  });

  it('runs the daily job once per county after the evening hour, never before', async () => {
    at('2026-11-20', '17:00');
    expect(await runDueDailyEscalations(deps, () => {})).toBe(0);
    at('2026-11-20', '20:30');
    expect(await runDueDailyEscalations(deps, () => {})).toBe(1);
    expect(await runDueDailyEscalations(deps, () => {})).toBe(0);
  });

  it('does nothing on a weekend and says it is not a school day', async () => {
    const saturday = await runCountyDay(deps, countyCode, '2026-11-21', 'cli');
    expect(saturday).toMatchObject({ schoolDay: false, tasksCreated: 0 });
  });

  it('shows an overdue step to the level above, and lists it for `nol tasks`', async () => {
    const child = childId(0);
    at('2026-11-21', '12:00');
    const supervised = await tasksOf('principal', child, 'supervise');
    expect(supervised.map((t) => t.step)).toContain(1);
    expect(supervised.every((t) => t.status === 'overdue')).toBe(true);
    const teacherView = await tasksOf('teacher', child, 'supervise');
    expect(teacherView).toEqual([]);
    const exported = await exportTasks(deps, SYSTEM_ACTOR, '2026-11-18', '2026-11-20');
    const mine = exported.filter((t) => t.childId === child);
    expect(mine.map((t) => [t.step, t.status, t.policyVersion])).toEqual([
      [1, 'overdue', 1],
      [2, 'overdue', 1],
      [3, 'overdue', 1],
    ]);
    expect(mine[0]?.owners).toEqual(['homeroom_teacher']);
    expect(mine[0]?.due).toBe('2026-11-19T01:00:00.000Z');
  });

  it('enters the suspected-dropout register after the last step and closes everything when the child is back', async () => {
    const child = childId(0);
    expect((await rollCall('2026-11-23', [{ childId: child }])).status).toBe(200);
    const dropout = await database.db
      .selectFrom('suspected_dropout')
      .selectAll()
      .where('child_id', '=', child)
      .executeTakeFirstOrThrow();
    expect(dropout).toMatchObject({
      run_started_on: '2026-11-18',
      entered_on: '2026-11-23',
      resolved_on: null,
    });
    expect((await rollCall('2026-11-24', [])).status).toBe(200);
    const tasks = await tasksOf('principal', child);
    expect(tasks.map((t) => t.status)).toEqual(['closed', 'closed', 'closed']);
    const resolved = await database.db
      .selectFrom('suspected_dropout')
      .select('resolved_on')
      .where('child_id', '=', child)
      .executeTakeFirstOrThrow();
    expect(resolved.resolved_on).toBe('2026-11-24');
  });
});

describe('roll-call refusals', () => {
  it.each([
    ['a weekend', '2026-11-22', '2026-11-22', /不是上课日/],
    ['a future date', '2026-11-24', '2026-11-23', /将来/],
    ['a past day', '2026-11-20', '2026-11-23', /只能提交和修改当天/],
  ])('refuses %s', async (_label, day, today, message) => {
    at(today);
    const session = await client.signIn('teacher');
    const { status, body } = await client.json<{ error: { message: string } }>(
      session,
      'PUT',
      `/api/classes/${classId}/roll-call`,
      { day, revision: null, marks: [] },
    );
    expect(status).toBe(400);
    expect(body.error.message).toMatch(message);
  });

  it('refuses a child who is not in the class', async () => {
    at('2026-11-25');
    const stranger = await database.db
      .selectFrom('child')
      .select('id')
      .where('class_id', '!=', classId)
      .executeTakeFirstOrThrow();
    const session = await client.signIn('teacher');
    const { status, body } = await client.json<{ error: { message: string } }>(
      session,
      'PUT',
      `/api/classes/${classId}/roll-call`,
      { day: '2026-11-25', revision: null, marks: [{ childId: stranger.id, kind: 'absent' }] },
    );
    expect(status).toBe(400);
    expect(body.error.message).toMatch(/不在本班/);
  });

  it('answers 404 to a teacher taking another class’s roll call', async () => {
    at('2026-11-25');
    const other = await database.db
      .selectFrom('school_class')
      .select('id')
      .where('id', '!=', classId)
      .executeTakeFirstOrThrow();
    const session = await client.signIn('teacher');
    const response = await client.request(session, 'PUT', `/api/classes/${other.id}/roll-call`, {
      day: '2026-11-25',
      revision: null,
      marks: [],
    });
    expect(response.status).toBe(404);
  });

  it('keeps one submission when two teachers submit the same class-day at once; the second sees the first', async () => {
    at('2026-11-26');
    const [teacher, principal] = [await client.signIn('teacher'), await client.signIn('principal')];
    const submit = (session: typeof teacher, childId: number) =>
      client.json<{
        error?: { code: string; current?: { children: Array<{ childId: number; mark: unknown }> } };
      }>(session, 'PUT', `/api/classes/${classId}/roll-call`, {
        day: '2026-11-26',
        revision: null,
        marks: [{ childId, kind: 'late' }],
      });
    const results = await Promise.all([submit(teacher, childId(1)), submit(principal, childId(2))]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const loser = results.find((r) => r.status === 409) ?? results[0];
    expect(loser.body.error?.code).toBe('conflict');
    const marked = loser.body.error?.current?.children.filter((c) => c.mark !== null) ?? [];
    expect(marked).toHaveLength(1);
    const rows = await database.db
      .selectFrom('roll_call')
      .select('id')
      .where('class_id', '=', classId)
      .where('day', '=', '2026-11-26')
      .execute();
    expect(rows).toHaveLength(1);
  });
});

describe('leave', () => {
  it('excuses the day it covers: leave in the middle neither counts nor ends the run', async () => {
    const child = childId(3);
    expect((await rollCall('2026-11-30', [{ childId: child }])).status).toBe(200);
    at('2026-12-01', '08:00');
    const teacher = await client.signIn('teacher');
    const leave = await client.json<{ status: string; recordedLate: boolean }>(
      teacher,
      'POST',
      `/api/children/${child}/leave-requests`,
      {
        kind: 'sick',
        startsOn: '2026-12-01',
        endsOn: '2026-12-01',
        requestedBy: '母亲',
        requestedVia: 'phone',
        symptoms: '发热',
      },
    );
    expect(leave.status).toBe(201);
    expect(leave.body).toMatchObject({ status: 'approved', recordedLate: false });
    expect((await rollCall('2026-12-01', [{ childId: child, kind: 'leave', reason: 'sick' }])).status).toBe(
      200,
    );
    expect((await rollCall('2026-12-02', [{ childId: child }])).status).toBe(200);
    const tasks = await tasksOf('principal', child);
    expect(tasks.map((t) => [t.step, t.triggerDay])).toEqual([
      [1, '2026-11-30'],
      [2, '2026-12-02'],
    ]);
  });

  it.each([
    ['ending before it starts', { startsOn: '2026-12-03', endsOn: '2026-12-02' }, /结束日期不能早于开始日期/],
    ['overlapping another', { startsOn: '2026-12-01', endsOn: '2026-12-01' }, /重叠/],
    ['too late to record', { startsOn: '2026-11-16', endsOn: '2026-11-16' }, /补假须在/],
  ])('refuses leave %s', async (_label, period, message) => {
    at('2026-12-02');
    const teacher = await client.signIn('teacher');
    const { status, body } = await client.json<{ error: { message: string } }>(
      teacher,
      'POST',
      `/api/children/${childId(3)}/leave-requests`,
      { kind: 'personal', requestedBy: '父亲', requestedVia: 'in_person', ...period },
    );
    expect(status).toBe(400);
    expect(body.error.message).toMatch(message);
  });
});

describe('a county with its own ladder', () => {
  it('applies a 1/3/5 ladder from its effective date, and the tasks record the version they used', async () => {
    at('2026-12-03', '07:00');
    const admin = await client.signIn('county.admin');
    const ladder = {
      ...DEFAULT_COUNTY_POLICY,
      escalation: [
        { day: 1, action: 'contact_guardians', roles: ['homeroom_teacher'], deadlineHours: 24, notify: [] },
        { day: 3, action: 'home_visit', roles: ['principal', 'deputy_head'], deadlineHours: 48, notify: [] },
        {
          day: 5,
          action: 'report',
          roles: ['township_official', 'bureau_admin'],
          deadlineHours: 72,
          notify: ['principal'],
        },
      ],
    };
    const saved = await client.json<{ version: number; changes: unknown[] }>(
      admin,
      'POST',
      `/api/counties/${countyCode}/policy`,
      { policy: ladder, effectiveFrom: '2026-12-04', reason: '县教体局 2026 第 12 号文' },
    );
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    expect(saved.body.version).toBe(2);

    const child = childId(4);
    // Thu 12-03 under version 1, then Fri, Mon, Tue, Wed under version 2.
    for (const day of ['2026-12-03', '2026-12-04', '2026-12-07', '2026-12-08', '2026-12-09']) {
      expect((await rollCall(day, [{ childId: child }])).status).toBe(200);
    }
    const tasks = await tasksOf('county.admin', child);
    expect(tasks.map((t) => [t.step, t.runDay, t.triggerDay, t.policyVersion])).toEqual([
      [1, 1, '2026-12-03', 1],
      [2, 3, '2026-12-07', 2],
      [3, 5, '2026-12-09', 2],
    ]);
    const last = tasks.at(-1) as Task;
    expect(last.roles).toEqual(['township_official', 'bureau_admin']);
    expect([...new Set(last.owners.filter((o) => o.kind === 'owner').map((o) => o.role))].sort()).toEqual([
      'bureau_admin',
      'township_official',
    ]);
  });

  it('refuses a ladder that repeats a day, and a version dated in the past', async () => {
    at('2026-12-09');
    const admin = await client.signIn('county.admin');
    const repeated = {
      ...DEFAULT_COUNTY_POLICY,
      escalation: [DEFAULT_COUNTY_POLICY.escalation[0], DEFAULT_COUNTY_POLICY.escalation[0]],
    };
    const bad = await client.json<{ error: { message: string } }>(
      admin,
      'POST',
      `/api/counties/${countyCode}/policy`,
      {
        policy: repeated,
        effectiveFrom: '2026-12-10',
      },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/重复/);
    const past = await client.json<{ error: { message: string } }>(
      admin,
      'POST',
      `/api/counties/${countyCode}/policy`,
      {
        policy: DEFAULT_COUNTY_POLICY,
        effectiveFrom: '2026-12-01',
      },
    );
    expect(past.status).toBe(400);
    expect(past.body.error.message).toMatch(/不能早于今天/);
  });
});

describe('owners nobody holds', () => {
  it('passes the step one level up and flags the role', async () => {
    at('2026-12-10');
    const deputy = await database.db
      .selectFrom('user_role as r')
      .innerJoin('app_user as u', 'u.id', 'r.user_id')
      .select('r.id')
      .where('u.username', 'in', ['deputy'])
      .execute();
    const schoolId = (
      await database.db
        .selectFrom('school_class')
        .select('school_id')
        .where('id', '=', classId)
        .executeTakeFirstOrThrow()
    ).school_id;
    await database.db
      .updateTable('user_role')
      .set({ ended_at: new Date('2026-12-01T00:00:00Z') })
      .where('role', '=', 'deputy_head')
      .where('school_id', '=', schoolId)
      .execute();
    expect(deputy.length).toBeGreaterThan(0);
    const child = childId(5);
    // Version 2 (the 1/3/5 ladder) is in force: day 3 goes to the principal and the missing deputy.
    for (const day of ['2026-12-10', '2026-12-11', '2026-12-14']) {
      expect((await rollCall(day, [{ childId: child }])).status).toBe(200);
    }
    const tasks = await tasksOf('principal', child);
    const visit = tasks.find((t) => t.runDay === 3) as Task;
    expect(visit.unstaffedRoles).toEqual(['deputy_head']);
    expect(visit.owners.find((o) => o.role === 'deputy_head')?.viaRole).toBe('principal');
  });
});
