import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_NOW } from '../../../tests/support/constants.ts';
import { freshDatabase, testDeps } from '../../../tests/support/database.ts';
import { TestClient } from '../../../tests/support/http.ts';
import { schoolDate } from '../clock.ts';
import type { Database } from '../db/connection.ts';
import { policyTimeline } from '../modules/policy/index.ts';
import { savePolicyVersion } from '../modules/policy/service.ts';
import { addUser } from '../modules/users/service.ts';
import { SYSTEM_ACTOR } from './actor.ts';

let database: Database;
let now = TEST_NOW.getTime();
let client: TestClient;

beforeAll(async () => {
  database = await freshDatabase();
  client = TestClient.create(testDeps(database, { now: () => new Date(now) }));
});
afterAll(async () => {
  await database.close();
});

const signIn = (username: string, password: string, ip = '10.0.0.1') =>
  client.app.request('/api/auth/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': 'anonymous', 'x-test-client-ip': ip },
    body: JSON.stringify({ username, password }),
  });

describe('sign-in', () => {
  it('sets an httpOnly SameSite=Strict session cookie and security headers', async () => {
    const response = await signIn('principal', 'Demo2026pass');
    expect(response.status).toBe(200);
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('nol_session='));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('locks the account for 15 minutes after 5 wrong passwords, even for the right one', async () => {
    for (let i = 0; i < 4; i++)
      expect((await signIn('deputy', 'wrong-password', '10.0.0.2')).status).toBe(401);
    const fifth = await signIn('deputy', 'wrong-password', '10.0.0.2');
    expect(fifth.status).toBe(423);
    expect(((await fifth.json()) as { error: { message: string } }).error.message).toContain('锁定');
    expect((await signIn('deputy', 'Demo2026pass', '10.0.0.2')).status).toBe(423);
    now += 16 * 60_000;
    expect((await signIn('deputy', 'Demo2026pass', '10.0.0.2')).status).toBe(200);
  });

  it('gives the same answer for an unknown user as for a wrong password', async () => {
    const unknown = await signIn('nobody-here', 'whatever1234', '10.0.0.3');
    const wrong = await signIn('teacher', 'whatever1234', '10.0.0.3');
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toEqual(await wrong.json());
  });

  it('rate-limits sign-in attempts per address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) statuses.push((await signIn(`nobody${i}`, 'x', '10.9.9.9')).status);
    expect(statuses).toContain(429);
    expect((await signIn('teacher', 'Demo2026pass', '10.0.0.4')).status).toBe(200);
  });
});

describe('sessions', () => {
  it('expire after 30 idle minutes', async () => {
    const session = await client.signIn('teacher');
    expect((await client.request(session, 'GET', '/api/auth/me')).status).toBe(200);
    now += 29 * 60_000;
    expect((await client.request(session, 'GET', '/api/auth/me')).status).toBe(200);
    now += 31 * 60_000;
    expect((await client.request(session, 'GET', '/api/auth/me')).status).toBe(401);
  });

  it('refuse a state-changing request without the CSRF token', async () => {
    const session = await client.signIn('principal');
    const response = await client.app.request('/api/auth/sign-out', {
      method: 'POST',
      headers: { cookie: session.cookie, 'x-csrf-token': 'forged' },
    });
    expect(response.status).toBe(403);
    expect((await client.request(session, 'GET', '/api/auth/me')).status).toBe(200);
  });

  it('end at sign-out', async () => {
    const session = await client.signIn('principal');
    expect((await client.request(session, 'POST', '/api/auth/sign-out')).status).toBe(200);
    expect((await client.request(session, 'GET', '/api/auth/me')).status).toBe(401);
  });
});

describe('a new user', () => {
  it('must change the temporary password before anything else', async () => {
    const school = await database.db.selectFrom('school').select('code').executeTakeFirstOrThrow();
    const created = await addUser(testDeps(database), SYSTEM_ACTOR, {
      username: 'new.principal',
      displayName: '新校长',
      role: 'principal',
      scope: school.code,
    });
    const session = await client.signIn('new.principal', created.temporaryPassword);
    const me = await client.json<{ mustChangePassword: boolean }>(session, 'GET', '/api/auth/me');
    expect(me.body.mustChangePassword).toBe(true);
    expect((await client.request(session, 'GET', '/api/children')).status).toBe(403);
    const weak = await client.json<{ error: { fields: Array<{ field: string }> } }>(
      session,
      'POST',
      '/api/auth/password',
      {
        currentPassword: created.temporaryPassword,
        newPassword: 'short',
      },
    );
    expect(weak.status).toBe(400);
    expect(weak.body.error.fields[0]?.field).toBe('newPassword');
    const changed = await client.request(session, 'POST', '/api/auth/password', {
      currentPassword: created.temporaryPassword,
      newPassword: 'Better2026pass',
    });
    expect(changed.status).toBe(200);
    expect((await client.request(session, 'GET', '/api/children')).status).toBe(200);
  });

  it('cannot be given a scope its role does not take', async () => {
    await expect(
      addUser(testDeps(database), SYSTEM_ACTOR, {
        username: 'bad.teacher',
        displayName: '某',
        role: 'homeroom_teacher',
        scope: '341802000000',
      }),
    ).rejects.toThrow(/不能授予/);
  });
});

describe('session timeouts from the county policy', () => {
  it("end the sessions of a county's users after its policy's idle and absolute limits; others keep the default", async () => {
    const timeline = await policyTimeline(database.db, '341802');
    const current = timeline.on(schoolDate(new Date(now))).policy;
    await savePolicyVersion(testDeps(database, { now: () => new Date(now) }), SYSTEM_ACTOR, '341802', {
      policy: { ...current, session: { idleMinutes: 10, absoluteHours: 1 } },
      effectiveFrom: schoolDate(new Date(now)),
    });
    const [teacher, township, sysadmin] = [
      await client.signIn('teacher'),
      await client.signIn('township.official'),
      await client.signIn('sysadmin'),
    ];
    now += 11 * 60_000;
    expect((await client.request(teacher, 'GET', '/api/auth/me')).status).toBe(401);
    expect((await client.request(township, 'GET', '/api/auth/me')).status).toBe(401);
    expect((await client.request(sysadmin, 'GET', '/api/auth/me')).status).toBe(200);

    const active = await client.signIn('principal');
    for (let minutes = 9; minutes <= 54; minutes += 9) {
      now += 9 * 60_000;
      expect((await client.request(active, 'GET', '/api/auth/me')).status).toBe(200);
    }
    now += 9 * 60_000;
    expect((await client.request(active, 'GET', '/api/auth/me')).status).toBe(401);
  });
});
