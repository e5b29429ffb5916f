// `nol import attendance`: past absences from a county's own records, so that a county can start
// mid-term with the ladder already where it would have been. Every row is either imported or
// reported back with its row number and reason; the accepted rows go in as one transaction, and
// the escalation run then catches up day by day, each task dated by the school day that reached it.

import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { type Kysely, sql } from 'kysely';
import { leaveApprover } from '../../../domain/index.ts';
import { normalizeListDate } from '../../../domain/listValues.ts';
import { schoolYearOf } from '../../../domain/schoolAge.ts';
import { writeAudit } from '../../audit/audit.ts';
import type { Actor } from '../../auth/actor.ts';
import { schoolDate } from '../../clock.ts';
import type { DB } from '../../db/types.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { loadCountyCalendar } from '../calendar/index.ts';
import { runEscalation } from '../escalation/index.ts';
import { policyTimeline } from '../policy/index.ts';
import type { MARK_KINDS } from './schema.ts';

export const importAttendanceUsage = `nol import attendance <file.xlsx|csv> [--county CODE]
  导入以往的缺勤记录（学期中途启用时）：列为 学校标识码、年级 + 班级（或一列“五年级1班”）、日期、学籍号、
  类型（缺勤/迟到/早退/请假）、是否请假批准（是/否）。逐日补跑处置阶梯；未导入的行写入 <文件名>.rejected.xlsx。
  --county 为 6 位区县代码，数据库中只有一个区县时可省略。
  Imports past absences (school code, grade + class, date, student number, type, excused), then
  catches the escalation ladder up day by day. Prints one JSON line; rejected rows go to <name>.rejected.xlsx.`;

export interface ImportAttendanceResult {
  read: number;
  accepted: number;
  rejected: number;
  rejectedFile: string | null;
}

type Db = Kysely<DB>;
type Cell = string | number | Date | null;
type MarkKind = (typeof MARK_KINDS)[number];
type Field = 'schoolCode' | 'grade' | 'className' | 'date' | 'studentNumber' | 'type' | 'excused';

const INVISIBLE = /[\s\u200B-\u200D\u2060\uFEFF\u00AD]/g;
/** NFKC folds full-width digits and brackets (５年级（１）班) into ASCII. */
const compact = (text: string) => text.normalize('NFKC').replace(INVISIBLE, '');

const HEADERS: Record<Field, readonly string[]> = {
  schoolCode: ['学校标识码', '学校代码', '学校识别码', '学校编码', 'school_code', 'schoolcode'],
  grade: ['年级', 'grade'],
  className: ['班级', '班级名称', '年级班级', '班', 'class', 'class_name'],
  date: ['日期', '考勤日期', '缺勤日期', 'date'],
  studentNumber: ['学籍号', '全国学籍号', '学生学籍号', '学籍编号', 'student_number', 'studentnumber'],
  type: ['类型', '考勤类型', '缺勤类型', 'type', 'kind'],
  excused: ['是否请假批准', '已批准', '请假已批准', '是否批准', 'excused', 'approved'],
};
const LABELS: Record<Field, string> = {
  schoolCode: '学校标识码',
  grade: '年级',
  className: '班级',
  date: '日期',
  studentNumber: '学籍号',
  type: '类型',
  excused: '是否请假批准',
};
const REQUIRED: readonly Field[] = ['schoolCode', 'className', 'date', 'studentNumber', 'type'];
const HEADER_SCAN_ROWS = 20;

/** Header cells carry decoration: a '*' for required columns, notes in brackets, a trailing colon. */
function headerField(cell: Cell): Field | null {
  if (typeof cell !== 'string') return null;
  const text = compact(cell)
    .replace(/[*※:：]/g, '')
    .replace(/\([^)]*\)/g, '')
    .toLowerCase();
  for (const [field, names] of Object.entries(HEADERS) as Array<[Field, readonly string[]]>) {
    if (names.includes(text)) return field;
  }
  return null;
}

