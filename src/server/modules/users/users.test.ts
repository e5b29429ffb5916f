import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, testDeps } from '../../../../tests/support/database.ts';
import { type SignedIn, TestClient } from '../../../../tests/support/http.ts';
import type { Database } from '../../db/connection.ts';

interface UserItem {
  id: number;
  username: string;
  displayName: string;
  phone: string | null;
  disabled: boolean;
  locked: boolean;
  mustChangePassword: boolean;
  roles: Array<{ role: string; level: string; scopeName: string }>;
}
interface UserList {
  total: number;
  items: UserItem[];
}
interface ErrorBody {
  error: { code: string; message: string; fields?: Array<{ field: string; message: string }> };
}

let database: Database;
let client: TestClient;
let sysadmin: SignedIn;
let school: { code: string; name: string };

beforeAll(async () => {
  database = await freshDatabase();
  client = TestClient.create(testDeps(database));
  sysadmin = await client.signIn('sysadmin');
  school = await database.db
    .selectFrom('school')
    .select(['code', 'name'])
    .orderBy('code')
    .executeTakeFirstOrThrow();
});
afterAll(async () => {
  await database.close();
});

async function userId(username: string): Promise<number> {
  const row = await database.db
    .selectFrom('app_user')
    .select('id')
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  return row.id;
}

describe('listing users', () => {
  it('shows accounts with roles and scope names, never a password hash', async () => {
    const response = await client.request(sysadmin, 'GET', '/api/users?pageSize=100');
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).not.toMatch(/password_?hash/i);
    expect(text).not.toContain('$argon2');
    expect(text).not.toContain('scrypt');
    const body = JSON.parse(text) as UserList;
    expect(body.total).toBeGreaterThan(5);
    const principal = body.items.find((u) => u.username === 'principal');
    expect(principal).toMatchObject({ disabled: false, locked: false, mustChangePassword: false });
    expect(principal?.roles[0]).toMatchObject({ role: 'principal', level: 'school' });
    expect(principal?.roles[0]?.scopeName).toMatch(/学/);
    const teacher = body.items.find((u) => u.username === 'teacher');
    expect(teacher?.roles[0]?.scopeName).toMatch(/年级\d+班$/);
    expect(body.items.find((u) => u.username === 'sysadmin')?.roles[0]).toMatchObject({
      role: 'system_admin',
      scopeName: '全国',
    });
  });

  it('searches by name and filters by role, with pages', async () => {
    const search = await client.json<UserList>(sysadmin, 'GET', '/api/users?q=COUNTY.ADM');
    expect(search.status).toBe(200);
    expect(search.body.items.map((u) => u.username)).toContain('county.admin');
    expect(search.body.items.every((u) => u.username.includes('county.adm'))).toBe(true);

    const literal = await client.json<UserList>(sysadmin, 'GET', '/api/users?q=%25');
    expect(literal.body.total).toBe(0);

    const auditors = await client.json<UserList>(sysadmin, 'GET', '/api/users?role=auditor');
    expect(auditors.body.total).toBeGreaterThan(0);
    expect(auditors.body.items.every((u) => u.roles.some((r) => r.role === 'auditor'))).toBe(true);

    const page2 = await client.json<UserList>(sysadmin, 'GET', '/api/users?page=2&pageSize=2');
    expect(page2.body.items).toHaveLength(2);
    const page1 = await client.json<UserList>(sysadmin, 'GET', '/api/users?page=1&pageSize=2');
    expect(page1.body.items.map((u) => u.id)).not.toContain(page2.body.items[0]?.id);

    const badRole = await client.json<ErrorBody>(sysadmin, 'GET', '/api/users?role=king');
    expect(badRole.status).toBe(400);
  });
});

