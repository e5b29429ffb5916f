// .xlsx through ExcelJS's streaming reader: rows are parsed as the zip is inflated, so memory
// stays bounded by one row plus the shared-string table, whatever the number of rows.

import { createReadStream } from 'node:fs';
import ExcelJS from 'exceljs';
import { AppError } from '../../../errors.ts';
import {
  type Cell,
  checkColumnCount,
  checkRowCount,
  fileError,
  type PhysicalRow,
  type ReadLimits,
} from './limits.ts';

const CORRUPT = '文件已损坏或不是有效的 Excel 文件';

/**
 * What the cell shows, as the normalisers expect it: numbers stay numbers (an ID that Excel
 * stored as a number must be recognised as such), date-formatted cells stay Dates, formulas
 * give their cached result, rich text and hyperlinks their text, errors their code (#N/A).
 */
export function cellValue(value: unknown): Cell {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'string' || typeof value === 'number' || value instanceof Date) return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText)) {
      return cellValue(value.richText.map((run: { text?: unknown }) => String(run.text ?? '')).join(''));
    }
    if ('formula' in value || 'sharedFormula' in value) {
      return 'result' in value ? cellValue(value.result) : null;
    }
    if ('error' in value) return String(value.error);
    if ('text' in value) return cellValue(value.text);
  }
  return String(value);
}

function toRow(row: ExcelJS.Row, fallbackNumber: number, limits: ReadLimits): PhysicalRow {
  // Row.values is 1-based and sparse: index 0 is always empty.
  const values = row.values as unknown[];
  const width = Math.max(values.length - 1, 0);
  const rowNumber = Number.isInteger(row.number) ? row.number : fallbackNumber;
  checkColumnCount(rowNumber, width, limits);
  const cells: Cell[] = new Array(width);
  for (let i = 0; i < width; i++) cells[i] = cellValue(values[i + 1]);
  return { rowNumber, cells };
}

/** The rows of the first worksheet. */
export async function* readXlsxRows(path: string, limits: ReadLimits): AsyncGenerator<PhysicalRow> {
  const input = createReadStream(path);
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    // Styles are what tell a date from a number; they are a few kilobytes.
    styles: 'cache',
    worksheets: 'emit',
    entries: 'ignore',
  });
  let count = 0;
  let lastNumber = 0;
  try {
    for await (const worksheet of workbook) {
      for await (const excelRow of worksheet) {
        checkRowCount(++count, limits);
        const row = toRow(excelRow, lastNumber + 1, limits);
        lastNumber = row.rowNumber;
        yield row;
      }
      return;
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw fileError(CORRUPT);
  } finally {
    input.destroy();
  }
}