const KINDS: Record<string, { kind: MarkKind; reason: 'sick' | 'personal' | null }> = {
  缺勤: { kind: 'absent', reason: null },
  旷课: { kind: 'absent', reason: null },
  缺课: { kind: 'absent', reason: null },
  absent: { kind: 'absent', reason: null },
  迟到: { kind: 'late', reason: null },
  late: { kind: 'late', reason: null },
  早退: { kind: 'left_early', reason: null },
  left_early: { kind: 'left_early', reason: null },
  请假: { kind: 'leave', reason: null },
  leave: { kind: 'leave', reason: null },
  病假: { kind: 'leave', reason: 'sick' },
  事假: { kind: 'leave', reason: 'personal' },
};
const YES = new Set(['是', '1', 'true', 'yes', 'y', '已批准', '批准', '√']);
const NO = new Set(['', '否', '0', 'false', 'no', 'n', '未批准', '×']);

const DIGITS: Record<string, number> = {
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** 5, 05, 五, 十, 十二, 二十一: grade and class numbers as people write them. */
function smallNumber(text: string): number | null {
  if (/^\d{1,3}$/.test(text)) return Number(text);
  const match = /^([一二两三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(text);
  if (!match || text === '') return null;
  const [, tens, ten, units] = match;
  if (!ten) return tens && !units ? (DIGITS[tens] ?? null) : null;
  return (tens ? (DIGITS[tens] ?? 0) : 1) * 10 + (units ? (DIGITS[units] ?? 0) : 0);
}

const JUNIOR: Record<string, number> = { 初一: 7, 初二: 8, 初三: 9 };

function parseGrade(raw: string): number | null {
  const text = compact(raw);
  const junior = JUNIOR[text];
  if (junior) return junior;
  const grade = smallNumber(text.replace(/年级$|级$/, ''));
  return grade !== null && grade >= 1 && grade <= 9 ? grade : null;
}

function parseClassNumber(raw: string): number | null {
  const number = smallNumber(
    compact(raw)
      .replace(/班$/, '')
      .replace(/^\((.*)\)$/, '$1'),
  );
  return number !== null && number >= 1 ? number : null;
}

/** 五年级1班, 五年级（1）班, 5年级01班, 初一(2)班. */
function parseGradeClass(raw: string): { grade: number; classNumber: number } | null {
  const match = /^(初[一二三]|[^年级]+(?:年级|级))(.+)$/.exec(compact(raw));
  if (!match) return null;
  const grade = parseGrade(match[1] as string);
  const classNumber = parseClassNumber(match[2] as string);
  return grade !== null && classNumber !== null ? { grade, classNumber } : null;
}

const cellText = (cell: Cell): string =>
  cell === null ? '' : cell instanceof Date ? cell.toISOString() : String(cell).trim();

interface SourceRow {
  rowNumber: number;
  cells: Cell[];
}

/** What the cell shows: formulas give their result, rich text and hyperlinks their text. */
function xlsxCell(value: unknown): Cell {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'string' || typeof value === 'number' || value instanceof Date) return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText))
      return value.richText.map((run: { text?: unknown }) => String(run.text ?? '')).join('');
    if ('result' in value) return xlsxCell(value.result);
    if ('formula' in value || 'sharedFormula' in value) return null;
    if ('error' in value) return String(value.error);
    if ('text' in value) return xlsxCell(value.text);
  }
  return String(value);
}

/** The first worksheet, streamed: a term of a county's absences is ≈100k rows. */
async function readXlsx(filePath: string): Promise<SourceRow[]> {
  const input = createReadStream(filePath);
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    // Styles tell a date-formatted cell from a number.
    styles: 'cache',
    worksheets: 'emit',
    entries: 'ignore',
  });
  const rows: SourceRow[] = [];
  try {
    for await (const worksheet of workbook) {
      for await (const row of worksheet) {
        // Row.values is 1-based and sparse: map() would leave the holes of empty cells undefined.
        const values = row.values as unknown[];
        rows.push({
          rowNumber: row.number,
          cells: Array.from({ length: Math.max(values.length - 1, 0) }, (_, i) => xlsxCell(values[i + 1])),
        });
      }
      break;
    }
  } catch {
    throw new AppError('validation', '无法读取该 Excel 文件：文件已损坏或不是有效的 .xlsx 文件');
  } finally {
    input.destroy();
  }
  return rows;
}

/** UTF-8 (with or without BOM), else GB18030, which is what Excel and WPS save on Chinese Windows. */
async function readCsv(filePath: string): Promise<SourceRow[]> {
  const bytes = await readFile(filePath);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('gb18030').decode(bytes);
  }
  let records: string[][];
  try {
    records = parse(text, { relax_column_count: true, relax_quotes: true, skip_empty_lines: false });
  } catch (error) {
    throw new AppError('validation', `无法读取该 CSV 文件：${(error as Error).message}`);
  }
  return records.map((cells, index) => ({ rowNumber: index + 1, cells }));
}

