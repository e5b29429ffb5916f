import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, testDeps } from '../../../tests/support/database.ts';
import { addForeignCounty, type ForeignRecords } from '../../../tests/support/foreignCounty.ts';
import { type SignedIn, TestClient } from '../../../tests/support/http.ts';
import { createApp } from '../app.ts';
import type { Database } from '../db/connection.ts';
import type { Deps } from '../deps.ts';
import { type Access, guardedRouteKeys } from '../http/route.ts';
import { rolesWithPermission } from './permissions.ts';

/** One demo user per role, at the level the demo gives it. */
const USERS = {
  bureau_admin: 'county.admin',
  bureau_analyst: 'county.analyst',
  township_official: 'township.official',
  principal: 'principal',
  deputy_head: 'deputy',
  homeroom_teacher: 'teacher',
  helper_teacher: 'helper',
  expert_committee: 'expert',
  auditor: 'auditor',
  system_admin: 'sysadmin',
} as const;
type RoleKey = keyof typeof USERS;

interface Target {
  childId: number;
  childName: string;
  guardianId: number;
  membershipId: number;
  schoolId: number;
  classId: number;
  countyCode: string;
  taskId: number;
  leaveId: number;
  countyEntryId: number;
  closureId: number;
  townshipCode: string;
  importId: number;
  runId: number;
}

let database: Database;
let client: TestClient;
let foreign: ForeignRecords;
const sessions = new Map<RoleKey, SignedIn>();
const ownTargets = new Map<RoleKey, Target>();

let recordNumber = 0;

