import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, testDeps } from '../../../../tests/support/database.ts';
import { SYSTEM_ACTOR } from '../../auth/actor.ts';
import type { Database } from '../../db/connection.ts';
import { loadCountyVillages } from '../../db/regions.ts';
import type { Deps } from '../../deps.ts';
import { ensureCountyPolicy } from '../policy/index.ts';
import { importList } from './service.ts';
import { parseClassNumber, parseGrade } from './studentRows.ts';
import { csv, residentId, tempDir, writeText, writeXlsx } from './testLists.ts';

const COUNTY = '341802';
const dir = tempDir();
let database: Database;
let deps: Deps;

beforeAll(async () => {
  database = await freshDatabase();
  deps = testDeps(database);
});
afterAll(async () => {
  await database.close();
  dir.remove();
});

const HEADER = [
  '全国学籍号',
  '姓名',
  '性别',
  '出生日期',
  '民族',
  '身份证件类型',
  '身份证件号',
  '户口所在地',
  '学校标识码',
  '学校名称',
  '年级',
  '班级',
  '就读方式',
];

function registryFile(name: string, rows: Array<Array<string | number | null>>) {
  return writeXlsx(dir.path(name), (workbook) => {
    const sheet = workbook.addWorksheet('学生基本信息');
    sheet.addRow(HEADER);
    for (const row of rows) sheet.addRow(row);
  });
}

describe('grade and class as the registry and people write them', () => {
  it.each([
    ['一年级', 1],
    ['7年级', 7],
    ['初二', 8],
    ['11', 1],
    ['23', 9],
    ['九', 9],
    ['十年级', null],
    ['高一', null],
  ])('grade %s → %s', (raw, grade) => {
    expect(parseGrade(raw)).toBe(grade);
  });

  it.each([
    ['1', 1],
    ['02', 2],
    ['(3)班', 3],
    ['（4）班', 4],
    ['五班', 5],
    ['五年级(6)班', 6],
    ['十二班', 12],
    ['A班', null],
  ])('class %s → %s', (raw, classNumber) => {
    expect(parseClassNumber(raw)).toBe(classNumber);
  });
});

