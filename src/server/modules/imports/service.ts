// Importing a government list or the registry export: the file is read as a stream and written in
// batches inside one transaction, so the previous list of the source stays current until the new
// one is complete, and a refused or interrupted import leaves nothing behind.

import { basename, dirname, extname, join } from 'node:path';
import { isIsoDate, type SourceDepartmentCode, schoolYearOf } from '../../../domain/index.ts';
import { writeAudit } from '../../audit/audit.ts';
import type { Actor } from '../../auth/actor.ts';
import { actorMaySee } from '../../auth/scope.ts';
import { schoolDate } from '../../clock.ts';
import { setRowTriggers } from '../../db/rowTriggers.ts';
import type { DB } from '../../db/types.ts';
import type { Deps } from '../../deps.ts';
import { AppError, notFound, validationError } from '../../errors.ts';
import { BulkIndexes } from './bulkIndexes.ts';
import {
  type ColumnMapping,
  checkRequiredColumns,
  type ImportField,
  LIST_KINDS,
  type ListKind,
  type ResolvedColumns,
  resolveColumns,
} from './mapping.ts';
import { cellText, type ListRecord, normalizeRow, type RegionNames, type Rejection } from './normalize.ts';
import { importPermissions } from './policy.ts';
import * as q from './queries.ts';
import { type ListDataRow, readListTable } from './reader/index.ts';
import { rejectedRowsXlsx } from './rejectedFile.ts';
import { documentNumberOf, StudentRegistry, type StudentRow } from './studentRegistry.ts';
import { idTypeOf, studentFieldsOf } from './studentRows.ts';

export type ImportOptions = {
  kind: ListKind;
  countyCode?: string;
  /** The issuing unit, e.g. one police station: each unit's list supersedes only its own. */
  unit?: string;
  encoding?: string;
  /** The name the file was uploaded under (the stored copy may be named otherwise). */
  fileName?: string;
  cutOffDate?: string;
  documentNumber?: string;
  /** Header text → field ('' leaves the column unused), over the remembered mapping and synonyms. */
  mapping?: ColumnMapping;
  onProgress?: (rowsRead: number) => void;
};

export type ImportResult = {
  importId: number;
  read: number;
  accepted: number;
  rejected: number;
  rejectedFile: string | null;
};

const DEPARTMENT: Record<ListKind, SourceDepartmentCode> = {
  students: 'education',
  police: 'police',
  poverty: 'rural_revitalization',
  disabled: 'disabled_federation',
  civil: 'civil_affairs',
};

/** Rows per multi-row insert: a few thousand keeps statements large and memory flat. */
const BATCH_ROWS = 2_000;
/** Rows checked between two turns of the event loop (a few milliseconds of work). */
const YIELD_ROWS = 200;

/** The county named, or the only county of the database. */
export async function resolveCountyCode(db: Deps['db'], countyCode: string | undefined): Promise<string> {
  const all = await q.countyCodes(db);
  if (countyCode !== undefined) {
    if (!all.includes(countyCode))
      throw validationError([{ field: 'countyCode', message: `数据库中没有区县 ${countyCode}` }]);
    return countyCode;
  }
  if (all.length === 1) return all[0] as string;
  if (all.length === 0) throw new AppError('bad_request', '数据库中还没有任何区县，请先建立区县');
  throw validationError([
    {
      field: 'countyCode',
      message: `数据库中有 ${all.length} 个区县（${all.join('、')}），请指定要导入的区县`,
    },
  ]);
}

function checkOptions(options: ImportOptions): void {
  if (!(LIST_KINDS as readonly string[]).includes(options.kind)) {
    throw validationError([{ field: 'kind', message: `名单类型须为：${LIST_KINDS.join('、')}` }]);
  }
  if (options.cutOffDate !== undefined && !isIsoDate(options.cutOffDate)) {
    throw validationError([
      { field: 'cutOffDate', message: `截止日期须为 YYYY-MM-DD：${options.cutOffDate}` },
    ]);
  }
}