async function readRows(filePath: string): Promise<SourceRow[]> {
  const extension = extname(filePath).toLowerCase();
  if (extension !== '.csv' && extension !== '.xlsx') {
    throw new AppError(
      'validation',
      extension === '.xls'
        ? '不支持旧版 .xls 文件，请在 Excel 或 WPS 中另存为 .xlsx 后再导入'
        : `只能导入 .xlsx 或 .csv 文件（收到 ${basename(filePath)}）`,
    );
  }
  try {
    return extension === '.csv' ? await readCsv(filePath) : await readXlsx(filePath);
  } catch (error) {
    if (error instanceof AppError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new AppError('validation', `找不到文件：${filePath}`);
    throw new AppError('validation', `无法读取文件 ${basename(filePath)}：${(error as Error).message}`);
  }
}

const isBlank = (cells: readonly Cell[]) => cells.every((cell) => cellText(cell) === '');

/** The header row (under any title rows) and the column of each field; refuses a file missing one. */
function findHeader(rows: readonly SourceRow[]): { index: number; columns: Partial<Record<Field, number>> } {
  for (let index = 0; index < Math.min(rows.length, HEADER_SCAN_ROWS); index++) {
    const columns: Partial<Record<Field, number>> = {};
    (rows[index] as SourceRow).cells.forEach((cell, column) => {
      const field = headerField(cell);
      if (field && columns[field] === undefined) columns[field] = column;
    });
    if (Object.keys(columns).length < 3) continue;
    const missing = REQUIRED.filter((field) => columns[field] === undefined);
    if (missing.length > 0) {
      throw new AppError(
        'validation',
        `第 ${(rows[index] as SourceRow).rowNumber} 行的表头缺少必需的列：${missing.map((f) => LABELS[f]).join('、')}` +
          `（应有 ${REQUIRED.map((f) => LABELS[f]).join('、')}，可选 年级、是否请假批准）`,
      );
    }
    return { index, columns };
  }
  if (rows.every((row) => isBlank(row.cells))) throw new AppError('validation', '文件是空的');
  throw new AppError(
    'validation',
    `前 ${HEADER_SCAN_ROWS} 行中没有找到表头（应有 ${REQUIRED.map((f) => LABELS[f]).join('、')} 等列名）`,
  );
}

interface Parsed {
  schoolCode: string;
  grade: number;
  classNumber: number;
  day: string;
  studentNumber: string;
  kind: MarkKind;
  reason: 'sick' | 'personal' | null;
  excused: boolean;
}

/** One row's values, or the reason it cannot be read. */
function parseRow(cells: readonly Cell[], columns: Partial<Record<Field, number>>): Parsed | string {
  const at = (field: Field): Cell => (columns[field] === undefined ? null : (cells[columns[field]] ?? null));
  const schoolCode = compact(cellText(at('schoolCode')));
  if (!/^\d{10}$/.test(schoolCode)) return `学校标识码应为 10 位数字（“${schoolCode}”）`;

  const classText = cellText(at('className'));
  let place: { grade: number; classNumber: number } | null;
  if (columns.grade !== undefined) {
    const gradeText = cellText(at('grade'));
    const grade = parseGrade(gradeText);
    if (grade === null) return `无法识别的年级“${gradeText}”`;
    const combined = parseGradeClass(classText);
    const classNumber = combined?.grade === grade ? combined.classNumber : parseClassNumber(classText);
    place = classNumber === null ? null : { grade, classNumber };
  } else place = parseGradeClass(classText);
  if (!place) return `无法识别的班级“${classText}”（应为 五年级1班，或 年级、班级 两列）`;

  const dateCell = at('date');
  const date = normalizeListDate(
    dateCell instanceof Date || typeof dateCell === 'number' ? dateCell : cellText(dateCell),
  );
  if (!date.ok) return date.message;

  const studentNumber = compact(cellText(at('studentNumber'))).toUpperCase();
  if (studentNumber === '') return '学籍号为空';

  const typeText = cellText(at('type'));
  const kind = KINDS[compact(typeText).toLowerCase().replace(/[- ]/g, '_')];
  if (!kind) return `无法识别的类型“${typeText}”（应为 缺勤、迟到、早退或请假）`;

  const excusedText = compact(cellText(at('excused'))).toLowerCase();
  if (!YES.has(excusedText) && !NO.has(excusedText))
    return `是否请假批准应为 是 或 否（“${cellText(at('excused'))}”）`;

  return {
    schoolCode,
    ...place,
    day: date.date,
    studentNumber,
    kind: kind.kind,
    reason: kind.reason,
    excused: YES.has(excusedText),
  };
}

async function resolveCounty(db: Db, countyCode: string | undefined): Promise<string> {
  const counties = await db.selectFrom('county').select('county_code').execute();
  if (countyCode) {
    if (!counties.some((c) => c.county_code === countyCode))
      throw new AppError('validation', `数据库中没有区县 ${countyCode}`);
    return countyCode;
  }
  if (counties.length === 1) return (counties[0] as { county_code: string }).county_code;
  throw new AppError(
    'validation',
    counties.length === 0 ? '数据库中还没有区县' : '数据库中有多个区县，请用 --county 指定 6 位区县代码',
  );
}

interface Accepted extends Parsed {
  row: SourceRow;
  childId: number;
  classId: number;
  schoolId: number;
}

const CHUNK = 2000;
function chunks<T>(list: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += CHUNK) out.push(list.slice(i, i + CHUNK));
  return out;
}