/** A task, a leave request and calendar entries of the child's class, school and county, for the routes that address them. */
async function attendanceRecordsOf(childId: number) {
  recordNumber += 1;
  const child = await database.db
    .selectFrom('child as c')
    .innerJoin('school as s', 's.id', 'c.school_id')
    .select(['c.county_code', 'c.class_id', 'c.school_id', 's.township_code'])
    .where('c.id', '=', childId)
    .executeTakeFirstOrThrow();
  const day = `2026-10-${String(recordNumber).padStart(2, '0')}`;
  const task = await database.db
    .insertInto('escalation_task')
    .values({
      county_code: child.county_code,
      child_id: childId,
      school_id: child.school_id as number,
      class_id: child.class_id,
      township_code: child.township_code,
      run_started_on: day,
      step_number: 1,
      step_day: 1,
      action: 'contact_guardians',
      roles: ['homeroom_teacher'],
      trigger_day: day,
      due_at: `${day}T09:00:00+08:00`,
      policy_version: 1,
      supervisor_level: 'school',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const leave = await database.db
    .insertInto('leave_request')
    .values({
      county_code: child.county_code,
      child_id: childId,
      kind: 'sick',
      starts_on: day,
      ends_on: day,
      school_days: 1,
      requested_by: '母亲',
      requested_via: 'phone',
      approver_role: 'principal',
      status: 'pending',
      policy_version: 1,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const entry = (schoolId: number | null) =>
    database.db
      .insertInto('calendar_entry')
      .values({ county_code: child.county_code, day, school_id: schoolId, kind: 'closure', note: '测试' })
      .returning('id')
      .executeTakeFirstOrThrow();
  const source = await database.db
    .insertInto('data_source')
    .values({ county_code: child.county_code, department: 'police', issuing_unit: `派出所${recordNumber}` })
    .returning('id')
    .executeTakeFirstOrThrow();
  const listImport = await database.db
    .insertInto('list_import')
    .values({
      county_code: child.county_code,
      kind: 'police',
      source_id: source.id,
      issuing_unit: `派出所${recordNumber}`,
      file_name: 'police.csv',
      format: 'csv',
      status: 'current',
      read_rows: 0,
      accepted: 0,
      rejected: 0,
      header_row: 1,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const run = await database.db
    .insertInto('crosscheck_run')
    .values({ county_code: child.county_code, as_of: day })
    .returning('id')
    .executeTakeFirstOrThrow();
  return {
    townshipCode: child.township_code,
    importId: listImport.id,
    runId: run.id,
    classId: child.class_id ?? 0,
    countyCode: child.county_code,
    taskId: task.id,
    leaveId: leave.id,
    countyEntryId: (await entry(null)).id,
    closureId: (await entry(child.school_id)).id,
  };
}

let foreignAttendance: Awaited<ReturnType<typeof attendanceRecordsOf>>;

beforeAll(async () => {
  database = await freshDatabase();
  foreign = await addForeignCounty(database.db);
  foreignAttendance = await attendanceRecordsOf(foreign.childId);
  client = TestClient.create(testDeps(database));
  for (const [role, username] of Object.entries(USERS) as Array<[RoleKey, string]>) {
    const session = await client.signIn(username);
    sessions.set(role, session);
    const list = await client.json<{ items: Array<{ id: number; name: string; schoolId: number }> }>(
      session,
      'GET',
      '/api/children?pageSize=1',
    );
    const first = list.status === 200 ? list.body.items[0] : undefined;
    if (first) {
      const guardian = await database.db
        .selectFrom('guardian')
        .select('id')
        .where('child_id', '=', first.id)
        .executeTakeFirst();
      const membership = await database.db
        .selectFrom('group_membership')
        .select('id')
        .where('child_id', '=', first.id)
        .executeTakeFirst();
      ownTargets.set(role, {
        childId: first.id,
        childName: first.name,
        guardianId: guardian?.id ?? 0,
        membershipId: membership?.id ?? 0,
        schoolId: first.schoolId,
        ...(await attendanceRecordsOf(first.id)),
      });
    }
  }
});

afterAll(async () => {
  await database.close();
});

const foreignTarget = (): Target => ({
  childId: foreign.childId,
  childName: foreign.childName,
  guardianId: foreign.guardianId,
  membershipId: foreign.membershipId,
  schoolId: foreign.schoolId,
  ...foreignAttendance,
});

// User routes take a user id: one that no user has, so the matrix never resets or disables anyone.
const NO_SUCH_USER = 999_999_999;

/** The record each route family addresses by `:id`. */
const ID_OF: Array<[string, (target: Target) => number]> = [
  ['/api/schools', (t) => t.schoolId],
  ['/api/users', () => NO_SUCH_USER],
  ['/api/classes', (t) => t.classId],
  ['/api/tasks', (t) => t.taskId],
  ['/api/leave-requests', (t) => t.leaveId],
  ['/api/counties', (t) => t.countyEntryId],
  ['/api/imports', (t) => t.importId],
];

/** Records that belong to the user who made them (an import job): only the refusal is checked. */
const PER_USER_PATHS = ['/api/imports/jobs/:jobId'];

function pathFor(template: string, target: Target): string {
  const id = ID_OF.find(([prefix]) => template.startsWith(prefix))?.[1](target) ?? target.childId;
  return template
    .replace(':guardianId', String(target.guardianId))
    .replace(':membershipId', String(target.membershipId))
    .replace(':entryId', String(target.closureId))
    .replace(':code', target.countyCode)
    .replace(':jobId', 'no-such-job')
    .replace(':runId', String(target.runId))
    .replace(':id', String(id))
    .concat(template.includes('check-sheet') ? `?township=${target.townshipCode}` : '');
}

// Routes register when an app is assembled; assemble one now so the tables below can be built
// from the real route list at collection time (no request reaches its placeholder deps).
const assembled = createApp({} as Deps);
const routes = [...guardedRouteKeys()].map(([key, access]) => {
  const [method = '', path = ''] = key.split(' ');
  return { method, path, access };
});

function permittedRoles(access: Access): readonly string[] | 'everyone' {
  if ('public' in access || 'signedIn' in access) return 'everyone';
  return rolesWithPermission(access.permission);
}

describe('every registered API route is guarded', () => {
  it('the app registers no /api route outside guardedRoute', () => {
    const keys = guardedRouteKeys();
    const unguarded = assembled.routes
      .filter(
        (r) =>
          r.path.startsWith('/api/') &&
          r.method !== 'ALL' &&
          !r.path.startsWith('/api/docs') &&
          r.path !== '/api/openapi.json',
      )
      .map((r) => `${r.method} ${r.path}`)
      .filter((key) => !keys.has(key));
    expect(unguarded).toEqual([]);
    expect(keys.size).toBeGreaterThan(10);
  });

  it('without a session every non-public route answers 401 and reveals nothing', async () => {
    for (const { method, path, access } of routes) {
      if ('public' in access) continue;
      const response = await client.request(
        null,
        method,
        pathFor(path, foreignTarget()),
        method === 'GET' ? undefined : {},
      );
      // A state-changing request without a CSRF token is refused before the session check.
      expect([401, 403], `${method} ${path}`).toContain(response.status);
      expect(await response.text()).not.toContain(foreign.childName);
    }
  });
});

describe.each(Object.keys(USERS) as RoleKey[])('role %s', (role) => {
  it.each(
    routes
      .filter((r) => !('public' in r.access) && r.path.includes(':'))
      .map((r) => [`${r.method} ${r.path}`, r] as const),
  )(
    '%s: out of scope → refused without data; in scope → allowed only with the permission',
    async (_name, { method, path, access }) => {
      const session = sessions.get(role) as SignedIn;
      const permitted = permittedRoles(access);
      const hasPermission = permitted === 'everyone' || permitted.includes(role);
      const body = method === 'GET' ? undefined : {};

      const outside = await client.request(session, method, pathFor(path, foreignTarget()), body);
      const outsideText = await outside.text();
      expect(outsideText, 'no foreign data in a refusal').not.toContain(foreign.childName);
      expect(outside.status, `${role} ${method} foreign record`).toBe(hasPermission ? 404 : 403);

      const own = ownTargets.get(role);
      // A helper's scope is the paired children, never a school: no school record is theirs.
      if (!own || (role === 'helper_teacher' && path.startsWith('/api/schools'))) return;
      if (PER_USER_PATHS.includes(path)) return;
      const inside = await client.request(session, method, pathFor(path, own), body);
      if (hasPermission) {
        // 400 means the guard let the request through to body validation (an empty body).
        expect([200, 201, 204, 400], `${role} ${method} own record`).toContain(inside.status);
      } else {
        expect(inside.status).toBe(403);
      }
    },
  );

  it('lists and searches return only rows inside the jurisdiction', async () => {
    const session = sessions.get(role) as SignedIn;
    const mayRead = rolesWithPermission('child.read').includes(role);
    const search = await client.json<{
      total: number;
      items: Array<{ id: number; schoolId: number | null }>;
    }>(session, 'GET', `/api/children?q=${encodeURIComponent(foreign.childName)}`);
    const byLast4 = await client.json<{ total: number }>(session, 'GET', '/api/children?q=1234');
    if (!mayRead) {
      expect(search.status).toBe(403);
      return;
    }
    expect(search.status).toBe(200);
    expect(search.body.total).toBe(0);
    expect(byLast4.status).toBe(200);
    const schools = await client.json<{ items: Array<{ id: number }> }>(
      session,
      'GET',
      '/api/schools?pageSize=200',
    );
    expect(schools.body.items.map((s) => s.id)).not.toContain(foreign.schoolId);
    const all = await client.json<{ items: Array<{ id: number }> }>(
      session,
      'GET',
      '/api/children?pageSize=100',
    );
    expect(all.body.items.map((c) => c.id)).not.toContain(foreign.childId);
  });

  it('task, leave and roll-call lists hold nothing of another county', async () => {
    const session = sessions.get(role) as SignedIn;
    const lists = [
      ['/api/tasks?view=all&pageSize=100', 'escalation.read'],
      ['/api/leave-requests?pageSize=100', 'leave.decide'],
      ['/api/roll-call-status', 'rollCall.status'],
      ['/api/escalations/overdue', 'escalation.oversee'],
      ['/api/suspected-dropouts', 'escalation.oversee'],
    ] as const;
    for (const [path, permission] of lists) {
      const response = await client.request(session, 'GET', path);
      expect(response.status, `${role} ${path}`).toBe(
        rolesWithPermission(permission).includes(role) ? 200 : 403,
      );
      const text = await response.text();
      expect(text, path).not.toContain(foreign.childName);
      expect(text, path).not.toContain('东城区测试小学');
      if (response.status === 200 && path.startsWith('/api/tasks')) {
        const ids = (JSON.parse(text) as { items: Array<{ id: number }> }).items.map((t) => t.id);
        expect(ids).not.toContain(foreignAttendance.taskId);
      }
    }
  });
});

describe('a homeroom teacher sees exactly their own class', () => {
  it('cannot read a child of another class in the same school, nor guess ids', async () => {
    const teacher = sessions.get('homeroom_teacher') as SignedIn;
    const own = await client.json<{ total: number; items: Array<{ classId: number }> }>(
      teacher,
      'GET',
      '/api/children?pageSize=100',
    );
    expect(own.body.total).toBeGreaterThan(0);
    const classIds = new Set(own.body.items.map((c) => c.classId));
    expect(classIds.size).toBe(1);
    const [classId] = [...classIds];
    const others = await database.db
      .selectFrom('child')
      .select(['id', 'name'])
      .where('class_id', '!=', classId ?? -1)
      .limit(20)
      .execute();
    expect(others.length).toBeGreaterThan(0);
    for (const other of others) {
      const response = await client.request(teacher, 'GET', `/api/children/${other.id}`);
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain(other.name);
    }
    const filtered = await client.json<{ total: number }>(
      teacher,
      'GET',
      `/api/children?classId=${foreign.classId}`,
    );
    expect(filtered.body.total).toBe(0);
  });
});
