import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, testDeps } from '../../../../tests/support/database.ts';
import { teacherClass } from '../../../../tests/support/demoPlaces.ts';
import { type SignedIn, TestClient } from '../../../../tests/support/http.ts';
import type { Database } from '../../db/connection.ts';

let clock = new Date('2026-11-23T00:30:00Z');
const at = (day: string, time = '08:30') => {
  clock = new Date(`${day}T${time}:00+08:00`);
};

let database: Database;
let client: TestClient;
let classId: number;
let otherClassId: number;
let children: Array<{ id: number }>;

interface Sheet {
  day: string;
  editable: boolean;
  submitted: { revision: number } | null;
  children: Array<{
    childId: number;
    grade: number | null;
    mark: { kind: string; portion: string; symptoms: string | null } | null;
  }>;
}

beforeAll(async () => {
  database = await freshDatabase();
  client = TestClient.create(testDeps(database, { now: () => clock }));
  const place = await teacherClass(database.db);
  classId = place.classId;
  const other = await database.db
    .selectFrom('school_class')
    .select('id')
    .where('school_id', '=', place.schoolId)
    .where('id', '!=', classId)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  otherClassId = other.id;
  children = await database.db
    .selectFrom('child')
    .select(['id'])
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

const signIn = (username: string) => client.signIn(username);
const put = (session: SignedIn, id: number, body: unknown) =>
  client.json<Sheet & { tasksOpened: number; error?: { message: string } }>(
    session,
    'PUT',
    `/api/classes/${id}/roll-call`,
    body,
  );

describe('roll call', () => {
  it('starts with everyone present, stores only the exceptions, and can be corrected the same day', async () => {
    at('2026-11-23');
    const teacher = await signIn('teacher');
    const blank = await client.json<Sheet>(teacher, 'GET', `/api/classes/${classId}/roll-call`);
    expect(blank.status).toBe(200);
    expect(blank.body).toMatchObject({ day: '2026-11-23', editable: true, submitted: null });
    expect(blank.body.children.every((c) => c.mark === null)).toBe(true);

    const sick = childId(0);
    const first = await put(teacher, classId, {
      day: '2026-11-23',
      revision: null,
      marks: [{ childId: sick, kind: 'absent', reason: 'sick', symptoms: '发热' }],
    });
    expect(first.status).toBe(200);
    expect(first.body.submitted?.revision).toBe(1);
    const stored = await database.db
      .selectFrom('absence')
      .select(['child_id', 'symptoms'])
      .where('day', '=', '2026-11-23')
      .execute();
    expect(stored).toEqual([{ child_id: sick, symptoms: '发热' }]);

    at('2026-11-23', '10:00');
    const corrected = await put(await signIn('teacher'), classId, {
      day: '2026-11-23',
      revision: 1,
      marks: [{ childId: sick, kind: 'late', portion: 'morning' }],
    });
    expect(corrected.status).toBe(200);
    expect(corrected.body.submitted?.revision).toBe(2);
    const audit = await database.db
      .selectFrom('audit_log')
      .select(['action', 'detail'])
      .where('entity', '=', 'roll_call')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['roll_call.submit', 'roll_call.update']);
    expect(audit[1]?.detail).toMatchObject({
      before: [{ childId: sick, kind: 'absent' }],
      after: [{ childId: sick, kind: 'late' }],
    });
  });

  it('refuses an edit based on an old revision with 409 and the current marks', async () => {
    const stale = await put(await signIn('principal'), classId, {
      day: '2026-11-23',
      revision: 1,
      marks: [],
    });
    expect(stale.status).toBe(409);
    const current = (stale.body as unknown as { error: { current: Sheet } }).error.current;
    expect(current.submitted?.revision).toBe(2);
    expect(current.children.find((c) => c.mark)?.mark?.kind).toBe('late');
  });

  it('takes a multi-grade class (复式班) in one roll call', async () => {
    // A teaching point's class holds pupils of two grades.
    await database.db.updateTable('child').set({ grade: 2 }).where('id', '=', childId(1)).execute();
    at('2026-11-24');
    const response = await put(await signIn('teacher'), classId, {
      day: '2026-11-24',
      revision: null,
      marks: [
        { childId: childId(1), kind: 'absent' },
        { childId: childId(2), kind: 'left_early', portion: 'afternoon' },
      ],
    });
    expect(response.status).toBe(200);
    const grades = new Set(response.body.children.map((c) => c.grade));
    expect(grades.size).toBeGreaterThan(1);
  });

  it('lets an assigned substitute take the class until the assignment ends', async () => {
    at('2026-11-24', '08:00');
    const substitute = await database.db
      .selectFrom('user_role as r')
      .innerJoin('app_user as u', 'u.id', 'r.user_id')
      .select('u.username')
      .where('r.class_id', '=', otherClassId)
      .where('r.role', '=', 'homeroom_teacher')
      .executeTakeFirstOrThrow();
    const before = await put(await signIn(substitute.username), classId, {
      day: '2026-11-24',
      revision: 1,
      marks: [],
    });
    expect(before.status).toBe(404);
    const assigned = await client.json(
      await signIn('principal'),
      'POST',
      `/api/classes/${classId}/substitutes`,
      {
        username: substitute.username,
        until: '2026-11-25',
      },
    );
    expect(assigned.status).toBe(201);
    const during = await client.json<Sheet>(
      await signIn(substitute.username),
      'GET',
      `/api/classes/${classId}/roll-call?day=2026-11-24`,
    );
    expect(during.status).toBe(200);
    at('2026-11-26');
    const after = await client.request(
      await signIn(substitute.username),
      'GET',
      `/api/classes/${classId}/roll-call`,
    );
    expect(after.status).toBe(404);
  });
});

describe('views', () => {
  it('shows the class month with unsubmitted days and the child’s history with its summary', async () => {
    at('2026-11-26');
    const teacher = await signIn('teacher');
    const month = await client.json<{
      days: Array<{ day: string; schoolDay: boolean; submitted: boolean }>;
      children: Array<{
        childId: number;
        marks: Array<{ day: string; kind: string }>;
        unexcusedDays: number;
      }>;
    }>(teacher, 'GET', `/api/classes/${classId}/attendance?month=2026-11`);
    expect(month.status).toBe(200);
    expect(month.body.days).toHaveLength(30);
    expect(month.body.days.find((d) => d.day === '2026-11-22')?.schoolDay).toBe(false);
    expect(month.body.days.find((d) => d.day === '2026-11-23')?.submitted).toBe(true);
    expect(month.body.days.find((d) => d.day === '2026-11-20')?.submitted).toBe(false);
    const absent = month.body.children.find((c) => c.childId === childId(1));
    expect(absent?.unexcusedDays).toBe(1);

    const history = await client.json<{
      absences: Array<{ day: string; kind: string }>;
      summary: Record<string, number>;
    }>(teacher, 'GET', `/api/children/${childId(2)}/attendance`);
    expect(history.status).toBe(200);
    expect(history.body.absences).toEqual([
      expect.objectContaining({ day: '2026-11-24', kind: 'left_early' }),
    ]);
    expect(history.body.summary).toMatchObject({ leftEarly: 1, unexcusedDays: 0 });
  });

  it('tells the principal which classes have not submitted', async () => {
    at('2026-11-26', '09:30');
    const status = await client.json<{
      pastDeadline: boolean;
      totals: { classes: number; submitted: number; missing: number };
      schools: Array<{ missing: Array<{ classId: number }> }>;
    }>(await signIn('principal'), 'GET', '/api/roll-call-status');
    expect(status.status).toBe(200);
    expect(status.body.pastDeadline).toBe(true);
    expect(status.body.totals.submitted).toBe(0);
    expect(status.body.totals.missing).toBe(status.body.totals.classes);
    expect(status.body.schools.flatMap((s) => s.missing.map((m) => m.classId))).toContain(classId);
  });
});

describe('leave approval levels', () => {
  it('lets the teacher approve short leave and leaves longer leave to the principal', async () => {
    at('2026-11-26');
    const teacher = await signIn('teacher');
    const long = await client.json<{ id: number; status: string; approverRole: string; schoolDays: number }>(
      teacher,
      'POST',
      `/api/children/${childId(3)}/leave-requests`,
      {
        kind: 'sick',
        startsOn: '2026-11-26',
        endsOn: '2026-12-04',
        requestedBy: '母亲',
        requestedVia: 'note',
      },
    );
    expect(long.status).toBe(201);
    expect(long.body).toMatchObject({ status: 'pending', approverRole: 'principal', schoolDays: 7 });
    const byTeacher = await client.json(teacher, 'POST', `/api/leave-requests/${long.body.id}/decision`, {
      decision: 'approve',
    });
    expect(byTeacher.status).toBe(403);
    const byPrincipal = await client.json<{ status: string }>(
      await signIn('principal'),
      'POST',
      `/api/leave-requests/${long.body.id}/decision`,
      { decision: 'approve', note: '病历已查看' },
    );
    expect(byPrincipal.status).toBe(200);
    expect(byPrincipal.body.status).toBe('approved');
  });

  it('marks leave recorded after it started as recorded late', async () => {
    at('2026-11-26');
    const late = await client.json<{ recordedLate: boolean; status: string }>(
      await signIn('teacher'),
      'POST',
      `/api/children/${childId(4)}/leave-requests`,
      {
        kind: 'personal',
        startsOn: '2026-11-24',
        endsOn: '2026-11-24',
        requestedBy: '父亲',
        requestedVia: 'phone',
      },
    );
    expect(late.status).toBe(201);
    expect(late.body).toMatchObject({ recordedLate: true, status: 'approved' });
  });

  it('writes submissions that arrive together each with its own outcome: saved, conflict or refusal', async () => {
    at('2026-12-01');
    const principal = await signIn('principal');
    const place = await teacherClass(database.db);
    const classes = await database.db
      .selectFrom('school_class')
      .select('id')
      .where('school_id', '=', place.schoolId)
      .orderBy('id')
      .limit(5)
      .execute();
    const pupils = await database.db
      .selectFrom('child')
      .select(['id', 'class_id'])
      .where(
        'class_id',
        'in',
        classes.map((k) => k.id),
      )
      .where('ended_at', 'is', null)
      .orderBy('id')
      .execute();
    const firstOf = (id: number) => pupils.find((p) => p.class_id === id)?.id as number;
    const mark = (childId: number, kind: string) => ({
      childId,
      kind,
      portion: 'whole',
      reason: kind === 'leave' ? 'sick' : null,
    });
    const [a, b, c] = classes.map((k) => k.id) as [number, number, number];
    const responses = await Promise.all([
      put(principal, a, { day: '2026-12-01', revision: null, marks: [mark(firstOf(a), 'absent')] }),
      put(principal, b, { day: '2026-12-01', revision: null, marks: [mark(firstOf(b), 'leave')] }),
      put(principal, b, { day: '2026-12-01', revision: null, marks: [] }),
      put(principal, c, { day: '2026-12-01', revision: null, marks: [mark(firstOf(a), 'absent')] }),
    ]);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 409, 400]);
    expect(responses[0]?.body.children.find((k) => k.childId === firstOf(a))?.mark?.kind).toBe('absent');
    expect(responses[0]?.body.tasksOpened).toBe(1);
    expect(responses[1]?.body.tasksOpened).toBe(0);
    expect(responses[3]?.body.error?.message).toContain('不在本班');

    const stored = await database.db
      .selectFrom('roll_call as r')
      .leftJoin('absence as x', 'x.roll_call_id', 'r.id')
      .select(['r.class_id', 'x.child_id', 'x.kind'])
      .where('r.day', '=', '2026-12-01')
      .orderBy('r.class_id')
      .execute();
    expect(stored).toEqual([
      { class_id: a, child_id: firstOf(a), kind: 'absent' },
      { class_id: b, child_id: firstOf(b), kind: 'leave' },
    ]);
    const leave = await database.db
      .selectFrom('leave_request')
      .select(['status', 'requested_by'])
      .where('child_id', '=', firstOf(b))
      .where('starts_on', '=', '2026-12-01')
      .executeTakeFirstOrThrow();
    expect(leave).toEqual({ status: 'approved', requested_by: '家长（点名时登记）' });
    const rollCallIds = await database.db
      .selectFrom('roll_call')
      .select('id')
      .where('day', '=', '2026-12-01')
      .execute();
    const audited = await database.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity', '=', 'roll_call')
      .where(
        'entity_id',
        'in',
        rollCallIds.map((r) => String(r.id)),
      )
      .execute();
    expect(audited).toEqual([{ action: 'roll_call.submit' }, { action: 'roll_call.submit' }]);
  });
});