export async function importAttendance(
  deps: Deps,
  actor: Actor,
  filePath: string,
  options: { countyCode?: string },
): Promise<ImportAttendanceResult> {
  const rows = await readRows(filePath);
  const header = findHeader(rows);
  const countyCode = await resolveCounty(deps.db, options.countyCode);
  const dataRows = rows.slice(header.index + 1).filter((row) => !isBlank(row.cells));
  if (dataRows.length === 0) throw new AppError('validation', '表头下没有数据行');

  const rejected: Array<{ row: SourceRow; reason: string }> = [];
  const parsed: Array<{ row: SourceRow; value: Parsed }> = [];
  const today = schoolDate(deps.now());
  for (const row of dataRows) {
    const value = parseRow(row.cells, header.columns);
    if (typeof value === 'string') rejected.push({ row, reason: value });
    else if (value.day > today) rejected.push({ row, reason: `日期 ${value.day} 晚于今天（${today}）` });
    else parsed.push({ row, value });
  }

  const codes = [...new Set(parsed.map((p) => p.value.schoolCode))];
  const numbers = [...new Set(parsed.map((p) => p.value.studentNumber))];
  const [schools, children, calendar, timeline] = await Promise.all([
    codes.length === 0
      ? []
      : deps.db
          .selectFrom('school')
          .select(['id', 'code'])
          .where('county_code', '=', countyCode)
          .where('code', 'in', codes)
          .execute(),
    numbers.length === 0
      ? []
      : deps.db
          .selectFrom('child')
          .select(['id', 'class_id', 'student_number'])
          .where('county_code', '=', countyCode)
          .where(sql<boolean>`student_number = any(${sql.val(numbers)}::text[])`)
          .execute(),
    loadCountyCalendar(deps.db, countyCode),
    policyTimeline(deps.db, countyCode),
  ]);
  const schoolByCode = new Map(schools.map((s) => [s.code, s.id]));
  const classes =
    schools.length === 0
      ? []
      : await deps.db
          .selectFrom('school_class')
          .select(['id', 'school_id', 'school_year', 'grade', 'class_number'])
          .where(
            'school_id',
            'in',
            schools.map((s) => s.id),
          )
          .execute();
  const classByKey = new Map(
    classes.map((c) => [`${c.school_id}|${c.school_year}|${c.grade}|${c.class_number}`, c.id]),
  );
  const childByNumber = new Map(children.map((c) => [c.student_number as string, c]));

  const accepted: Accepted[] = [];
  const firstRowOf = new Map<string, number>();
  for (const { row, value } of parsed) {
    const schoolId = schoolByCode.get(value.schoolCode);
    if (schoolId === undefined) {
      rejected.push({ row, reason: `本县没有学校标识码为 ${value.schoolCode} 的学校` });
      continue;
    }
    const schoolYear = schoolYearOf(value.day);
    const classId = classByKey.get(`${schoolId}|${schoolYear}|${value.grade}|${value.classNumber}`);
    if (classId === undefined) {
      rejected.push({
        row,
        reason: `该校 ${schoolYear} 学年没有 ${value.grade} 年级 ${value.classNumber} 班`,
      });
      continue;
    }
    const dayInfo = calendar.forSchool(schoolId).describe(value.day);
    if (!dayInfo.schoolDay) {
      rejected.push({ row, reason: `${value.day} 不是该校的上课日（${dayInfo.label}）` });
      continue;
    }
    const child = childByNumber.get(value.studentNumber);
    if (!child) {
      rejected.push({ row, reason: `本县没有学籍号为 ${value.studentNumber} 的学生` });
      continue;
    }
    if (child.class_id !== classId) {
      rejected.push({ row, reason: `学籍号为 ${value.studentNumber} 的学生不在该班` });
      continue;
    }
    const key = `${child.id}|${value.day}`;
    const first = firstRowOf.get(key);
    if (first !== undefined) {
      rejected.push({ row, reason: `与第 ${first} 行重复（同一学生同一天）` });
      continue;
    }
    firstRowOf.set(key, row.rowNumber);
    accepted.push({ ...value, row, childId: child.id, classId, schoolId });
  }

  const now = deps.now();
  const imported = await deps.db.transaction().execute(async (trx) => {
    const existing = await existingAbsences(trx, countyCode, accepted);
    const fresh = accepted.filter((a) => {
      if (!existing.has(`${a.childId}|${a.day}`)) return true;
      rejected.push({ row: a.row, reason: '已有记录（该生当天的考勤已登记）' });
      return false;
    });
    const counts = { read: dataRows.length, accepted: fresh.length, rejected: rejected.length };
    const audit = (detail: Record<string, unknown>) =>
      writeAudit(trx, actor, {
        action: 'attendance.import',
        entity: 'absence',
        countyCode,
        detail: { file: basename(filePath), ...counts, ...detail },
      });
    if (fresh.length === 0) {
      await audit({ leaves: 0, tasksOpened: 0 });
      return 0;
    }
    const rollCalls = await ensureRollCalls(trx, countyCode, fresh, now);
    for (const part of chunks(fresh)) {
      await trx
        .insertInto('absence')
        .values(
          part.map((a) => ({
            county_code: countyCode,
            roll_call_id: rollCalls.get(`${a.classId}|${a.day}`) as number,
            child_id: a.childId,
            day: a.day,
            kind: a.kind,
            reason: a.reason,
          })),
        )
        .execute();
    }
    const leaves = await insertLeaves(trx, actor, countyCode, fresh, timeline, now);
    // The ladder catches up in date order, so each step is dated by the day whose absence reached it.
    const days = [...new Set(fresh.map((a) => a.day))].sort();
    let tasksOpened = 0;
    for (const day of days) {
      tasksOpened += (await runEscalation(trx, now, { countyCode, day, calendar, timeline })).tasksCreated;
    }
    await audit({ leaves, tasksOpened, days: days.length });
    return fresh.length;
  });

  const result: ImportAttendanceResult = {
    read: dataRows.length,
    accepted: imported,
    rejected: rejected.length,
    rejectedFile: null,
  };
  if (imported > 0 && deps.kind === 'pglite') {
    // PGlite runs no autovacuum: without fresh statistics the planner would guess on the new rows.
    await sql`analyze absence, roll_call, leave_request`.execute(deps.db);
  }
  if (rejected.length > 0) {
    result.rejectedFile = await writeRejected(filePath, rows[header.index] as SourceRow, rejected);
  }
  return result;
}

