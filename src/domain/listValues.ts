// Values read from government lists (police household lists, poverty, disability and civil-affairs
// lists, registry exports). Each arrives typed by hand in Excel or WPS, often saved as GBK, so a
// value must be recognised in every form people actually write it, and damage done by encodings
// or by Excel itself must be told apart from an ordinary typo: a typo is kept for the linkage
// engine to tolerate, damage is refused with an explanation the sender can act on.

import { formatIsoDate, isRealDate } from './dates.ts';
import { normalizeIdNumber, type ParsedId, parseIdNumber, upgradeId15 } from './idNumber.ts';
import { isGarbledName, normalizeName } from './names.ts';

export type ListValueError = { ok: false; message: string };

const INVISIBLE = /[\s\u200B-\u200D\u2060\uFEFF\u00AD]/g;

/** Printable ASCII other than the space: what NFKC and removing white space leave as it is. */
function isPlainAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x21 || code > 0x7e) return false;
  }
  return true;
}

/** NFKC folds full-width digits, letters and punctuation (２０１２／３／４) into ASCII. */
function compact(raw: string): string {
  // Most cells are plain ASCII already (dates, codes): they are spared both passes.
  return isPlainAscii(raw) ? raw : raw.normalize('NFKC').replace(INVISIBLE, '');
}

function quote(raw: unknown): string {
  const text = String(raw);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

// ---------------------------------------------------------------------------------------------
// Dates

export type ListDateResult = { ok: true; date: string } | ListValueError;

const EARLIEST_YEAR = 1900;
const LATEST_YEAR = 2100;
// 9999-12-31, the last date Excel can hold.
const LAST_EXCEL_SERIAL = 2_958_465;

function checkedDate(year: number, month: number, day: number, raw: unknown): ListDateResult {
  if (year < EARLIEST_YEAR || year > LATEST_YEAR) {
    return { ok: false, message: `日期超出合理范围：“${quote(raw)}”` };
  }
  if (!isRealDate(year, month, day)) {
    return { ok: false, message: `日期不存在：“${quote(raw)}”` };
  }
  return { ok: true, date: formatIsoDate(year, month, day) };
}

/**
 * Excel's 1900 date system counts 1900-01-01 as day 1 and, copying Lotus 1-2-3, believes in a
 * 1900-02-29 (day 60): serials after it are one day ahead of a plain count.
 */
function fromExcelSerial(serial: number, raw: unknown): ListDateResult {
  const days = Math.floor(serial);
  if (days < 1 || days > LAST_EXCEL_SERIAL) return { ok: false, message: `无法识别的日期：“${quote(raw)}”` };
  if (days === 60) return { ok: false, message: `日期不存在：“${quote(raw)}”（Excel 的 1900年2月29日）` };
  const date = new Date(Date.UTC(1899, 11, days < 60 ? 31 : 30) + days * 86_400_000);
  return checkedDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), raw);
}

const SEPARATED_DATE =
  /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[T ]?\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/;
const YEAR_MONTH_ONLY = /^(\d{4})(?:[-/.年](\d{1,2})月?|(\d{2}))$/;

/**
 * Accepts 2012-03-04, 2012/3/4, 2012.3.4, 2012年3月4日, 20120304 (as text or number), a time
 * of day after the date (database exports), Excel serial numbers (40972), and the Date objects
 * ExcelJS makes of date-formatted cells, which are UTC midnights.
 */
export function normalizeListDate(raw: string | number | Date): ListDateResult {
  if (raw instanceof Date) {
    if (Number.isNaN(raw.getTime())) return { ok: false, message: '日期无效' };
    return checkedDate(raw.getUTCFullYear(), raw.getUTCMonth() + 1, raw.getUTCDate(), raw.toISOString());
  }
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return { ok: false, message: `无法识别的日期：“${raw}”` };
    if (Number.isInteger(raw) && raw >= 10_000_000 && raw <= 99_999_999) {
      return checkedDate(Math.floor(raw / 10_000), Math.floor(raw / 100) % 100, raw % 100, raw);
    }
    return fromExcelSerial(raw, raw);
  }
  const text = compact(raw);
  if (text === '') return { ok: false, message: '日期为空' };
  const separated = SEPARATED_DATE.exec(text);
  if (separated) return checkedDate(Number(separated[1]), Number(separated[2]), Number(separated[3]), raw);
  if (/^\d{8}$/.test(text)) {
    return checkedDate(Number(text.slice(0, 4)), Number(text.slice(4, 6)), Number(text.slice(6, 8)), raw);
  }
  // A date-formatted column saved to CSV without its format shows the bare serial; five digits
  // are 1927–2173, so a year or a year-month can never be mistaken for one.
  if (/^\d{5}(?:\.\d+)?$/.test(text)) return fromExcelSerial(Number(text), raw);
  if (YEAR_MONTH_ONLY.test(text)) {
    return { ok: false, message: `日期缺少日：“${quote(raw)}”，请填写完整的年月日` };
  }
  return { ok: false, message: `无法识别的日期：“${quote(raw)}”（应为 2012-03-04 这样的日期）` };
}