function regionNames(rows: Awaited<ReturnType<typeof q.countyRegions>>): RegionNames {
  const names: RegionNames = { townships: new Map(), villages: new Map(), villagesInTownship: new Map() };
  for (const r of rows) {
    if (r.level === 'township') names.townships.set(r.name, r.code);
    else {
      names.villages.set(r.name, names.villages.has(r.name) ? null : r.code);
      names.villagesInTownship.set(`${r.parent_code}|${r.name}`, r.code);
    }
  }
  return names;
}

async function openList(
  deps: Deps,
  filePath: string,
  options: ImportOptions,
  countyCode: string,
  unit: string,
) {
  const fileName = options.fileName ?? basename(filePath);
  const table = await readListTable(filePath, {
    encoding: options.encoding,
    extension: extname(fileName) || undefined,
  });
  const remembered = await q
    .rememberedMapping(deps.db, countyCode, options.kind, unit)
    .catch(async (error) => {
      await table.close();
      throw error;
    });
  return { table, fileName, remembered };
}

/** The rows of one batch, their accepted records and rejections, checked row by row. */
class RowChecker {
  private readonly seenDocuments = new Map<string, number>();
  private readonly seenStudentNumbers = new Map<string, number>();
  records: ListRecord[] = [];
  students: Array<StudentRow & { cells: ListDataRow['cells'] }> = [];
  rejections: Rejection[] = [];

  constructor(
    private readonly kind: ListKind,
    private readonly columns: ResolvedColumns,
    private readonly regions: RegionNames,
  ) {}

  get size(): number {
    return this.records.length + this.students.length + this.rejections.length;
  }

  add(row: ListDataRow): void {
    const reason = this.kind === 'students' ? this.addStudent(row) : this.addRecord(row);
    if (reason !== null) {
      this.rejections.push({ rowNumber: row.rowNumber, listRow: row.listRow, reason, cells: row.cells });
    }
  }

  private addRecord(row: ListDataRow): string | null {
    const result = normalizeRow(row, { kind: this.kind, columns: this.columns, regions: this.regions });
    if (!result.ok) return result.reason;
    const duplicate = this.duplicate(result.record.idNumber, null, row.rowNumber);
    if (duplicate) return duplicate;
    this.records.push(result.record);
    return null;
  }

  private addStudent(row: ListDataRow): string | null {
    const idType = idTypeOf(row, this.columns);
    if (!idType.ok) return idType.reason;
    const ctx = { kind: this.kind, columns: this.columns, regions: this.regions };
    const result = normalizeRow(row, ctx, idType.value === '1');
    if (!result.ok) return result.reason;
    const student = studentFieldsOf(row, this.columns, result.record, idType.value);
    if (!student.ok) return student.reason;
    const entry = { record: result.record, student: student.value };
    const document = documentNumberOf(entry);
    const key = document === null ? null : `${idType.value}|${document}`;
    const duplicate = this.duplicate(key, result.record.studentNumber, row.rowNumber);
    if (duplicate) return duplicate;
    this.students.push({ ...entry, cells: row.cells });
    return null;
  }

  /** A later row naming the same person (ID or student number) as an earlier one is rejected. */
  private duplicate(document: string | null, studentNumber: string | null, rowNumber: number): string | null {
    const byDocument = document === null ? undefined : this.seenDocuments.get(document);
    if (byDocument !== undefined) return `与第 ${byDocument} 行重复（身份证件号相同）`;
    const byNumber = studentNumber === null ? undefined : this.seenStudentNumbers.get(studentNumber);
    if (byNumber !== undefined) return `与第 ${byNumber} 行重复（学籍号相同）`;
    if (document !== null) this.seenDocuments.set(document, rowNumber);
    if (studentNumber !== null) this.seenStudentNumbers.set(studentNumber, rowNumber);
    return null;
  }

  clear(): void {
    this.records = [];
    this.students = [];
    this.rejections = [];
  }
}

/**
 * Imports one list file for a county. A file refused as a whole (unreadable, no data, no column
 * that says who each row is) throws an AppError and changes nothing; otherwise every row is either
 * accepted or kept with its reason, and the accepted rows become the source's current list.
 */
