// Resident identity card numbers (居民身份证号码), GB 11643-1999:
//   6 digits  birth registration region (GB/T 2260 county code at the time of registration)
//   8 digits  birth date YYYYMMDD
//   3 digits  sequence; the last of them is odd for males, even for females
//   1 char    ISO 7064 MOD 11-2 check digit, '0'-'9' or 'X'
// First-generation cards (before 1999) have 15 digits: a 2-digit year in the 1900s and no
// check digit. Adults (guardians) still present them, so they are upgraded, not rejected.

import { isRealDate, requireIsoDate } from './dates.ts';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

// Spreadsheets and Chinese IMEs leave zero-width characters and full-width forms behind; an
// otherwise correct number must not be rejected because of them.
const INVISIBLE = /[\s\u200B-\u200D\u2060\uFEFF]/g;
const FULL_WIDTH_ASCII = /[\uFF01-\uFF5E]/g;

export function normalizeIdNumber(raw: string): string {
  return raw
    .replace(FULL_WIDTH_ASCII, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(INVISIBLE, '')
    .replace(/x/g, 'X');
}

export function idCheckDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) {
    throw new RangeError(`计算校验位需要17位数字：${JSON.stringify(first17)}`);
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    sum += (first17.charCodeAt(i) - 48) * (WEIGHTS[i] ?? 0);
  }
  return CHECK_CHARS.charAt(sum % 11);
}

export function upgradeId15(id15: string): string {
  if (!/^\d{15}$/.test(id15)) {
    throw new RangeError(`15位身份证号应全部为数字：${JSON.stringify(id15)}`);
  }
  // 15-digit numbers were only issued to people born in the 1900s.
  const first17 = `${id15.slice(0, 6)}19${id15.slice(6)}`;
  return first17 + idCheckDigit(first17);
}

export type IdErrorCode =
  | 'empty'
  | 'bad_length'
  | 'bad_characters'
  | 'bad_check_digit'
  | 'impossible_birth_date'
  | 'future_birth_date';

export type ParsedId = {
  ok: true;
  /** 18 characters, normalized (upgraded when the input had 15 digits). */
  idNumber: string;
  /** YYYY-MM-DD */
  birthDate: string;
  sex: 'male' | 'female';
  /** The first 6 digits; deliberately never checked against a region list. */
  birthRegionCode: string;
  upgradedFrom15: boolean;
};

export type IdError = { ok: false; code: IdErrorCode; message: string };

const EARLIEST_BIRTH_DATE = '1900-01-01';

function fail(code: IdErrorCode, message: string): IdError {
  return { ok: false, code, message };
}

/**
 * Validates and decodes an ID number. The region part is never validated: counties are merged
 * and their codes abolished, but the numbers issued under them stay valid for life.
 * `today` ('YYYY-MM-DD') enables the future-birth-date check; the domain has no clock.
 */
