import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkIdConsistency,
  expectedGrade,
  nameInitials,
  namePinyin,
  parseIdNumber,
  ROLE_CODES,
  ROLE_SCOPE_LEVELS,
  type Role,
  type ScopeLevel,
} from '../../domain/index.ts';
import { verifyPassword } from '../auth/password.ts';
import { type Database, openPglite } from '../db/connection.ts';
import { migrate } from '../db/migrate.ts';
import type { DB } from '../db/types.ts';
import { beginBulk, endBulk } from './bulk.ts';
import { DEMO_PASSWORD, demoSignIns, loadDemo, loadDemoWith } from './index.ts';

const TODAY = '2026-11-23';
const open: Database[] = [];
let snapshot: Blob;

/** A fresh copy of a migrated database (migrating takes seconds; a copy well under one). */
async function fresh(): Promise<Kysely<DB>> {
  const database = await openPglite({ loadDataDir: snapshot });
  open.push(database);
  return database.db;
}

/** One digest of the rows the demo writes, without the instants set by now() and the salted password hash. */
async function digest(db: Kysely<DB>): Promise<string> {
  const tables: Array<[string, string]> = [
    ['child', 'id'],
    ['guardian', 'id'],
    ['enrollment', 'id'],
    ['group_membership', 'id'],
    ['school', 'id'],
    ['school_class', 'id'],
    ['app_user', 'id'],
    ['user_role', 'id'],
    ['pairing', 'id'],
    ['data_source', 'id'],
  ];
  const parts: string[] = [];
  for (const [table, key] of tables) {
    const result = await sql<{ h: string }>`
      select md5(string_agg((to_jsonb(t) - 'created_at' - 'updated_at' - 'password_hash')::text, '|' order by t.${sql.ref(key)})) as h
      from ${sql.table(table)} t`.execute(db);
    parts.push(`${table}:${result.rows[0]?.h}`);
  }
  return parts.join(' ');
}

let tiny: Kysely<DB>;

beforeAll(async () => {
  const base = await openPglite({});
  await migrate(base);
  const dump = await base.pglite?.dumpDataDir('none');
  await base.close();
  if (!dump) throw new Error('PGlite dump failed');
  snapshot = dump;
  tiny = await fresh();
  await loadDemo(tiny, { seed: 7, size: 'tiny', today: TODAY });
});

afterAll(async () => {
  for (const database of open) await database.close();
});

