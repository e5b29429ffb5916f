import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, testDeps } from '../../../../tests/support/database.ts';
import { SYSTEM_ACTOR } from '../../auth/actor.ts';
import type { Database } from '../../db/connection.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { importAttendance } from './importAttendance.ts';

const GRADE_NAMES = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

interface Pupil {
  id: number;
  studentNumber: string;
}
interface Klass {
  id: number;
  grade: number;
  number: number;
  schoolCode: string;
  pupils: Pupil[];
}

let database: Database;
let deps: Deps;
let dir: string;
let first: Klass;
let second: Klass;
let countyCode: string;

async function classes(): Promise<Klass[]> {
  const rows = await database.db
    .selectFrom('child as c')
    .innerJoin('school_class as k', 'k.id', 'c.class_id')
    .innerJoin('school as s', 's.id', 'k.school_id')
    .select(['c.id', 'c.student_number', 'k.id as class_id', 'k.grade', 'k.class_number', 's.code'])
    .where('c.student_number', 'is not', null)
    .where('c.ended_at', 'is', null)
    .orderBy('k.id')
    .orderBy('c.id')
    .execute();
  const byClass = new Map<number, Klass>();
  for (const row of rows) {
    const klass = byClass.get(row.class_id) ?? {
      id: row.class_id,
      grade: row.grade,
      number: row.class_number,
      schoolCode: row.code,
      pupils: [],
    };
    klass.pupils.push({ id: row.id, studentNumber: row.student_number as string });
    byClass.set(row.class_id, klass);
  }
  return [...byClass.values()].filter((k) => k.pupils.length >= 4);
}

const pupil = (klass: Klass, index: number) => klass.pupils[index] as Pupil;
const gradeClass = (klass: Klass) => `${GRADE_NAMES[klass.grade]}年级${klass.number}班`;

async function count(table: 'absence' | 'roll_call' | 'leave_request' | 'escalation_task' | 'audit_log') {
  const row = await database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function rejectedRows(file: string): Promise<Map<number, string>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = workbook.worksheets[0] as ExcelJS.Worksheet;
  const header = (sheet.getRow(1).values as unknown[]).slice(1);
  const rowColumn = header.indexOf('行号') + 1;
  const reasonColumn = header.indexOf('原因') + 1;
  const reasons = new Map<number, string>();
  sheet.eachRow((row, number) => {
    if (number > 1)
      reasons.set(Number(row.getCell(rowColumn).value), String(row.getCell(reasonColumn).value));
  });
  return reasons;
}