export function parseIdNumber(raw: string, today?: string): ParsedId | IdError {
  if (today !== undefined) requireIsoDate(today, '今天的日期');
  const id = normalizeIdNumber(raw);
  if (id === '') return fail('empty', '身份证号为空');

  if (id.length !== 18 && id.length !== 15) {
    return fail('bad_length', `身份证号应为18位（老证件为15位），现在是 ${id.length} 位`);
  }
  if (id.length === 15 && !/^\d{15}$/.test(id)) {
    return fail('bad_characters', '15位身份证号只能由数字组成');
  }
  if (id.length === 18 && !/^\d{17}[\dX]$/.test(id)) {
    return fail('bad_characters', '身份证号只能由数字组成，最后一位可以是 X');
  }

  const upgradedFrom15 = id.length === 15;
  const id18 = upgradedFrom15 ? upgradeId15(id) : id;

  const year = Number(id18.slice(6, 10));
  const month = Number(id18.slice(10, 12));
  const day = Number(id18.slice(12, 14));
  const birthDate = `${id18.slice(6, 10)}-${id18.slice(10, 12)}-${id18.slice(12, 14)}`;

  // The date is checked before the check digit: "出生日期不存在" points straight at the
  // mistyped digits, whereas a wrong check digit only says that something is wrong somewhere.
  if (!isRealDate(year, month, day)) {
    return fail('impossible_birth_date', `身份证号中的出生日期不存在（${birthDate}）`);
  }
  if (birthDate < EARLIEST_BIRTH_DATE) {
    return fail('impossible_birth_date', `身份证号中的出生日期早于1900年（${birthDate}）`);
  }

  if (!upgradedFrom15) {
    const expected = idCheckDigit(id18.slice(0, 17));
    if (id18.charAt(17) !== expected) {
      return fail('bad_check_digit', `身份证号校验位不正确（应为 ${expected}）`);
    }
  }

  if (today !== undefined && birthDate > today) {
    return fail('future_birth_date', `身份证号中的出生日期晚于今天（${birthDate}）`);
  }

  return {
    ok: true,
    idNumber: id18,
    birthDate,
    sex: (id18.charCodeAt(16) - 48) % 2 === 1 ? 'male' : 'female',
    birthRegionCode: id18.slice(0, 6),
    upgradedFrom15,
  };
}

const SEX_LABELS = { male: '男', female: '女' } as const;

/**
 * Compares what a record says with what its ID number encodes. Blank record fields are not
 * reported: a missing value is a completeness problem, not a contradiction.
 */
export function checkIdConsistency(
  parsed: { birthDate: string; sex: 'male' | 'female' },
  record: { birthDate?: string | null; sex?: 'male' | 'female' | null },
): Array<{ field: 'birthDate' | 'sex'; message: string }> {
  const problems: Array<{ field: 'birthDate' | 'sex'; message: string }> = [];
  const recordBirthDate = record.birthDate?.trim();
  if (recordBirthDate && recordBirthDate !== parsed.birthDate) {
    problems.push({
      field: 'birthDate',
      message: `出生日期与身份证号不一致（填写为 ${recordBirthDate}，身份证号为 ${parsed.birthDate}）`,
    });
  }
  if (record.sex && record.sex !== parsed.sex) {
    problems.push({
      field: 'sex',
      message: `性别与身份证号不一致（填写为 ${SEX_LABELS[record.sex]}，身份证号为 ${SEX_LABELS[parsed.sex]}）`,
    });
  }
  return problems;
}

/**
 * Masks an identity document number for display. Resident IDs keep the region (useful to tell
 * children apart by county) and the last 4 (what staff read out on the phone); the birth date
 * is always hidden. Other documents keep only 2 characters at each end.
 */
export function maskIdNumber(id: string | null | undefined): string | null {
  if (id == null) return null;
  const value = normalizeIdNumber(id);
  if (value === '') return null;
  if (value.length === 18) return `${value.slice(0, 6)}********${value.slice(14)}`;
  if (value.length === 15) return `${value.slice(0, 6)}*****${value.slice(11)}`;
  // Too short to keep both ends without revealing (almost) all of it.
  if (value.length <= 4) return '*'.repeat(value.length);
  return `${value.slice(0, 2)}${'*'.repeat(value.length - 4)}${value.slice(-2)}`;
}

/** The last 4 characters, the usual way staff confirm a child's identity; null when shorter. */
export function idLast4(id: string | null | undefined): string | null {
  if (id == null) return null;
  const value = normalizeIdNumber(id);
  return value.length >= 4 ? value.slice(-4) : null;
}

/**
 * A registry student number is 'G' + the ID number, so showing it would undo the ID's mask:
 * the ID part is masked the same way. L-numbers (children without an ID) carry no ID and stay whole.
 */
export function maskStudentNumber(studentNumber: string | null | undefined): string | null {
  if (!studentNumber) return null;
  const match = /^G(\d{17}[\dX]|\d{15})$/i.exec(studentNumber);
  return match?.[1] ? `G${maskIdNumber(match[1])}` : studentNumber;
}
