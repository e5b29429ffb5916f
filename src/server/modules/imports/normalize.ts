// One data row of a list → the normalised record stored in list_record, or the reason it is
// rejected. Damage (garbled text, an ID Excel turned into a number, an impossible date) rejects the
// row; a typo that leaves the row recognisable (a wrong check digit) is kept for the linkage.

import {
  codeFromNameOrCode,
  detectGarbledText,
  type ListSex,
  normalizeListDate,
  normalizeListIdNumber,
  normalizeListName,
  normalizeListSex,
  type ParsedId,
  SPECIAL_GROUPS,
  type SpecialGroupCode,
} from '../../../domain/index.ts';
import type { ImportField, ListKind, ResolvedColumns } from './mapping.ts';
import type { Cell, ListDataRow } from './reader/index.ts';

export type ListRecord = {
  listRow: number;
  rowNumber: number;
  idNumber: string | null;
  idValid: boolean;
  name: string | null;
  sex: ListSex | null;
  birthDate: string | null;
  regionCode: string | null;
  townshipCode: string | null;
  villageCode: string | null;
  address: string | null;
  hukouStatus: 'normal' | 'cancelled' | 'moved_out' | null;
  groupCode: SpecialGroupCode | null;
  studentNumber: string | null;
  details: Record<string, string>;
};

export type Rejection = { rowNumber: number; listRow: number; reason: string; cells: Cell[] };

/** The county's townships and villages by name, to place rows that name them instead of coding them. */
export type RegionNames = {
  townships: Map<string, string>;
  /** Village name → code, or null when two townships have a village of that name. */
  villages: Map<string, string | null>;
  /** Township code + village name → village code. */
  villagesInTownship: Map<string, string>;
};

export function cellText(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : cell.toISOString().slice(0, 10);
  return String(cell).trim();
}

/** The fields stored in their own columns; every other mapped or unmatched column goes to details. */
const RECORD_FIELDS = new Set<ImportField>([
  'idNumber',
  'name',
  'sex',
  'birthDate',
  'regionCode',
  'township',
  'village',
  'householdAddress',
  'hukouStatus',
  'groupCode',
  'studentNumber',
]);

const CANCELLED = /注销|死亡|销户|除名/;
const MOVED_OUT = /迁出|外迁/;
const NORMAL = /^(正常|在册|在户|有效|现住|户籍人口|否|0)$/;

function hukouStatusOf(text: string): ListRecord['hukouStatus'] {
  if (text === '') return null;
  if (/^(是|1)$/.test(text)) return 'cancelled';
  if (CANCELLED.test(text)) return 'cancelled';
  if (MOVED_OUT.test(text)) return 'moved_out';
  return NORMAL.test(text) ? 'normal' : null;
}

const GROUP_ALIASES: Array<[RegExp, SpecialGroupCode]> = [
  [/事实无人抚养|无人抚养/, 'unsupported'],
  [/孤儿/, 'orphan'],
  [/监测/, 'monitored_household'],
  [/脱贫|建档立卡|贫困/, 'poverty_household'],
  [/低保/, 'dibao'],
  [/特困|五保/, 'tekun'],
  [/残疾/, 'disabled'],
  [/留守/, 'left_behind'],
  [/单亲/, 'single_parent'],
];

/** What the list says of the person's group; the list's own department when it does not say. */
function groupCodeOf(kind: ListKind, text: string): SpecialGroupCode | null {
  const named = codeFromNameOrCode(SPECIAL_GROUPS, text) ?? GROUP_ALIASES.find(([re]) => re.test(text))?.[1];
  if (named) return named;
  if (kind === 'disabled') return 'disabled';
  if (kind === 'poverty') return 'poverty_household';
  return null;
}

type Place = Pick<ListRecord, 'regionCode' | 'townshipCode' | 'villageCode'>;

/** A 6-, 9- or 12-digit division code, or a township/village name of the county. */
function placeOf(regionText: string, townshipText: string, villageText: string, names: RegionNames): Place {
  const place: Place = { regionCode: null, townshipCode: null, villageCode: null };
  const digits = regionText.replace(/\s/g, '');
  if (/^\d{12}$/.test(digits)) place.regionCode = digits;
  else if (/^\d{9}$/.test(digits)) place.regionCode = `${digits}000`;
  else if (/^\d{6}$/.test(digits)) place.regionCode = `${digits}000000`;
  else if (digits !== '') {
    place.regionCode = names.villages.get(digits) ?? names.townships.get(digits) ?? null;
  }
  if (place.regionCode && place.regionCode.slice(6, 9) !== '000') {
    place.townshipCode = `${place.regionCode.slice(0, 9)}000`;
    if (place.regionCode.slice(9) !== '000') place.villageCode = place.regionCode;
  }
  if (townshipText !== '') {
    place.townshipCode = /^\d{12}$/.test(townshipText)
      ? townshipText
      : (names.townships.get(townshipText) ?? place.townshipCode);
  }
  if (villageText !== '') {
    const village = /^\d{12}$/.test(villageText)
      ? villageText
      : place.townshipCode
        ? names.villagesInTownship.get(`${place.townshipCode}|${villageText}`)
        : names.villages.get(villageText);
    if (village) {
      place.villageCode = village;
      place.townshipCode ??= `${village.slice(0, 9)}000`;
    }
  }
  place.regionCode ??= place.villageCode ?? place.townshipCode;
  return place;
}