export async function importList(
  deps: Deps,
  actor: Actor,
  filePath: string,
  options: ImportOptions,
): Promise<ImportResult> {
  checkOptions(options);
  const { kind } = options;
  const countyCode = await resolveCountyCode(deps.db, options.countyCode);
  if (!actorMaySee(actor, importPermissions['list.import'], q.countyLocation(countyCode)))
    throw notFound('区县');
  const unit = options.unit?.trim() ?? '';
  const key = { countyCode, kind, unit };
  const { table, fileName, remembered } = await openList(deps, filePath, options, countyCode, unit);
  let columns: ResolvedColumns;
  let regions: RegionNames;
  try {
    columns = resolveColumns(table.header.cells, remembered, options.mapping);
    checkRequiredColumns(kind, columns.fieldIndex);
    regions = regionNames(await q.countyRegions(deps.db, countyCode));
  } catch (error) {
    await table.close();
    throw error;
  }
  const userId = actor.userId > 0 ? actor.userId : null;
  const startedOn = options.cutOffDate ?? schoolDate(deps.now());

  const outcome = await deps.db.transaction().execute(async (trx) => {
    const sourceId = await q.insertDataSource(trx, {
      countyCode,
      department: DEPARTMENT[kind],
      unit,
      cutOffDate: options.cutOffDate ?? null,
      documentNumber: options.documentNumber?.trim() || null,
      userId,
    });
    const importId = await q.insertImport(trx, {
      countyCode,
      kind,
      sourceId,
      unit,
      fileName,
      format: table.format,
      encoding: table.encoding,
      headerRow: table.header.rowNumber,
      headerCells: table.header.cells,
      userId,
    });
    const registry =
      kind === 'students'
        ? new StudentRegistry(trx, countyCode, schoolYearOf(startedOn), startedOn, sourceId)
        : null;
    // The registry and the police's household list, a city's children each, can add more list rows
    // than the table holds: index upkeep by BulkIndexes. The other lists, a few thousand rows, would
    // only pay for its count of the table.
    const recordIndexes =
      kind === 'students' || kind === 'police' ? new BulkIndexes(trx, 'list_record') : null;
    // Another list's rows point only at the list_import row just written: their foreign-key checks,
    // a lookup per row, are skipped where the database allows, until the last row is written. (The
    // registry turns them off itself, around the batches whose references it has locked.)
    const listTriggersOff = !registry && (await q.listRowTriggersSkippable(trx));
    if (listTriggersOff) await setRowTriggers(trx, false);
    const batch = new RowChecker(kind, columns, regions);
    const counts = { read: 0, accepted: 0, rejected: 0 };
    // A batch's rows are written while the next batch is read and checked: the database and the
    // parsing each take one core. Every flush first awaits the previous batch's writes (so it reads
    // what they wrote, and their error is thrown here), and the last is awaited after the loop.
    let writing: Promise<void> = Promise.resolve();
    const flush = async () => {
      await writing;
      let writeChildren = async () => {};
      if (registry && batch.students.length > 0) {
        const { rejected, write } = await registry.apply(batch.students);
        writeChildren = write;
        batch.students.forEach((s, i) => {
          const reason = rejected.get(i);
          if (reason === undefined) batch.records.push(s.record);
          else
            batch.rejections.push({
              rowNumber: s.record.rowNumber,
              listRow: s.record.listRow,
              reason,
              cells: s.cells,
            });
        });
      }
      const { records, rejections } = batch;
      const write = async () => {
        await writeChildren();
        await q.insertRecords(trx, countyCode, importId, records);
      };
      writing = (async () => {
        await recordIndexes?.inserting(records.length);
        await (registry ? registry.withoutRowTriggers(write) : write());
        await q.insertRejections(trx, countyCode, importId, rejections);
      })();
      // Not unhandled while the loop reads on: the next flush, or the await below, throws it.
      writing.catch(() => {});
      counts.accepted += records.length;
      counts.rejected += rejections.length;
      batch.clear();
      options.onProgress?.(counts.read);
    };
    try {
      for await (const row of table.rows) {
        counts.read++;
        // The reader hands out a parsed chunk's rows without returning to the event loop; without a
        // pause now and then, each step of the batch being written would wait for a whole chunk.
        if (counts.read % YIELD_ROWS === 0) await new Promise((resolve) => setImmediate(resolve));
        batch.add(row);
        if (batch.size >= BATCH_ROWS) await flush();
      }
      await flush();
      await writing;
      if (listTriggersOff) await setRowTriggers(trx, true);
    } catch (error) {
      // A batch still being written would go on after the rollback, outside the transaction.
      await writing.catch(() => {});
      throw error;
    }
    await registry?.finish();
    await recordIndexes?.finish();

    const superseded = counts.accepted > 0 ? await q.makeCurrent(trx, key, importId) : null;
    await q.finishImport(trx, countyCode, importId, { ...counts, mapping: columns.mapping });
    await q.saveMapping(trx, key, columns.mapping, userId);
    await writeAudit(trx, actor, {
      action: 'list.import',
      entity: 'list_import',
      entityId: importId,
      countyCode,
      detail: { kind, unit, fileName, ...counts, superseded, ...(registry ? registry.counts : {}) },
    });
    return { importId, ...counts };
  });

  if (deps.kind === 'pglite' && outcome.accepted > 0) {
    // Sampling list_record takes a few hundred milliseconds once it holds a city's lists, more than
    // a small list's whole import: it is analysed when the import adds a tenth of what its
    // statistics counted, as autovacuum would on PostgreSQL. The registry always is.
    const tables: Array<keyof DB> = ['list_import', 'list_rejected_row'];
    if (kind === 'students' || (await q.statisticsOutgrown(deps.db, 'list_record', outcome.accepted)))
      tables.push('list_record');
    if (kind === 'students') tables.push('child', 'enrollment', 'school', 'school_class');
    await q.analyze(deps.db, tables);
  }
  let rejectedFile: string | null = null;
  if (outcome.rejected > 0) {
    rejectedFile = join(dirname(filePath), `${basename(filePath, extname(filePath))}.rejected.xlsx`);
    await rejectedRowsXlsx(deps, countyCode, outcome.importId, rejectedFile);
  }
  return { ...outcome, rejectedFile };
}