// ---------------------------------------------------------------------------------------------
// Sex

/** GB/T 2261.1 codes, the ones the national registry uses: 1 male, 2 female. */
export type ListSex = '1' | '2';
export type ListSexResult = { ok: true; sex: ListSex } | ListValueError;

const SEX_WORDS = new Map<string, ListSex>(
  Object.entries({
    男: '1',
    男性: '1',
    男生: '1',
    '1': '1',
    M: '1',
    MALE: '1',
    女: '2',
    女性: '2',
    女生: '2',
    '2': '2',
    F: '2',
    FEMALE: '2',
  } as const),
);

export function normalizeListSex(raw: string | number): ListSexResult {
  // Each word is its own compact upper case: a cell that reads one exactly needs neither.
  const exact = typeof raw === 'string' ? SEX_WORDS.get(raw) : undefined;
  if (exact) return { ok: true, sex: exact };
  const text = compact(String(raw)).toUpperCase();
  if (text === '') return { ok: false, message: '性别为空' };
  const sex = SEX_WORDS.get(text);
  return sex
    ? { ok: true, sex }
    : { ok: false, message: `无法识别的性别：“${quote(raw)}”（应为 男/女 或 1/2）` };
}

// ---------------------------------------------------------------------------------------------
// ID numbers

export type ListIdResult =
  | {
      ok: true;
      /** Normalized; 18 characters when the input was a 15- or 18-character ID. */
      id: string;
      /** False for an ID with a wrong check digit, date or length: kept for fuzzy linkage. */
      valid: boolean;
      upgradedFrom15: boolean;
      /** Why the ID is not valid, when it is not. */
      problem?: string;
      /** A valid ID's reading (birth date, sex), so that it need not be parsed again. */
      parsed?: ParsedId;
    }
  | { ok: false; code: 'empty' | 'excel_number' | 'bad_format'; message: string };

const SCIENTIFIC = /^[+-]?\d+(?:\.\d+)?E[+-]?\d+$/i;
const EXCEL_NUMBER_ADVICE = '后几位已丢失；请把该列设为文本后重新导出';

/** Excel shows a large number the way it stores it: 15 significant digits, 3.41802E+17. */
function excelNumberText(value: number): string {
  return Number.isInteger(value) && Math.abs(value) < 1e11
    ? String(value)
    : value
        .toExponential(5)
        .replace(/\.?0+e/, 'e')
        .toUpperCase();
}

function lostDigits(shown: string): ListIdResult {
  return {
    ok: false,
    code: 'excel_number',
    message: `身份证号被 Excel 存成了数字（${shown}），${EXCEL_NUMBER_ADVICE}`,
  };
}

/**
 * Numbers above 2^53 cannot hold 18 digits, and Excel keeps only 15 significant digits anyway;
 * a 15-digit ID stored as a number has lost nothing and is accepted.
 */
export function normalizeListIdNumber(raw: string | number): ListIdResult {
  if (typeof raw === 'number') {
    if (!Number.isSafeInteger(raw) || raw < 0) return lostDigits(excelNumberText(raw));
    return normalizeListIdNumber(String(raw));
  }
  // Digits and X (nearly every ID a list holds) are what NFKC and normalizeIdNumber leave alone.
  const id = /^[\dX]*$/.test(raw) ? raw : normalizeIdNumber(raw.normalize('NFKC'));
  if (id === '') return { ok: false, code: 'empty', message: '身份证号为空' };
  if (SCIENTIFIC.test(id)) return lostDigits(id.toUpperCase());
  if (!/^\d{14,19}X?$/.test(id) || id.length > 19) {
    return {
      ok: false,
      code: 'bad_format',
      message: `身份证号格式不正确：“${quote(raw)}”（应为18位数字，最后一位可以是 X）`,
    };
  }
  const parsed = parseIdNumber(id);
  if (parsed.ok)
    return { ok: true, id: parsed.idNumber, valid: true, upgradedFrom15: parsed.upgradedFrom15, parsed };
  // Excel keeps 15 significant digits, so a number turned back into text ends in 000.
  if (/^\d{15}000$/.test(id)) return lostDigits(id);
  const upgradedFrom15 = /^\d{15}$/.test(id);
  return {
    ok: true,
    id: upgradedFrom15 ? upgradeId15(id) : id,
    valid: false,
    upgradedFrom15,
    problem: parsed.message,
  };
}