beforeAll(async () => {
  database = await freshDatabase();
  deps = testDeps(database);
  dir = mkdtempSync(join(tmpdir(), 'nol-import-attendance-'));
  const found = await classes();
  first = found[0] as Klass;
  second = found.find((k) => k.schoolCode === first.schoolCode && k.id !== first.id) ?? (found[1] as Klass);
  countyCode = (await database.db.selectFrom('county').select('county_code').executeTakeFirstOrThrow())
    .county_code;
});
afterAll(async () => {
  await database.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('importing a CSV of past absences', () => {
  let file: string;

  beforeAll(() => {
    const a = pupil(first, 0).studentNumber;
    const b = pupil(first, 1).studentNumber;
    const c = pupil(first, 2).studentNumber;
    const stranger = pupil(second, 0).studentNumber;
    const place = `${first.schoolCode},${gradeClass(first)}`;
    const bracketed = `${first.schoolCode},${GRADE_NAMES[first.grade]}年级（${first.number}）班`;
    file = join(dir, 'absences.csv');
    writeFileSync(
      file,
      `\uFEFF宣州区2026年秋季学期缺勤记录,,,,,
学校标识码,班级,日期,学籍号,类型,是否请假批准
${place},2026-11-18,${a},缺勤,否
${bracketed},2026/11/19,${a},absent,0
${place},2026年11月20日,${a},缺勤,
${place},20261118,${b},请假,是
${place},2026.11.19,${b},迟到,false
,,,,,
${place},2026-11-20,${c},早退,
9999999999,${gradeClass(first)},2026-11-18,${c},缺勤,否
${place},2026-11-18,${stranger},缺勤,否
${place},2026-11-21,${c},缺勤,否
${place},2026-11-24,${c},缺勤,否
${place},2026-11-17,${c},旷工,否
${place},2026-11-18,${a},缺勤,否
`,
    );
  });

  it('imports the good rows, reports the bad ones and catches the ladder up', async () => {
    const result = await importAttendance(deps, SYSTEM_ACTOR, file, {});
    expect(result).toEqual({
      read: 12,
      accepted: 6,
      rejected: 6,
      rejectedFile: join(dir, 'absences.rejected.xlsx'),
    });

    const reasons = await rejectedRows(result.rejectedFile as string);
    expect([...reasons.keys()]).toEqual([10, 11, 12, 13, 14, 15]);
    expect(reasons.get(10)).toContain('没有学校标识码为 9999999999');
    expect(reasons.get(11)).toContain('不在该班');
    expect(reasons.get(12)).toContain('不是该校的上课日（周末）');
    expect(reasons.get(13)).toContain('晚于今天');
    expect(reasons.get(14)).toContain('无法识别的类型“旷工”');
    expect(reasons.get(15)).toContain('与第 3 行重复');

    const a = pupil(first, 0).id;
    const tasks = await database.db
      .selectFrom('escalation_task')
      .select(['step_day', 'trigger_day', 'run_started_on', 'policy_version', 'class_id'])
      .where('child_id', '=', a)
      .orderBy('step_day')
      .execute();
    expect(tasks).toEqual([
      {
        step_day: 1,
        trigger_day: '2026-11-18',
        run_started_on: '2026-11-18',
        policy_version: 1,
        class_id: first.id,
      },
      {
        step_day: 2,
        trigger_day: '2026-11-19',
        run_started_on: '2026-11-18',
        policy_version: 1,
        class_id: first.id,
      },
      {
        step_day: 3,
        trigger_day: '2026-11-20',
        run_started_on: '2026-11-18',
        policy_version: 1,
        class_id: first.id,
      },
    ]);
    // Excused leave, late and left early open nothing.
    expect(await count('escalation_task')).toBe(3);

    const leave = await database.db
      .selectFrom('leave_request')
      .selectAll()
      .where('child_id', '=', pupil(first, 1).id)
      .executeTakeFirstOrThrow();
    expect(leave).toMatchObject({
      starts_on: '2026-11-18',
      ends_on: '2026-11-18',
      status: 'approved',
      kind: 'other',
      requested_by: '导入',
      requested_via: 'note',
      recorded_late: true,
      policy_version: 1,
    });
    const rollCalls = await database.db
      .selectFrom('roll_call')
      .select(['day', 'submitted_by'])
      .where('class_id', '=', first.id)
      .orderBy('day')
      .execute();
    expect(rollCalls).toEqual([
      { day: '2026-11-18', submitted_by: null },
      { day: '2026-11-19', submitted_by: null },
      { day: '2026-11-20', submitted_by: null },
    ]);
    const audit = await database.db
      .selectFrom('audit_log')
      .select(['detail', 'county_code'])
      .where('action', '=', 'attendance.import')
      .executeTakeFirstOrThrow();
    expect(audit.county_code).toBe(countyCode);
    expect(audit.detail).toMatchObject({ file: 'absences.csv', accepted: 6, rejected: 6, leaves: 1 });
  });

  it('adds nothing when the same file comes again', async () => {
    const before = await Promise.all([count('absence'), count('roll_call'), count('escalation_task')]);
    const result = await importAttendance(deps, SYSTEM_ACTOR, file, { countyCode });
    expect(result).toMatchObject({ read: 12, accepted: 0, rejected: 12 });
    const reasons = await rejectedRows(result.rejectedFile as string);
    for (const row of [3, 4, 5, 6, 7, 9]) expect(reasons.get(row)).toContain('已有记录');
    expect(await Promise.all([count('absence'), count('roll_call'), count('escalation_task')])).toEqual(
      before,
    );
  });
});

describe('other file shapes', () => {
  it('reads an .xlsx with 年级 and 班级 columns and date cells', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('缺勤');
    sheet.addRow(['学期缺勤登记表']);
    sheet.addRow([]);
    sheet.addRow(['学校标识码', '年级', '班级', '日期', '学籍号', '类型', '是否请假批准', '备注']);
    const e = pupil(second, 1).studentNumber;
    const f = pupil(second, 2).studentNumber;
    sheet.addRow([
      second.schoolCode,
      second.grade,
      `${second.number}班`,
      new Date('2026-11-16T00:00:00Z'),
      e,
      '缺勤',
      // An empty cell before a filled one: the row's values have a hole there.
      null,
      '补录',
    ]);
    sheet.addRow([
      second.schoolCode,
      `${GRADE_NAMES[second.grade]}年级`,
      `（${second.number}）班`,
      '2026/11/17',
      e,
      '请假',
      '是',
    ]);
    sheet.addRow([second.schoolCode, `${second.grade}`, second.number, '2026-11-22', f, '缺勤', '否']);
    const file = join(dir, 'absences.xlsx');
    await workbook.xlsx.writeFile(file);

    const result = await importAttendance(deps, SYSTEM_ACTOR, file, {});
    expect(result).toMatchObject({ read: 3, accepted: 2, rejected: 1 });
    const reasons = await rejectedRows(result.rejectedFile as string);
    expect(reasons.get(6)).toContain('不是该校的上课日');
    const days = await database.db
      .selectFrom('absence')
      .select(['day', 'kind'])
      .where('child_id', '=', pupil(second, 1).id)
      .orderBy('day')
      .execute();
    expect(days).toEqual([
      { day: '2026-11-16', kind: 'absent' },
      { day: '2026-11-17', kind: 'leave' },
    ]);
  });

  it('reads a GB18030 CSV with English headers', async () => {
    const g = pupil(second, 3);
    const file = join(dir, 'gbk.csv');
    writeFileSync(
      file,
      iconv.encode(
        `school_code,grade,class,date,student_number,type,excused\n${second.schoolCode},${GRADE_NAMES[second.grade]}年级,${second.number}班,2026-11-20,${g.studentNumber},缺勤,否\n`,
        'gb18030',
      ),
    );
    const result = await importAttendance(deps, SYSTEM_ACTOR, file, {});
    expect(result).toEqual({ read: 1, accepted: 1, rejected: 0, rejectedFile: null });
    expect(existsSync(join(dir, 'gbk.rejected.xlsx'))).toBe(false);
  });

  it('refuses a file without a 学籍号 column and changes nothing', async () => {
    const file = join(dir, 'no-number.csv');
    writeFileSync(
      file,
      `学校标识码,班级,日期,类型\n${first.schoolCode},${gradeClass(first)},2026-11-13,缺勤\n`,
    );
    const before = await Promise.all([count('absence'), count('roll_call'), count('audit_log')]);
    const error = await importAttendance(deps, SYSTEM_ACTOR, file, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('validation');
    expect((error as AppError).message).toContain('缺少必需的列：学籍号');
    expect(await Promise.all([count('absence'), count('roll_call'), count('audit_log')])).toEqual(before);
  });

  it('refuses files it cannot read', async () => {
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, '');
    await expect(importAttendance(deps, SYSTEM_ACTOR, empty, {})).rejects.toThrow('文件是空的');
    const text = join(dir, 'list.txt');
    writeFileSync(text, 'x');
    await expect(importAttendance(deps, SYSTEM_ACTOR, text, {})).rejects.toThrow('只能导入 .xlsx 或 .csv');
    const broken = join(dir, 'broken.xlsx');
    writeFileSync(broken, 'not a zip');
    await expect(importAttendance(deps, SYSTEM_ACTOR, broken, {})).rejects.toThrow('无法读取该 Excel 文件');
    await expect(importAttendance(deps, SYSTEM_ACTOR, join(dir, 'none.csv'), {})).rejects.toThrow(
      '找不到文件',
    );
  });
});
