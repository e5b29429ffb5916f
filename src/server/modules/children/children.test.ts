import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, testDeps } from '../../../../tests/support/database.ts';
import { type SignedIn, TestClient } from '../../../../tests/support/http.ts';
import { idCheckDigit } from '../../../domain/index.ts';
import type { Database } from '../../db/connection.ts';
import { classifySearch } from './service.ts';

const validId = (prefix17: string) => prefix17 + idCheckDigit(prefix17);
const wrongCheckDigit = (prefix17: string) => prefix17 + (idCheckDigit(prefix17) === '1' ? '2' : '1');

let database: Database;
let client: TestClient;
let principal: SignedIn;
let admin: SignedIn;
let classId: number;

interface ErrorBody {
  error: {
    code: string;
    message: string;
    fields?: Array<{ field: string; message: string }>;
    current?: { version: number };
  };
}
type Detail = {
  id: number;
  name: string;
  idNumberMasked: string;
  version: number;
  birthDate: string;
  sex: string;
  guardians: Array<{ id: number; name: string; endedAt: string | null }>;
};

beforeAll(async () => {
  database = await freshDatabase();
  client = TestClient.create(testDeps(database));
  principal = await client.signIn('principal');
  admin = await client.signIn('county.admin');
  const schools = await client.json<{ items: Array<{ id: number }> }>(principal, 'GET', '/api/schools');
  const classes = await client.json<{ items: Array<{ id: number }> }>(
    principal,
    'GET',
    `/api/schools/${schools.body.items[0]?.id}/classes`,
  );
  classId = classes.body.items[0]?.id ?? 0;
});
afterAll(async () => {
  await database.close();
});

const newChild = (overrides: Record<string, unknown> = {}) => ({
  classId,
  idNumber: validId('34180220190312051'),
  name: '测试童',
  ...overrides,
});

describe('search box', () => {
  it.each([
    ['zs', { kind: 'initials', value: 'zs' }],
    ['ZhangS', { kind: 'initials', value: 'zhangs' }],
    ['123X', { kind: 'last4', value: '123X' }],
    ['0423', { kind: 'last4', value: '0423' }],
    ['G3418022019', { kind: 'studentNumber', value: 'G3418022019' }],
    ['341802201903', { kind: 'studentNumber', value: 'G341802201903' }],
    ['張', { kind: 'name', value: '张' }],
    ['  ', undefined],
  ])('%s', (input, expected) => {
    expect(classifySearch(input)).toEqual(expected);
  });
});