/** (child, day) pairs that already have an absence row: a re-import adds nothing twice. */
async function existingAbsences(db: Db, countyCode: string, rows: readonly Accepted[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const part of chunks(rows)) {
    const result = await sql<{ child_id: number; day: string }>`
      select a.child_id, a.day from absence a
      join unnest(${sql.val(part.map((r) => r.childId))}::bigint[], ${sql.val(part.map((r) => r.day))}::date[])
        as q(child_id, day) on a.child_id = q.child_id and a.day = q.day
      where a.county_code = ${countyCode}`.execute(db);
    for (const r of result.rows) found.add(`${r.child_id}|${r.day}`);
  }
  return found;
}

/** One roll call per class-day (kept when the class already has one), submitted by the system. */
async function ensureRollCalls(
  db: Db,
  countyCode: string,
  rows: readonly Accepted[],
  now: Date,
): Promise<Map<string, number>> {
  const groups = new Map<string, { classId: number; schoolId: number; day: string }>();
  for (const r of rows)
    groups.set(`${r.classId}|${r.day}`, { classId: r.classId, schoolId: r.schoolId, day: r.day });
  const ids = new Map<string, number>();
  for (const part of chunks([...groups.values()])) {
    await db
      .insertInto('roll_call')
      .values(
        part.map((g) => ({
          county_code: countyCode,
          class_id: g.classId,
          school_id: g.schoolId,
          day: g.day,
          submitted_by: null,
          submitted_at: now,
          updated_by: null,
          updated_at: now,
        })),
      )
      .onConflict((oc) => oc.columns(['county_code', 'class_id', 'day']).doNothing())
      .execute();
    const found = await sql<{ id: number; class_id: number; day: string }>`
      select r.id, r.class_id, r.day from roll_call r
      join unnest(${sql.val(part.map((g) => g.classId))}::int[], ${sql.val(part.map((g) => g.day))}::date[])
        as q(class_id, day) on r.class_id = q.class_id and r.day = q.day
      where r.county_code = ${countyCode}`.execute(db);
    for (const r of found.rows) ids.set(`${r.class_id}|${r.day}`, r.id);
  }
  return ids;
}