// ---------------------------------------------------------------------------------------------
// Garbled text and names

const GARBLED_PHRASES = ['锟斤拷', '烫烫烫', '屯屯屯'];
const HAN = /\p{Script=Han}/u;

function isLatin1Supplement(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  const code = ch.charCodeAt(0);
  // U+00B7 separates parts of minority names, U+00A0 is a spreadsheet's non-breaking space.
  return code >= 0x80 && code <= 0xff && code !== 0xb7 && code !== 0xa0;
}

/** A control character, a Latin-1 Supplement character or '?': what detectGarbledText looks at. */
function hasSuspectCode(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || (code >= 0x80 && code <= 0xff) || code === 0x3f) return true;
  }
  return false;
}

/**
 * Why a value was evidently damaged by an encoding on its way here, or null. Two Latin-1
 * characters in a row are GBK or UTF-8 bytes read as Latin-1 (张三 → ÕÅÈý); a single one is a
 * foreign name (José). An ASCII '?' next to a Han character is what an encoder writes for a
 * character it cannot represent: Chinese typists get the full-width ？ from their IME.
 */
export function detectGarbledText(value: string): string | null {
  if (value.includes('\uFFFD')) return '含有无法识别的字符（\uFFFD），文件的编码可能不对';
  const phrase = GARBLED_PHRASES.find((p) => value.includes(p));
  if (phrase) return `含有乱码“${phrase}”，文件的编码可能不对`;
  // Almost every cell has none of the characters looked at below: one pass over its code units
  // spares splitting it into characters (most of an import's time in this function).
  if (!hasSuspectCode(value)) return null;
  const chars = [...value];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    const code = ch.charCodeAt(0);
    if (code < 0x20 && ch !== '\t' && ch !== '\n' && ch !== '\r') return '含有控制字符，文件可能已损坏';
    if (isLatin1Supplement(ch) && isLatin1Supplement(chars[i + 1])) {
      return `含有乱码“${quote(value)}”，文件可能是 GBK 编码却被当作其他编码读取`;
    }
    if (ch === '?') {
      const before = chars[i - 1];
      const after = chars[i + 1];
      if (before === '?' || after === '?' || (before && HAN.test(before)) || (after && HAN.test(after))) {
        return `含有被替换成“?”的汉字：“${quote(value)}”，文件的编码可能不对`;
      }
    }
  }
  return null;
}

export type ListNameResult = { ok: true; name: string } | ListValueError;

/** Full-width forms, spaces and zero-width characters removed, Traditional → Simplified. */
export function normalizeListName(raw: string): ListNameResult {
  const garbled = detectGarbledText(raw);
  if (garbled) return { ok: false, message: `姓名${garbled}` };
  if (isGarbledName(raw)) return { ok: false, message: `姓名含有乱码：“${quote(raw)}”` };
  const name = normalizeName(raw);
  return name === '' ? { ok: false, message: '姓名为空' } : { ok: true, name };
}

// ---------------------------------------------------------------------------------------------
// Columns

/**
 * Known columns by canonical field; the first name is the label shown on the mapping screen.
 * Matching is exact after normalizeHeader: a substring match would read 监护人身份证号 as the
 * child's 身份证号.
 */