describe('creating a child', () => {
  it('derives birth date and sex from the ID, masks it, and audits the creation', async () => {
    const created = await client.json<Detail>(principal, 'POST', '/api/children', newChild());
    expect(created.status).toBe(201);
    expect(created.body.birthDate).toBe('2019-03-12');
    expect(created.body.sex).toBe('male');
    expect(created.body.idNumberMasked).toMatch(/^341802\*{8}\d{3}[\dX]$/);
    expect(JSON.stringify(created.body)).not.toContain('20190312051');
    const audit = await database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'child.create')
      .execute();
    expect(audit.map((a) => a.entity_id)).toContain(String(created.body.id));
  });

  it.each([
    ['bad check digit', { idNumber: wrongCheckDigit('34180220190312051') }, 'idNumber', /校验/],
    ['impossible date', { idNumber: validId('34180220190230051') }, 'idNumber', /日期/],
    [
      'birth date disagrees',
      { idNumber: validId('34180220190312071'), birthDate: '2019-03-13' },
      'birthDate',
      /不一致/,
    ],
    ['sex disagrees', { idNumber: validId('34180220190312071'), sex: 'female' }, 'sex', /不一致/],
    [
      'unknown region',
      { idNumber: validId('34180220190312091'), hukouRegionCode: '999999999999' },
      'hukouRegionCode',
      /不存在/,
    ],
    ['no ID and no birth date', { idType: 'Z', idNumber: null, sex: 'male' }, 'birthDate', /出生日期/],
    ['missing name', { idNumber: validId('34180220190312111'), name: '' }, 'name', /姓名/],
  ])('refuses %s with a field message and stores nothing', async (_label, overrides, field, message) => {
    const before = await database.db
      .selectFrom('child')
      .select(database.db.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const response = await client.json<ErrorBody>(principal, 'POST', '/api/children', newChild(overrides));
    expect(response.status).toBe(400);
    const fieldError = response.body.error.fields?.find((f) => f.field === field);
    expect(fieldError?.message).toMatch(message);
    const after = await database.db
      .selectFrom('child')
      .select(database.db.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('accepts a child without a resident ID (身份证件类型 other than 1)', async () => {
    const created = await client.json<Detail>(principal, 'POST', '/api/children', {
      classId,
      idType: '8',
      idNumber: null,
      studentNumber: 'L3418020000123',
      name: '無證童',
      birthDate: '2018-05-06',
      sex: 'female',
    });
    expect(created.status).toBe(201);
    expect(created.body.name).toBe('无证童');
    expect(created.body.idNumberMasked).toBeNull();
  });

  it('refuses a duplicate ID in the county, naming the existing record masked', async () => {
    const existing = await database.db
      .selectFrom('child')
      .select(['id_number', 'name'])
      .where('id_type', '=', '1')
      .executeTakeFirstOrThrow();
    const response = await client.json<ErrorBody>(
      principal,
      'POST',
      '/api/children',
      newChild({ idNumber: existing.id_number }),
    );
    expect(response.status).toBe(409);
    expect(response.body.error.message).toContain(existing.name);
    expect(response.body.error.message).toContain('********');
    expect(response.body.error.message).not.toContain(existing.id_number);
  });

  it('refuses a class outside the jurisdiction as if it did not exist', async () => {
    const otherClass = await database.db
      .selectFrom('school_class')
      .select('id')
      .where('school_id', 'not in', (eb) =>
        eb.selectFrom('school_class').select('school_id').where('id', '=', classId),
      )
      .executeTakeFirstOrThrow();
    const response = await client.json<ErrorBody>(
      principal,
      'POST',
      '/api/children',
      newChild({ classId: otherClass.id, idNumber: validId('34180220190312131') }),
    );
    expect(response.status).toBe(404);
  });
});

describe('editing', () => {
  it('a stale edit gets 409 with the current record and changes nothing', async () => {
    const list = await client.json<{ items: Array<{ id: number }> }>(
      principal,
      'GET',
      '/api/children?pageSize=1',
    );
    const id = list.body.items[0]?.id;
    const first = await client.json<Detail>(principal, 'GET', `/api/children/${id}`);
    const saved = await client.json<Detail>(principal, 'PATCH', `/api/children/${id}`, {
      version: first.body.version,
      residenceAddress: '新地址一',
    });
    expect(saved.status).toBe(200);
    expect(saved.body.version).toBe(first.body.version + 1);
    const stale = await client.json<ErrorBody>(principal, 'PATCH', `/api/children/${id}`, {
      version: first.body.version,
      residenceAddress: '新地址二',
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.current?.version).toBe(first.body.version + 1);
    const row = await database.db
      .selectFrom('child')
      .select('residence_address')
      .where('id', '=', Number(id))
      .executeTakeFirstOrThrow();
    expect(row.residence_address).toBe('新地址一');
  });

  it('refuses malformed and oversize bodies without changing anything', async () => {
    const raw = await client.app.request('/api/children', {
      method: 'POST',
      headers: {
        cookie: principal.cookie,
        'x-csrf-token': principal.csrf,
        'content-type': 'application/json',
      },
      body: '{not json',
    });
    expect(raw.status).toBe(400);
    const big = await client.app.request('/api/children', {
      method: 'POST',
      headers: {
        cookie: principal.cookie,
        'x-csrf-token': principal.csrf,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(big.status).toBe(413);
  });
});

describe('masking and audited reads', () => {
  it('N concurrent reads of a child write exactly N audit rows', async () => {
    const list = await client.json<{ items: Array<{ id: number }> }>(
      principal,
      'GET',
      '/api/children?pageSize=1',
    );
    const id = String(list.body.items[0]?.id);
    const count = async () =>
      Number(
        (
          await database.db
            .selectFrom('audit_log')
            .select(database.db.fn.countAll<number>().as('n'))
            .where('action', '=', 'child.read')
            .where('entity_id', '=', id)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const responses = await Promise.all(
      Array.from({ length: 12 }, () => client.request(principal, 'GET', `/api/children/${id}`)),
    );
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect((await count()) - before).toBe(12);
  });

  it('revealing an ID needs a reason and the right role, and is audited with the reason', async () => {
    const list = await client.json<{ items: Array<{ id: number; idNumberMasked: string | null }> }>(
      admin,
      'GET',
      '/api/children?pageSize=5',
    );
    const child = list.body.items.find((c) => c.idNumberMasked);
    const noReason = await client.json<ErrorBody>(admin, 'POST', `/api/children/${child?.id}/reveal-id`, {
      reason: '',
    });
    expect(noReason.status).toBe(400);
    const revealed = await client.json<{ idNumber: string }>(
      admin,
      'POST',
      `/api/children/${child?.id}/reveal-id`,
      { reason: '核对资助名单' },
    );
    expect(revealed.status).toBe(200);
    expect(revealed.body.idNumber).toHaveLength(18);
    expect(revealed.body.idNumber.slice(0, 6)).toBe(child?.idNumberMasked?.slice(0, 6));
    const audit = await database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'child.reveal_id')
      .execute();
    expect(audit.at(-1)?.reason).toBe('核对资助名单');
    const teacher = await client.signIn('teacher');
    const own = await client.json<{ items: Array<{ id: number }> }>(
      teacher,
      'GET',
      '/api/children?pageSize=1',
    );
    const refused = await client.request(
      teacher,
      'POST',
      `/api/children/${own.body.items[0]?.id}/reveal-id`,
      { reason: '想看看完整号码' },
    );
    expect(refused.status).toBe(403);
  });
});

describe('guardians, groups and enrollment', () => {
  it('adds and ends a guardian and a group membership; history stays', async () => {
    const list = await client.json<{ items: Array<{ id: number }> }>(
      principal,
      'GET',
      '/api/children?pageSize=1',
    );
    const id = list.body.items[0]?.id;
    const withGuardian = await client.json<Detail>(principal, 'POST', `/api/children/${id}/guardians`, {
      name: '李 桂 英',
      relation: 'grandmother',
      phone: '13912345678',
      workingAway: false,
    });
    expect(withGuardian.status).toBe(200);
    const added = withGuardian.body.guardians.find((g) => g.name === '李桂英');
    expect(added).toBeDefined();
    const ended = await client.json<Detail>(
      principal,
      'POST',
      `/api/children/${id}/guardians/${added?.id}/end`,
      { reason: '监护人变更' },
    );
    expect(ended.body.guardians.find((g) => g.id === added?.id)?.endedAt).not.toBeNull();
    const badPhone = await client.json<ErrorBody>(principal, 'POST', `/api/children/${id}/guardians`, {
      name: '某',
      relation: 'father',
      phone: '12345',
    });
    expect(badPhone.status).toBe(400);
    const disabled = await client.json<ErrorBody>(principal, 'POST', `/api/children/${id}/groups`, {
      group: 'disabled',
      sourceDepartment: 'disabled_federation',
      validFrom: '2026-01-01',
      details: {},
    });
    expect(disabled.body.error.fields?.[0]?.field).toBe('details.disabilityCategory');
    const grouped = await client.json<{
      groups: string[];
      groupMemberships: Array<{ id: number; group: string; documentNumber: string | null }>;
    }>(principal, 'POST', `/api/children/${id}/groups`, {
      group: 'orphan',
      sourceDepartment: 'civil_affairs',
      documentNumber: '宣民〔2026〕3号',
      validFrom: '2026-01-01',
      details: {},
    });
    expect(grouped.body.groups).toContain('orphan');
    expect(grouped.body.groupMemberships.find((g) => g.group === 'orphan')?.documentNumber).toBe(
      '宣民〔2026〕3号',
    );
  });
});