export type ListPreview = {
  format: string;
  encoding: string | null;
  headerRow: number;
  headers: Array<{ index: number; header: string; field: ImportField | null }>;
  preview: string[][];
  unmatched: string[];
  remembered: boolean;
  /** Why the import would refuse the file with this mapping, or null. */
  refusal: string | null;
};

const PREVIEW_ROWS = 10;

/** The header as mapped and the first data rows, for the mapping screen. */
export async function previewList(
  deps: Deps,
  filePath: string,
  options: Pick<ImportOptions, 'kind' | 'countyCode' | 'unit' | 'encoding' | 'fileName'>,
): Promise<ListPreview> {
  checkOptions(options);
  const countyCode = await resolveCountyCode(deps.db, options.countyCode);
  const unit = options.unit?.trim() ?? '';
  const { table, remembered } = await openList(deps, filePath, options, countyCode, unit);
  let columns: ResolvedColumns;
  try {
    columns = resolveColumns(table.header.cells, remembered, undefined);
  } catch (error) {
    await table.close();
    throw error;
  }
  const preview: string[][] = [];
  for await (const row of table.rows) {
    preview.push(columns.columns.map((c) => cellText(row.cells[c.index])));
    if (preview.length >= PREVIEW_ROWS) break;
  }
  let refusal: string | null = null;
  try {
    checkRequiredColumns(options.kind, columns.fieldIndex);
  } catch (error) {
    refusal = (error as Error).message;
  }
  return {
    format: table.format,
    encoding: table.encoding,
    headerRow: table.header.rowNumber,
    headers: columns.columns.map((c) => ({ index: c.index, header: c.header, field: c.field })),
    preview,
    unmatched: columns.columns.filter((c) => c.header !== '' && c.field === null).map((c) => c.header),
    remembered: remembered !== null,
    refusal,
  };
}
