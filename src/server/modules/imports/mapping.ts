// Which column of a list holds which field: the mapping a person confirmed for this source last
// time, else the synonyms of the domain's column list, with the person's choices of this import
// on top. The mapping is keyed by header text, not position, so it survives a reordered export.

import { LIST_COLUMNS, type ListField, matchHeader, normalizeHeader } from '../../../domain/listValues.ts';
import { AppError, validationError } from '../../errors.ts';
import type { Cell } from './reader/index.ts';

export const LIST_KINDS = ['students', 'police', 'poverty', 'disabled', 'civil'] as const;
export type ListKind = (typeof LIST_KINDS)[number];

/** Fields this module reads beyond the domain's list columns. */
const EXTRA_COLUMNS = {
  // Where a school the registry names but the database lacks is placed.
  schoolRegionCode: '学校所在地行政区划代码 学校行政区划代码 学校所在地区划代码 学校区划代码 学校所在地',
  boarding: '就读方式 是否住校',
  healthStatus: '健康状况',
} as const;
export type ImportField = ListField | keyof typeof EXTRA_COLUMNS;

const EXTRA_BY_SYNONYM = new Map<string, ImportField>(
  Object.entries(EXTRA_COLUMNS).flatMap(([field, names]) =>
    names.split(' ').map((name) => [normalizeHeader(name), field as ImportField] as const),
  ),
);

export const FIELD_LABELS: Record<ImportField, string> = {
  ...(Object.fromEntries(LIST_COLUMNS.map((c) => [c.field, c.label])) as Record<ListField, string>),
  schoolRegionCode: '学校所在地行政区划代码',
  boarding: '就读方式',
  healthStatus: '健康状况',
};

export const IMPORT_FIELDS = Object.keys(FIELD_LABELS) as ImportField[];

/** Header text → field, or '' for a column deliberately left unused. */
export type ColumnMapping = Record<string, string>;

export type ResolvedColumn = { index: number; header: string; field: ImportField | null };

export type ResolvedColumns = {
  columns: ResolvedColumn[];
  fieldIndex: Partial<Record<ImportField, number>>;
  /** The mapping to remember for the source: every non-blank header with its field or ''. */
  mapping: ColumnMapping;
};

function headerText(cell: Cell | undefined): string {
  if (cell === null || cell === undefined || cell instanceof Date) return '';
  return String(cell).trim();
}

function isImportField(value: string): value is ImportField {
  return value in FIELD_LABELS;
}

/**
 * Explicit choices (remembered, then this import's) claim their field first; synonym matches
 * fill the rest, first column wins. Two explicit columns for one field are refused.
 */
export function resolveColumns(
  headerCells: readonly Cell[],
  remembered: ColumnMapping | null,
  overrides: ColumnMapping | undefined,
): ResolvedColumns {
  const headers = headerCells.map(headerText);
  const present = new Set(headers.filter((h) => h !== ''));
  for (const [header, field] of Object.entries(overrides ?? {})) {
    if (!present.has(header)) {
      throw validationError([{ field: 'mapping', message: `文件的表头中没有名为“${header}”的列` }]);
    }
    if (field !== '' && !isImportField(field)) {
      throw validationError([{ field: 'mapping', message: `未知的字段：“${field}”` }]);
    }
  }
  const explicit = new Map<string, string>();
  for (const [header, field] of Object.entries(remembered ?? {})) {
    if (present.has(header) && (field === '' || isImportField(field))) explicit.set(header, field);
  }
  for (const [header, field] of Object.entries(overrides ?? {})) explicit.set(header, field);

  const synonyms = matchHeader(headerCells);
  const bySynonym = new Map<number, ImportField>();
  for (const m of [...synonyms.matched, ...synonyms.duplicates]) bySynonym.set(m.index, m.field);
  for (const u of synonyms.unmatched) {
    const extra = EXTRA_BY_SYNONYM.get(normalizeHeader(u.header));
    if (extra) bySynonym.set(u.index, extra);
  }

  const fieldIndex: Partial<Record<ImportField, number>> = {};
  const columns: ResolvedColumn[] = headers.map((header, index) => ({ index, header, field: null }));
  headers.forEach((header, index) => {
    const field = explicit.get(header);
    if (field === undefined || field === '') return;
    const taken = fieldIndex[field as ImportField];
    if (taken !== undefined) {
      throw validationError([
        {
          field: 'mapping',
          message: `“${headers[taken]}”和“${header}”两列都对应到“${FIELD_LABELS[field as ImportField]}”，请只选其中一列`,
        },
      ]);
    }
    fieldIndex[field as ImportField] = index;
    (columns[index] as ResolvedColumn).field = field as ImportField;
  });
  headers.forEach((header, index) => {
    if (header === '' || explicit.has(header)) return;
    const field = bySynonym.get(index);
    if (field === undefined || fieldIndex[field] !== undefined) return;
    fieldIndex[field] = index;
    (columns[index] as ResolvedColumn).field = field;
  });

  const mapping: ColumnMapping = {};
  for (const column of columns) if (column.header !== '') mapping[column.header] = column.field ?? '';
  return { columns, fieldIndex, mapping };
}

const STUDENT_REQUIRED: readonly ImportField[] = ['name', 'schoolCode', 'grade', 'className'];

/** Refuses, as a whole, a list whose columns cannot say who each row is. */
export function checkRequiredColumns(kind: ListKind, fieldIndex: ResolvedColumns['fieldIndex']): void {
  const has = (field: ImportField) => fieldIndex[field] !== undefined;
  if (!has('idNumber') && !(has('name') && has('birthDate'))) {
    throw new AppError(
      'bad_request',
      '名单缺少身份证号列，也没有“姓名”和“出生日期”两列，无法识别每一行是谁；请在列对应中指定身份证号所在的列',
    );
  }
  if (kind === 'students') {
    const missing = STUDENT_REQUIRED.filter((field) => !has(field));
    if (missing.length > 0) {
      throw new AppError(
        'bad_request',
        `学籍名单缺少必需的列：${missing.map((f) => FIELD_LABELS[f]).join('、')}；请在列对应中指定`,
      );
    }
  }
}