/**
 * An excused whole-day absence gets an approved one-day leave, recorded late (补假) by the import.
 * Late and left-early marks need none: they never count towards a run. A day already covered by
 * a recorded request keeps that request.
 */
async function insertLeaves(
  db: Db,
  actor: Actor,
  countyCode: string,
  rows: readonly Accepted[],
  timeline: Awaited<ReturnType<typeof policyTimeline>>,
  now: Date,
): Promise<number> {
  const wanted = rows.filter((r) => r.excused && (r.kind === 'absent' || r.kind === 'leave'));
  const covered = new Set<string>();
  for (const part of chunks(wanted)) {
    const result = await sql<{ child_id: number; day: string }>`
      select q.child_id, q.day::text as day from leave_request l
      join unnest(${sql.val(part.map((r) => r.childId))}::bigint[], ${sql.val(part.map((r) => r.day))}::date[])
        as q(child_id, day) on l.child_id = q.child_id and l.starts_on <= q.day and q.day <= l.ends_on
      where l.county_code = ${countyCode} and l.status in ('approved', 'pending')`.execute(db);
    for (const r of result.rows) covered.add(`${r.child_id}|${r.day}`);
  }
  const userId = actor.userId > 0 ? actor.userId : null;
  const leaves = wanted
    .filter((r) => !covered.has(`${r.childId}|${r.day}`))
    .map((r) => {
      const policy = timeline.on(r.day);
      const levels = policy.policy.leaveApproval;
      return {
        county_code: countyCode,
        child_id: r.childId,
        kind: r.reason ?? 'other',
        starts_on: r.day,
        ends_on: r.day,
        school_days: 1,
        requested_by: '导入',
        requested_via: 'note',
        recorded_by: userId,
        recorded_at: now,
        recorded_late: true,
        approver_role: leaveApprover(policy.policy, 1) ?? levels.at(-1)?.role ?? 'principal',
        status: 'approved',
        decided_by: userId,
        decided_at: now,
        decision_note: '历史记录导入时已批准',
        policy_version: policy.version,
      };
    });
  for (const part of chunks(leaves)) await db.insertInto('leave_request').values(part).execute();
  return leaves.length;
}

/** `<name>.rejected.xlsx` beside the input: the original columns, then 行号 and 原因, in row order. */
async function writeRejected(
  filePath: string,
  header: SourceRow,
  rejected: ReadonlyArray<{ row: SourceRow; reason: string }>,
): Promise<string> {
  const target = join(dirname(filePath), `${basename(filePath, extname(filePath))}.rejected.xlsx`);
  let width = header.cells.length;
  while (width > 0 && cellText(header.cells[width - 1] ?? null) === '') width--;
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: target, useSharedStrings: true });
  const sheet = workbook.addWorksheet('未导入的行');
  sheet.addRow([...header.cells.slice(0, width), '行号', '原因']).commit();
  const sorted = [...rejected].sort((a, b) => a.row.rowNumber - b.row.rowNumber);
  for (const { row, reason } of sorted) {
    const cells = Array.from({ length: width }, (_, i) => row.cells[i] ?? null);
    sheet.addRow([...cells, row.rowNumber, reason]).commit();
  }
  sheet.commit();
  await workbook.commit();
  return target;
}
