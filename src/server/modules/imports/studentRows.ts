// The registry export's own columns (national student registry layout, DOMAIN 1): document type,
// school, grade and class, and the coded fields, each accepted as the code or its name.

import {
  BOARDING,
  codeFromNameOrCode,
  ETHNICITIES,
  HEALTH_STATUS,
  HUKOU_NATURE,
  ID_DOCUMENT_TYPES,
  type IdDocumentTypeCode,
} from '../../../domain/index.ts';
import type { ImportField, ResolvedColumns } from './mapping.ts';
import { cellText, type ListRecord } from './normalize.ts';
import type { ListDataRow } from './reader/index.ts';

export type StudentFields = {
  idType: IdDocumentTypeCode;
  /** The number of a document other than the resident ID (passport, permit…), as written. */
  documentNumber: string | null;
  schoolCode: string;
  schoolName: string | null;
  schoolRegionCode: string | null;
  grade: number;
  classNumber: number;
  ethnicity: string | null;
  boarding: string | null;
  hukouNature: string | null;
  healthStatus: string | null;
  residenceAddress: string | null;
};

type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Printable ASCII: what NFKC and removing white space leave as it is (most cells of an export). */
const PLAIN = /^[\x21-\x7e]*$/;

function texts(row: ListDataRow, columns: ResolvedColumns) {
  return (field: ImportField) => {
    const index = columns.fieldIndex[field];
    if (index === undefined) return '';
    const text = cellText(row.cells[index]);
    return PLAIN.test(text) ? text : text.normalize('NFKC').replace(/\s/g, '');
  };
}

/** 身份证件类型 as the code (1, A…) or the name; a blank type with a number is the resident ID. */
export function idTypeOf(row: ListDataRow, columns: ResolvedColumns): Parsed<IdDocumentTypeCode> {
  const text = texts(row, columns)('idType');
  if (text === '') return { ok: true, value: '1' };
  const code = codeFromNameOrCode(ID_DOCUMENT_TYPES, text);
  return code ? { ok: true, value: code } : { ok: false, reason: `无法识别的身份证件类型：“${text}”` };
}

const DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 5, 05, 五, 十, 十二, 二十一: numbers as people write them. */
function smallNumber(text: string): number | null {
  if (/^\d{1,3}$/.test(text)) return Number(text);
  const m = /^([一二三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(text);
  if (!m || text === '') return null;
  if (!m[2]) return m[3] ? null : (DIGITS[m[1] as string] ?? null);
  return (m[1] ? (DIGITS[m[1]] as number) : 1) * 10 + (m[3] ? (DIGITS[m[3]] as number) : 0);
}

const JUNIOR = { 初一: 7, 初二: 8, 初三: 9 } as Record<string, number>;

/** 一年级, 7年级, 初一, or the registry's grade codes (11–16 primary, 21–23 junior middle). */
export function parseGrade(raw: string): number | null {
  const text = raw.replace(/[（(].*$/, '');
  if (JUNIOR[text.slice(0, 2)] !== undefined) return JUNIOR[text.slice(0, 2)] as number;
  const code = /^([12])([1-6])$/.exec(text);
  if (code) {
    const grade = code[1] === '1' ? Number(code[2]) : Number(code[2]) + 6;
    return grade <= 9 ? grade : null;
  }
  const grade = smallNumber(text.replace(/年级$|级$/, ''));
  return grade !== null && grade >= 1 && grade <= 9 ? grade : null;
}

/** 1, 01, 1班, (1)班, 一班, 五年级(1)班. */
export function parseClassNumber(raw: string): number | null {
  const bracketed = /[（(]\s*([^)）]+)\s*[)）]/.exec(raw);
  const text = bracketed ? (bracketed[1] as string) : raw.replace(/^.*年级/, '').replace(/班$/, '');
  const n = smallNumber(text);
  return n !== null && n >= 1 && n <= 99 ? n : null;
}

/**
 * The registry fields of a row whose common fields are already normalised. A student needs a
 * name, sex and birth date (the child record requires them), and a student number or resident ID
 * to be found again by the next import.
 */
export function studentFieldsOf(
  row: ListDataRow,
  columns: ResolvedColumns,
  record: ListRecord,
  idType: IdDocumentTypeCode,
): Parsed<StudentFields> {
  const text = texts(row, columns);
  if (record.name === null) return { ok: false, reason: '姓名为空' };
  if (record.birthDate === null) return { ok: false, reason: '缺少出生日期' };
  if (record.sex === null) return { ok: false, reason: '缺少性别' };
  if (idType === '1' && record.idNumber !== null && !/^\d{17}[\dX]$/.test(record.idNumber)) {
    return { ok: false, reason: `身份证号位数不对：“${record.idNumber}”（应为18位）` };
  }
  const documentNumber = idType === '1' ? null : text('idNumber') || null;
  if (record.studentNumber === null && record.idNumber === null) {
    return { ok: false, reason: '缺少学籍号和身份证号，无法与已有学生对应' };
  }
  const schoolCode = text('schoolCode');
  if (!/^\d{10}$/.test(schoolCode)) {
    return { ok: false, reason: `学校标识码应为10位数字：“${schoolCode}”` };
  }
  const classText = text('className');
  const grade = parseGrade(text('grade')) ?? parseGrade(classText);
  if (grade === null) return { ok: false, reason: `无法识别的年级：“${text('grade')}”` };
  const classNumber = parseClassNumber(classText);
  if (classNumber === null) return { ok: false, reason: `无法识别的班级：“${classText}”` };
  const region = text('schoolRegionCode');
  return {
    ok: true,
    value: {
      idType,
      documentNumber,
      schoolCode,
      schoolName: text('schoolName') || null,
      schoolRegionCode: /^\d{12}$/.test(region) ? region : null,
      grade,
      classNumber,
      ethnicity: codeFromNameOrCode(ETHNICITIES, text('ethnicity')),
      boarding: codeFromNameOrCode(BOARDING, text('boarding')),
      hukouNature: codeFromNameOrCode(HUKOU_NATURE, text('hukouType')),
      healthStatus: codeFromNameOrCode(HEALTH_STATUS, text('healthStatus')),
      residenceAddress: text('residenceAddress') || null,
    },
  };
}