export type RowContext = {
  kind: ListKind;
  columns: ResolvedColumns;
  regions: RegionNames;
};

export type NormalizedRow = { ok: true; record: ListRecord } | { ok: false; reason: string };

function fieldCell(row: ListDataRow, fieldIndex: ResolvedColumns['fieldIndex'], field: ImportField): Cell {
  const index = fieldIndex[field];
  return index === undefined ? null : (row.cells[index] ?? null);
}

function fieldText(row: ListDataRow, fieldIndex: ResolvedColumns['fieldIndex'], field: ImportField): string {
  return cellText(fieldCell(row, fieldIndex, field));
}

/** The first garbled cell of a row, with its column named for the sender. */
function garbledCell(row: ListDataRow, columns: ResolvedColumns): string | null {
  for (let index = 0; index < row.cells.length; index++) {
    const cell = row.cells[index];
    if (typeof cell !== 'string') continue;
    const problem = detectGarbledText(cell);
    if (problem) {
      const header = columns.columns[index]?.header || `第 ${index + 1} 列`;
      return `“${header}”${problem}`;
    }
  }
  return null;
}

/**
 * Normalises a row. `residentId` is false for a registry row whose 证件类型 is not the resident
 * ID card: its number is then another document's and is not read as an ID.
 */
export function normalizeRow(row: ListDataRow, ctx: RowContext, residentId = true): NormalizedRow {
  const garbled = garbledCell(row, ctx.columns);
  if (garbled) return { ok: false, reason: garbled };
  const { fieldIndex } = ctx.columns;

  let idNumber: string | null = null;
  let idValid = false;
  let idProblem: string | null = null;
  let parsedId: ParsedId | undefined;
  const rawId = fieldCell(row, fieldIndex, 'idNumber');
  if (residentId && rawId !== null && !(rawId instanceof Date) && String(rawId).trim() !== '') {
    const id = normalizeListIdNumber(rawId);
    if (!id.ok && id.code === 'excel_number') return { ok: false, reason: id.message };
    if (id.ok) {
      idNumber = id.id;
      idValid = id.valid;
      parsedId = id.parsed;
    } else if (id.code === 'bad_format') idProblem = id.message;
  }

  let name: string | null = null;
  const nameText = fieldText(row, fieldIndex, 'name');
  if (nameText !== '') {
    const result = normalizeListName(nameText);
    if (!result.ok) return { ok: false, reason: result.message };
    name = result.name;
  }

  let birthDate: string | null = null;
  const rawBirth = fieldCell(row, fieldIndex, 'birthDate');
  if (rawBirth !== null && cellText(rawBirth) !== '') {
    const result = normalizeListDate(rawBirth);
    if (!result.ok) return { ok: false, reason: `出生日期：${result.message}` };
    birthDate = result.date;
  }

  let sex: ListSex | null = null;
  const sexText = fieldText(row, fieldIndex, 'sex');
  if (sexText !== '') {
    const result = normalizeListSex(sexText);
    if (!result.ok) return { ok: false, reason: result.message };
    sex = result.sex;
  }

  if (idNumber === null && !(name !== null && birthDate !== null) && residentId) {
    return {
      ok: false,
      reason: idProblem ?? '缺少身份证号，也没有姓名和出生日期，无法识别此人',
    };
  }

  if (parsedId) {
    birthDate ??= parsedId.birthDate;
    sex ??= parsedId.sex === 'male' ? '1' : '2';
  }

  const details: Record<string, string> = {};
  for (const column of ctx.columns.columns) {
    if (column.field !== null && RECORD_FIELDS.has(column.field)) continue;
    const value = cellText(row.cells[column.index]);
    if (value === '') continue;
    details[column.field ?? column.header] = value;
  }
  if (idProblem) details.idNumber = fieldText(row, fieldIndex, 'idNumber');

  const regionText = fieldText(row, fieldIndex, 'regionCode');
  const place = placeOf(
    regionText,
    fieldText(row, fieldIndex, 'township'),
    fieldText(row, fieldIndex, 'village'),
    ctx.regions,
  );
  if (regionText !== '' && place.regionCode === null) details.regionCode = regionText;
  const statusText = fieldText(row, fieldIndex, 'hukouStatus');
  const hukouStatus = hukouStatusOf(statusText);
  if (statusText !== '' && hukouStatus === null) details.hukouStatus = statusText;
  const groupText = fieldText(row, fieldIndex, 'groupCode') || fieldText(row, fieldIndex, 'povertyStatus');

  return {
    ok: true,
    record: {
      listRow: row.listRow,
      rowNumber: row.rowNumber,
      idNumber,
      idValid,
      name,
      sex,
      birthDate,
      ...place,
      address: fieldText(row, fieldIndex, 'householdAddress') || null,
      hukouStatus,
      groupCode: groupCodeOf(ctx.kind, groupText),
      studentNumber: fieldText(row, fieldIndex, 'studentNumber').toUpperCase() || null,
      details,
    },
  };
}