describe('adding, resetting and disabling', () => {
  let temporary = '';
  let newId = 0;

  it('adds a principal of a school; the audit row names the system admin', async () => {
    const created = await client.json<{ userId: number; username: string; temporaryPassword: string }>(
      sysadmin,
      'POST',
      '/api/users',
      {
        username: 'New.Principal',
        displayName: '新校长',
        phone: '13912345678',
        role: 'principal',
        scope: school.code,
      },
    );
    expect(created.status).toBe(201);
    expect(created.body.username).toBe('new.principal');
    expect(created.body.temporaryPassword).toMatch(/^[A-Za-z0-9]{12}$/);
    temporary = created.body.temporaryPassword;
    newId = created.body.userId;

    const audit = await database.db
      .selectFrom('audit_log')
      .select(['username', 'entity_id'])
      .where('action', '=', 'user.create')
      .executeTakeFirstOrThrow();
    expect(audit).toEqual({ username: 'sysadmin', entity_id: String(newId) });

    const list = await client.json<UserList>(sysadmin, 'GET', '/api/users?q=new.principal');
    expect(list.body.items[0]).toMatchObject({
      id: newId,
      displayName: '新校长',
      phone: '13912345678',
      mustChangePassword: true,
      roles: [{ role: 'principal', level: 'school', scopeName: school.name }],
    });

    const again = await client.json<ErrorBody>(sysadmin, 'POST', '/api/users', {
      username: 'new.principal',
      displayName: '重复',
      role: 'principal',
      scope: school.code,
    });
    expect(again.status).toBe(409);
  });

  it('the new user signs in with the temporary password and must change it first', async () => {
    const session = await client.signIn('new.principal', temporary);
    const me = await client.json<{ mustChangePassword: boolean }>(session, 'GET', '/api/auth/me');
    expect(me.body.mustChangePassword).toBe(true);
    const children = await client.request(session, 'GET', '/api/children');
    expect(children.status).toBe(403);
  });

  it('reset gives a new temporary password and ends the old sessions', async () => {
    const oldSession = await client.signIn('new.principal', temporary);
    const reset = await client.json<{ username: string; temporaryPassword: string }>(
      sysadmin,
      'POST',
      `/api/users/${newId}/reset-password`,
    );
    expect(reset.status).toBe(200);
    expect(reset.body.username).toBe('new.principal');
    expect(reset.body.temporaryPassword).not.toBe(temporary);
    const me = await client.request(oldSession, 'GET', '/api/auth/me');
    expect(me.status).toBe(401);
    await expect(client.signIn('new.principal', temporary)).rejects.toThrow(/401/);
    const fresh = await client.signIn('new.principal', reset.body.temporaryPassword);
    const freshMe = await client.json<{ mustChangePassword: boolean }>(fresh, 'GET', '/api/auth/me');
    expect(freshMe.body.mustChangePassword).toBe(true);
    temporary = reset.body.temporaryPassword;
  });

  it('disable blocks sign-in and shows in the list', async () => {
    const session = await client.signIn('new.principal', temporary);
    const disabled = await client.json(sysadmin, 'POST', `/api/users/${newId}/disable`);
    expect(disabled.status).toBe(200);
    expect(disabled.body).toEqual({ username: 'new.principal', disabled: true });
    expect((await client.request(session, 'GET', '/api/auth/me')).status).toBe(401);
    await expect(client.signIn('new.principal', temporary)).rejects.toThrow(/停用/);
    const list = await client.json<UserList>(sysadmin, 'GET', '/api/users?q=new.principal');
    expect(list.body.items[0]?.disabled).toBe(true);
  });

  it('a system admin cannot disable themself', async () => {
    const self = await client.json<ErrorBody>(
      sysadmin,
      'POST',
      `/api/users/${await userId('sysadmin')}/disable`,
    );
    expect(self.status).toBe(400);
    expect(self.body.error.message).toContain('不能停用自己');
    expect((await client.request(sysadmin, 'GET', '/api/users')).status).toBe(200);
  });

  it('an unknown user id answers 404', async () => {
    for (const action of ['reset-password', 'disable']) {
      const response = await client.json<ErrorBody>(sysadmin, 'POST', `/api/users/987654321/${action}`);
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('not_found');
    }
  });
});

describe('bad input', () => {
  it.each<[string, Record<string, string>, string]>([
    ['a school code for a bureau role', { role: 'bureau_admin', scope: 'SCHOOL' }, 'scope'],
    ['a county code for a principal', { role: 'principal', scope: '341802000000' }, 'scope'],
    ['an unknown school code', { role: 'principal', scope: '9999999999' }, 'scope'],
    ['garbage scope', { role: 'principal', scope: 'abc' }, 'scope'],
    ['an unknown role', { role: 'king', scope: '' }, 'role'],
    ['a bad username', { username: 'x!', role: 'system_admin' }, 'username'],
    ['a bad phone', { phone: '12345', role: 'system_admin' }, 'phone'],
    ['no display name', { displayName: ' ', role: 'system_admin' }, 'displayName'],
  ])('%s → 400 naming the field', async (_name, override, field) => {
    const body = {
      username: 'bad.input',
      displayName: '某某',
      ...override,
      scope: override.scope === 'SCHOOL' ? school.code : override.scope,
    };
    const response = await client.json<ErrorBody>(sysadmin, 'POST', '/api/users', body);
    expect(response.status).toBe(400);
    expect(response.body.error.fields?.map((f) => f.field)).toContain(field);
    expect(response.body.error.message).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('only the system admin manages users', () => {
  it.each(['principal', 'teacher', 'county.admin', 'auditor'])('%s gets 403', async (username) => {
    const session = await client.signIn(username);
    const target = await userId('teacher');
    const attempts: Array<[string, string, unknown]> = [
      ['GET', '/api/users', undefined],
      ['POST', '/api/users', { username: 'sneaky', displayName: '某', role: 'system_admin' }],
      ['POST', `/api/users/${target}/reset-password`, {}],
      ['POST', `/api/users/${target}/disable`, {}],
    ];
    for (const [method, path, body] of attempts) {
      const response = await client.request(session, method, path, body);
      expect(response.status, `${username} ${method} ${path}`).toBe(403);
    }
    expect(
      await database.db.selectFrom('app_user').where('username', '=', 'sneaky').select('id').execute(),
    ).toEqual([]);
  });
});