describe('tiny demo county', () => {
  it('has three schools with a teaching point and about 300 children', async () => {
    const schools = await tiny
      .selectFrom('school')
      .select(['code', 'name', 'type'])
      .orderBy('code')
      .execute();
    expect(schools.map((s) => s.type)).toEqual(['primary', 'junior_middle', 'teaching_point']);
    for (const school of schools) expect(school.code).toMatch(/^3\d{9}$/);
    const { n } = await tiny
      .selectFrom('child')
      .select(tiny.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(n)).toBeGreaterThan(250);
    expect(Number(n)).toBeLessThan(400);
  });

  it('gives every child a valid ID that matches birth date and sex, a unique student number and the domain pinyin', async () => {
    const children = await tiny.selectFrom('child').selectAll().execute();
    const studentNumbers = new Set<string>();
    for (const child of children) {
      expect(child.student_number).not.toBeNull();
      studentNumbers.add(child.student_number ?? '');
      expect(child.name_initials).toBe(nameInitials(child.name));
      expect(child.name_pinyin).toBe(namePinyin(child.name));
      expect([child.grade, (child.grade ?? 0) + 1]).toContain(expectedGrade(child.birth_date, TODAY));
      if (child.id_type !== '1') {
        expect(child.student_number).toMatch(/^L\d{18}$/);
        continue;
      }
      const parsed = parseIdNumber(child.id_number ?? '', TODAY);
      if (!parsed.ok) throw new Error(`${child.id_number}: ${parsed.message}`);
      expect(
        checkIdConsistency(parsed, { birthDate: child.birth_date, sex: child.sex as 'male' | 'female' }),
      ).toEqual([]);
      expect(child.student_number).toBe(`G${child.id_number}`);
      expect(child.id_last4).toBe(child.id_number?.slice(-4));
    }
    expect(studentNumbers.size).toBe(children.length);
  });

  it('places every child in its class with one current enrollment and 1–3 guardians', async () => {
    const orphans = await sql<{ id: number }>`
      select c.id from child c
      left join school_class k on k.id = c.class_id and k.school_id = c.school_id and k.grade = c.grade
      where k.id is null
         or (select count(*) from enrollment e where e.child_id = c.id and e.ended_on is null
             and e.class_id = c.class_id and e.grade = c.grade) <> 1
         or (select count(*) from guardian g where g.child_id = c.id) not between 1 and 3`.execute(tiny);
    expect(orphans.rows).toEqual([]);
    const guardians = await tiny
      .selectFrom('guardian')
      .select(['phone', 'working_away', 'work_place'])
      .execute();
    for (const g of guardians) {
      if (g.phone !== null) expect(g.phone).toMatch(/^1[358]\d{9}$/);
      expect(g.working_away).toBe(g.work_place !== null);
    }
    const history = await tiny
      .selectFrom('enrollment')
      .select(['started_on', 'ended_on'])
      .where('ended_on', 'is not', null)
      .execute();
    expect(history.length).toBeGreaterThan(0);
    for (const row of history) expect(row.ended_on).toBe(`${Number(row.started_on.slice(0, 4)) + 1}-08-31`);
  });

  it('dates group memberships in the past, from the department that keeps each list', async () => {
    const rows = await sql<{
      group_code: string;
      source_department: string;
      department: string;
      valid_from: string;
      birth_date: string;
      valid_to: string | null;
    }>`
      select m.group_code, m.source_department, s.department, m.valid_from, c.birth_date, m.valid_to
      from group_membership m join data_source s on s.county_code = m.county_code and s.id = m.source_id
      join child c on c.county_code = m.county_code and c.id = m.child_id`.execute(tiny);
    expect(rows.rows.length).toBeGreaterThan(0);
    for (const row of rows.rows) {
      expect(row.department).toBe(row.source_department);
      expect(row.valid_from <= TODAY).toBe(true);
      expect(row.valid_from >= row.birth_date).toBe(true);
      if (row.valid_to !== null) expect(row.valid_to >= row.valid_from).toBe(true);
    }
  });

  it('has a user for every role, each at a level the role allows, all with the demo password', async () => {
    const roles = await tiny
      .selectFrom('user_role')
      .innerJoin('app_user', 'app_user.id', 'user_role.user_id')
      .select(['username', 'role', 'scope_level', 'password_hash', 'must_change_password'])
      .execute();
    expect(new Set(roles.map((r) => r.role))).toEqual(new Set(ROLE_CODES));
    for (const r of roles) {
      expect(ROLE_SCOPE_LEVELS[r.role as Role]).toContain(r.scope_level as ScopeLevel);
      expect(r.must_change_password).toBe(false);
    }
    expect(new Set(roles.map((r) => r.password_hash)).size).toBe(1);
    expect(await verifyPassword(roles[0]?.password_hash ?? '', DEMO_PASSWORD)).toBe(true);
  });

  it('signs in the printed accounts in the scope they describe', async () => {
    const accounts = demoSignIns();
    expect(new Set(accounts.map((a) => a.role))).toEqual(new Set(ROLE_CODES));
    for (const account of accounts) {
      const rows = await sql<{
        role: string;
        region: string | null;
        school: string | null;
        grade: number | null;
        number: number | null;
      }>`
        select r.role, g.name as region, coalesce(s.name, cs.name) as school, k.grade, k.class_number as number
        from app_user u join user_role r on r.user_id = u.id
        left join region g on g.code = r.region_code
        left join school s on s.id = r.school_id
        left join school_class k on k.id = r.class_id left join school cs on cs.id = k.school_id
        where u.username = ${account.username}`.execute(tiny);
      const row = rows.rows[0];
      expect(row?.role, account.username).toBe(account.role);
      const place = row?.school ?? row?.region;
      if (place) expect(account.scope).toContain(place);
      if (row?.grade) expect(account.scope).toContain(`一年级（${row.number}）班`);
    }
  });

  it('gives every class its homeroom teacher and the helper five children of the first school', async () => {
    const classes = await tiny
      .selectFrom('school_class')
      .leftJoin('user_role', (join) =>
        join
          .onRef('user_role.class_id', '=', 'school_class.id')
          .onRef('user_role.user_id', '=', 'school_class.homeroom_teacher_id'),
      )
      .select(['school_class.id', 'school_class.homeroom_teacher_id', 'user_role.role'])
      .execute();
    for (const c of classes) expect(c.role, `class ${c.id}`).toBe('homeroom_teacher');
    const paired = await sql<{ school: string; groups: string[] }>`
      select s.name as school, array(select m.group_code::text from group_membership m where m.child_id = c.id) as groups
      from pairing p join app_user u on u.id = p.helper_user_id
      join child c on c.county_code = p.county_code and c.id = p.child_id join school s on s.id = c.school_id
      where u.username = 'helper'`.execute(tiny);
    expect(paired.rows).toHaveLength(5);
    for (const row of paired.rows) {
      expect(row.school).toBe('宣州区西林小学');
      expect(row.groups.some((g) => ['left_behind', 'orphan', 'unsupported'].includes(g))).toBe(true);
    }
  });

  it('moves every identity sequence past the ids it wrote', async () => {
    const child = await tiny
      .selectFrom('child')
      .select(['county_code', 'id'])
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const added = await tiny
      .insertInto('guardian')
      .values({ county_code: child.county_code, child_id: child.id, name: '新增监护人', relation: 'other' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const { max } = await tiny
      .selectFrom('guardian')
      .select(tiny.fn.max('id').as('max'))
      .executeTakeFirstOrThrow();
    expect(added.id).toBe(Number(max));
    await tiny.deleteFrom('guardian').where('id', '=', added.id).execute();
  });

  it('refuses to load into a county that already has children', async () => {
    await expect(loadDemo(tiny, { seed: 8, size: 'tiny', today: TODAY })).rejects.toThrow(
      /已有儿童.*already has children/,
    );
  });
});

describe('determinism and integrity', () => {
  it('the same seed gives the same rows, with or without per-row foreign-key checks; another seed differs', async () => {
    const [a, b, c] = [await fresh(), await fresh(), await fresh()];
    await loadDemo(a, { seed: 7, size: 'tiny', today: TODAY });
    await loadDemoWith(b, { seed: 7, size: 'tiny', today: TODAY }, { rowByRowChecks: true });
    await loadDemo(c, { seed: 8, size: 'tiny', today: TODAY });
    const first = await digest(a);
    expect(await digest(b)).toBe(first);
    const childOf = (d: string) => d.split(' ')[0];
    expect(childOf(await digest(c))).not.toBe(childOf(first));
  });

  it('the bulk path still rejects a row that points nowhere', async () => {
    await expect(
      tiny.transaction().execute(async (trx) => {
        expect(await beginBulk(trx)).toBe(true);
        await trx
          .insertInto('guardian')
          .values({
            county_code: '341802',
            id: 99_999_999,
            child_id: 99_999_999,
            name: '无此儿童',
            relation: 'other',
          })
          .execute();
        await endBulk(trx, '341802');
      }),
    ).rejects.toThrow(/guardian_county_code_child_id_fkey/);
    expect(await tiny.selectFrom('guardian').select('id').where('id', '=', 99_999_999).execute()).toEqual([]);
  });
});

describe('county demo', () => {
  it('loads 宣州区 with ≈30k children in ≈40 schools and special groups at plausible rates', {
    timeout: 60_000,
  }, async () => {
    const db = await fresh();
    const report = await loadDemo(db, { seed: 3, size: 'county', today: TODAY });
    expect(report.counties).toEqual(['341802']);
    expect(report.children).toBeGreaterThan(25_000);
    expect(report.children).toBeLessThan(35_000);
    expect(report.schools).toBeGreaterThan(30);
    expect(report.schools).toBeLessThan(55);
    const types = await db.selectFrom('school').select('type').distinct().execute();
    expect(new Set(types.map((t) => t.type))).toEqual(
      new Set(['primary', 'junior_middle', 'nine_year', 'teaching_point', 'special_education']),
    );
    const rates = await sql<{ group_code: string; rate: number }>`
      select group_code, count(*)::float8 / (select count(*) from child) as rate from group_membership group by 1`.execute(
      db,
    );
    const rate = Object.fromEntries(rates.rows.map((r) => [r.group_code, r.rate]));
    const expected: Record<string, [number, number]> = {
      left_behind: [0.1, 0.2],
      single_parent: [0.035, 0.065],
      poverty_household: [0.04, 0.08],
      monitored_household: [0.004, 0.02],
      dibao: [0.02, 0.045],
      tekun: [0.001, 0.006],
      disabled: [0.003, 0.012],
      orphan: [0.0005, 0.005],
      unsupported: [0.001, 0.006],
      struggling: [0.025, 0.06],
      migrant: [0.015, 0.05],
    };
    for (const [group, [low, high]] of Object.entries(expected)) {
      expect(rate[group], group).toBeGreaterThan(low);
      expect(rate[group], group).toBeLessThan(high);
    }
    const males = await sql<{
      share: number;
    }>`select avg((sex = 'male')::int)::float8 as share from child`.execute(db);
    expect(males.rows[0]?.share).toBeGreaterThan(0.5);
    expect(males.rows[0]?.share).toBeLessThan(0.53);
    // The pinyin cache composes surname and given name: it must agree with the domain everywhere.
    const names = await sql<{ name: string; name_initials: string; name_pinyin: string }>`
      select distinct name, name_initials, name_pinyin from child`.execute(db);
    for (const row of names.rows) {
      expect(row.name_pinyin, row.name).toBe(namePinyin(row.name));
      expect(row.name_initials, row.name).toBe(nameInitials(row.name));
    }
  });
});