describe('importing the registry export', () => {
  const newId = residentId('20180512', 501);
  let firstRows: Array<Array<string | number | null>> = [];

  it('creates the schools and classes it names, inserts and updates children, and keeps children without a resident ID', async () => {
    const existing = await deps.db
      .selectFrom('child')
      .select(['id', 'student_number', 'id_number', 'name', 'class_id', 'birth_date', 'sex'])
      .where('county_code', '=', COUNTY)
      .where('student_number', 'is not', null)
      .where('id_type', '=', '1')
      .orderBy('id')
      .limit(5)
      .execute();
    const [moving, other, third, fourth, fifth] = existing;
    if (!moving || !other || !third || !fourth || !fifth) throw new Error('demo county has too few children');
    const village = await deps.db
      .selectFrom('region')
      .select('code')
      .where('county_code', '=', COUNTY)
      .where('level', '=', 'village')
      .orderBy('code')
      .executeTakeFirstOrThrow();
    firstRows = [
      [
        `G${newId}`,
        '刘一',
        '男',
        '2018-05-12',
        '01',
        '1',
        newId,
        village.code,
        '1341802901',
        '宣州区新城小学',
        '二年级',
        '(3)班',
        '住校',
      ],
      [
        'L34180220190101',
        '艾力·买买提',
        '2',
        '2019-01-01',
        '维吾尔族',
        'A',
        'E12345678',
        '',
        '1341802901',
        '宣州区新城小学',
        '1',
        '1',
        '走读',
      ],
      [
        moving.student_number,
        moving.name,
        moving.sex === 'male' ? '男' : '女',
        moving.birth_date,
        '汉族',
        '居民身份证',
        moving.id_number,
        '',
        '1341802901',
        '宣州区新城小学',
        '二年级',
        '3',
        '1',
      ],
    ];
    const path = await registryFile('registry.xlsx', [
      ...firstRows,
      [
        'G000',
        '无校名',
        '男',
        '2018-01-01',
        '',
        '1',
        residentId('20180101', 511),
        '',
        '1341802902',
        '',
        '一年级',
        '1',
        '',
      ],
      [
        moving.student_number,
        '重复',
        '男',
        '2018-01-01',
        '',
        '1',
        residentId('20180101', 521),
        '',
        '1341802901',
        '',
        '一年级',
        '1',
        '',
      ],
      [
        other.student_number,
        other.name,
        '男',
        '2018-01-01',
        '',
        '1',
        residentId('20180101', 531),
        '',
        '1341802901',
        '',
        '一年级',
        '1',
        '',
      ],
      ['G999', '冲突', '男', '2018-01-01', '', '1', other.id_number, '', '1341802901', '', '一年级', '1', ''],
      ['G998', '两人', '男', '2018-01-01', '', '1', third.id_number, '', '1341802901', '', '一年级', '1', ''],
      [
        fourth.student_number,
        '两人',
        '男',
        '2018-01-01',
        '',
        '1',
        fifth.id_number,
        '',
        '1341802901',
        '',
        '一年级',
        '1',
        '',
      ],
    ]);
    const result = await importList(deps, SYSTEM_ACTOR, path, { kind: 'students' });
    expect(result).toMatchObject({ read: 9, accepted: 5, rejected: 4 });

    const reasons = await deps.db
      .selectFrom('list_rejected_row')
      .select(['row_number', 'reason'])
      .where('import_id', '=', result.importId)
      .orderBy('row_number')
      .execute();
    expect(reasons).toEqual([
      { row_number: 5, reason: '本县没有学校标识码为 1341802902 的学校，名单中也没有学校名称，无法新建' },
      { row_number: 6, reason: '与第 4 行重复（学籍号相同）' },
      { row_number: 8, reason: '与第 7 行对应系统中的同一名学生（学籍号或身份证件号相同），请核对' },
      { row_number: 10, reason: '学籍号和身份证号分别属于系统中两名不同的学生，请核对后再导入' },
    ]);

    const school = await deps.db
      .selectFrom('school')
      .selectAll()
      .where('code', '=', '1341802901')
      .executeTakeFirstOrThrow();
    expect(school).toMatchObject({ name: '宣州区新城小学', type: 'primary', county_code: COUNTY });
    expect(school.township_code).toMatch(/^341802\d{3}000$/);
    const classes = await deps.db
      .selectFrom('school_class')
      .select(['grade', 'class_number', 'school_year'])
      .where('school_id', '=', school.id)
      .orderBy('grade')
      .execute();
    expect(classes).toEqual([
      { grade: 1, class_number: 1, school_year: 2026 },
      { grade: 2, class_number: 3, school_year: 2026 },
    ]);

    const children = await deps.db
      .selectFrom('child')
      .select([
        'id',
        'name',
        'id_type',
        'id_number',
        'ethnicity',
        'boarding',
        'hukou_region_code',
        'grade',
        'school_id',
        'name_pinyin',
      ])
      .where('school_id', '=', school.id)
      .orderBy('name')
      .execute();
    expect(children.map((c) => [c.name, c.id_type, c.id_number, c.grade])).toEqual(
      expect.arrayContaining([
        ['刘一', '1', newId, 2],
        ['艾力·买买提', 'A', 'E12345678', 1],
        [moving.name, '1', moving.id_number, 2],
        [other.name, '1', residentId('20180101', 531), 1],
      ]),
    );
    const coded = (name: string) => children.find((c) => c.name === name);
    expect(coded('刘一')).toMatchObject({ ethnicity: '01', boarding: 'boarding' });
    expect(coded('艾力·买买提')).toMatchObject({ ethnicity: '05', boarding: 'day' });
    expect(coded(moving.name)).toMatchObject({ ethnicity: '01', boarding: 'day' });
    expect(children.find((c) => c.name === '刘一')).toMatchObject({
      hukou_region_code: village.code,
      name_pinyin: 'liuyi',
    });
    // The moved child's previous placement is closed and the new one opened.
    const enrollments = await deps.db
      .selectFrom('enrollment')
      .select(['school_id', 'ended_on', 'end_reason'])
      .where('child_id', '=', moving.id)
      .orderBy('started_on')
      .orderBy('id')
      .execute();
    expect(enrollments.at(-1)).toEqual({ school_id: school.id, ended_on: null, end_reason: null });
    expect(enrollments.filter((e) => e.ended_on === null)).toHaveLength(1);
    expect(enrollments.some((e) => e.end_reason === 'registry_import')).toBe(true);
  });

  it('a second import of the same export updates the same children instead of adding them again', async () => {
    const count = async () =>
      Number(
        (
          await deps.db
            .selectFrom('child')
            .select(deps.db.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const path = await registryFile('registry-again.xlsx', firstRows);
    const result = await importList(deps, SYSTEM_ACTOR, path, { kind: 'students' });
    expect(result).toMatchObject({ accepted: 3, rejected: 0 });
    expect(await count()).toBe(before);
    const imports = await deps.db
      .selectFrom('list_import')
      .select('status')
      .where('kind', '=', 'students')
      .orderBy('id')
      .execute();
    expect(imports.map((i) => i.status)).toEqual(['superseded', 'current']);
  });
});

describe('a registry as big as the child table', () => {
  it('writes a new county without its secondary indexes and leaves them as they were', async () => {
    const county = '341821';
    await loadCountyVillages(deps.db, county);
    await deps.db
      .insertInto('county')
      .values({ county_code: county, region_code: `${county}000000`, name: '郎溪县教体局' })
      .execute();
    await ensureCountyPolicy(deps.db, county);
    const indexes = async () =>
      (
        await sql<{ indexname: string; indexdef: string }>`select indexname, indexdef from pg_indexes
          where tablename in ('child', 'enrollment', 'list_record') order by indexname`.execute(deps.db)
      ).rows;
    const before = await indexes();
    const children = await deps.db
      .selectFrom('child')
      .select(deps.db.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const size = Math.max(12_000, Number(children.n) + 2_000);
    const rows = [HEADER];
    for (let i = 0; i < size; i++) {
      const day = new Date(Date.UTC(2014, 0, 1) + Math.floor(i / 100) * 86_400_000)
        .toISOString()
        .slice(0, 10);
      const id = residentId(day.replaceAll('-', ''), i % 100, county);
      const school = 1 + (i % 20);
      rows.push([
        `G${id}`,
        `王${'明亮华丽'[i % 4]}`,
        i % 2 ? '男' : '女',
        day,
        '01',
        '1',
        id,
        '',
        `1${county}${String(school).padStart(3, '0')}`,
        `郎溪县第${school}小学`,
        String(1 + (i % 6)),
        String(1 + (i % 3)),
        '走读',
      ]);
    }
    const path = writeText(dir.path('big-registry.csv'), csv(rows));
    const result = await importList(deps, SYSTEM_ACTOR, path, { kind: 'students', countyCode: county });
    expect(result).toMatchObject({ read: size, accepted: size, rejected: 0 });
    expect(await indexes()).toEqual(before);
    const written = await sql<{ children: number; enrollments: number }>`select
        (select count(*)::int from child where county_code = ${county}) as children,
        (select count(*)::int from enrollment where county_code = ${county}) as enrollments`.execute(deps.db);
    expect(written.rows[0]).toEqual({ children: size, enrollments: size });
  });
});