const COLUMN_NAMES = {
  idNumber:
    '身份证号 身份证件号 身份证件号码 身份证号码 公民身份号码 公民身份证号 公民身份证号码 居民身份证号 居民身份证号码 ' +
    '证件号码 证件号 身份证 身份号码 身份证编号 学生身份证号 儿童身份证号 学生身份证件号',
  idType: '身份证件类型 证件类型 身份证件类别',
  name: '姓名 学生姓名 儿童姓名 人员姓名 成员姓名 名字 学生名字 儿童名字',
  sex: '性别 学生性别 儿童性别',
  birthDate: '出生日期 出生年月 出生年月日 生日 出生时间 出生日',
  ethnicity: '民族',
  studentNumber: '学籍号 全国学籍号 全国学籍号码 个人标识码 学生学籍号',
  schoolCode: '学校标识码 学校代码 学校编码 学校识别码',
  schoolName: '学校名称 学校 就读学校 在读学校 所在学校 学校全称 就读学校名称',
  grade: '年级 就读年级 所在年级 年级名称',
  className: '班级 班级名称 所在班级 班号 就读班级',
  // The national registry's 户口所在地 column holds a 12-digit region code, not an address.
  regionCode: '户口所在地 行政区划 行政区划代码 区划代码 户口所在地行政区划 户籍地行政区划代码',
  householdAddress: '户籍地址 户籍所在地 户籍地 户籍住址 户口地址 户口所在地详细地址 户籍详细地址',
  residenceAddress: '现住址 家庭住址 居住地址 现居住地址 实际居住地 家庭地址 现居住地',
  township: '乡镇 乡镇街道 乡镇/街道 街道 所属乡镇 乡 镇 乡镇名称',
  village: '村 村社区 村/社区 社区 村居 村委会 所属村 村名 村居委会',
  policeStation: '派出所 所属派出所 户籍派出所 登记派出所',
  hukouStatus: '户口状态 户籍状态 注销 是否注销 人员状态 户口注销',
  hukouType: '户口性质 户籍性质 户口类别',
  householdHeadName: '户主姓名 户主',
  relationToHead: '与户主关系',
  guardianName: '监护人 监护人姓名 家长姓名 家庭成员姓名',
  guardianRelation: '监护人关系 与监护人关系 与学生关系 关系',
  guardianPhone: '监护人电话 监护人联系电话 联系电话 家长电话 家长联系电话 手机号码 联系方式',
  guardianIdNumber: '监护人身份证号 监护人身份证件号 监护人身份证号码 家长身份证号',
  disabilityType: '残疾类型 残疾类别 残疾人类型 残疾类别名称',
  disabilityLevel: '残疾等级 残疾级别',
  disabilityCertificateNumber: '残疾证号 残疾人证号 残疾证号码',
  povertyStatus: '户类型 脱贫户类型 人口类型 监测对象类型 监测对象类别 贫困户类型 脱贫状态 帮扶类型',
  groupCode: '特殊群体 群体类型 人员类别 儿童类别 困境儿童类别 救助类别 保障类别',
} as const;

export type ListField = keyof typeof COLUMN_NAMES;

export type ListColumn = { field: ListField; label: string; synonyms: readonly string[] };

const HEADER_BRACKETS = /[(（[【〔][^)）\]】〕]*[)）\]】〕]/g;

/** Synonyms are stored normalized, as matchHeader compares them. */
export const LIST_COLUMNS: readonly ListColumn[] = Object.entries(COLUMN_NAMES).map(([field, names]) => {
  const synonyms = names.split(' ');
  return { field: field as ListField, label: synonyms[0] ?? field, synonyms: synonyms.map(normalizeHeader) };
});

/**
 * Header cells carry decoration: line breaks from wrapped cells, a '*' for required columns,
 * explanations in brackets (身份证号(必填), 出生日期（yyyy-mm-dd）) and a trailing colon.
 */
export function normalizeHeader(raw: string): string {
  const text = compact(raw)
    .replace(/[*※]/g, '')
    .replace(/[:：]$/, '')
    .toLowerCase();
  return text.replace(HEADER_BRACKETS, '') || text;
}

const FIELD_BY_SYNONYM = new Map<string, ListField>(
  LIST_COLUMNS.flatMap((c) => c.synonyms.map((s) => [s, c.field] as const)),
);

export type HeaderMatch = {
  matched: Array<{ index: number; header: string; field: ListField }>;
  /** Non-blank header cells that name no known field. */
  unmatched: Array<{ index: number; header: string }>;
  /** Later columns naming a field an earlier column already took. */
  duplicates: Array<{ index: number; header: string; field: ListField }>;
  fieldIndex: Partial<Record<ListField, number>>;
};

export function matchHeader(cells: ReadonlyArray<string | number | Date | null | undefined>): HeaderMatch {
  const result: HeaderMatch = { matched: [], unmatched: [], duplicates: [], fieldIndex: {} };
  cells.forEach((cell, index) => {
    if (cell == null || cell instanceof Date) return;
    const header = String(cell).trim();
    if (header === '') return;
    const field = FIELD_BY_SYNONYM.get(normalizeHeader(header));
    if (!field) result.unmatched.push({ index, header });
    else if (result.fieldIndex[field] !== undefined) result.duplicates.push({ index, header, field });
    else {
      result.fieldIndex[field] = index;
      result.matched.push({ index, header, field });
    }
  });
  return result;
}

/**
 * The index of the first row naming at least two known fields, or null. Lists open with title
 * rows (XX县2026年适龄儿童名单), a merged cell with the sending unit, blank rows: one known
 * column name could be a title that happens to read 姓名, two cannot.
 */
export function findHeaderRow(
  rows: ReadonlyArray<ReadonlyArray<string | number | Date | null | undefined>>,
  maxScan = 20,
): number | null {
  const limit = Math.min(rows.length, maxScan);
  for (let i = 0; i < limit; i++) {
    if ((rows[i]?.length ?? 0) > 0 && matchHeader(rows[i] ?? []).matched.length >= 2) return i;
  }
  return null;
}
