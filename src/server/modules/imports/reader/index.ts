// Reading a list file as a stream of rows, for the import service: readListFile gives every
// physical row, readListTable finds the header row under title rows and numbers the data rows
// the way the import's reports and the cross-check's list_row do.

import { findHeaderRow, type HeaderMatch, matchHeader } from '../../../../domain/listValues.ts';
import { convertToXlsx } from './convert.ts';
import { checkEncoding, detectEncoding, readCsvRows } from './csv.ts';
import { type Cell, DEFAULT_LIMITS, fileError, type PhysicalRow, type ReadLimits } from './limits.ts';
import { fileExtension, type ListFileFormat, sniffListFile } from './sniff.ts';
import { readXlsxRows } from './xlsx.ts';

export { type Cell, DEFAULT_LIMITS, type PhysicalRow, type ReadLimits } from './limits.ts';
export type { ListFileFormat } from './sniff.ts';

export type ReadListOptions = {
  /** Overrides encoding detection for CSV files (e.g. 'gb18030', 'utf-8'). */
  encoding?: string;
  /** The extension of the file as uploaded, when the stored file has none. */
  extension?: string;
  limits?: Partial<ReadLimits>;
};

export type ListFile = {
  format: ListFileFormat;
  /** The encoding a CSV file was read in; null for spreadsheets. */
  encoding: string | null;
  /** Iterate to the end, or break out of the loop, so that files and temporary copies are released. */
  rows: AsyncIterable<PhysicalRow>;
};

/**
 * Opens a list file, refusing at once (with an AppError of code bad_request) a file that is
 * empty, corrupt, encrypted, a zip bomb or not what its extension says; rows that break the
 * row or column limits are refused while iterating.
 */
export async function readListFile(path: string, options: ReadListOptions = {}): Promise<ListFile> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const extension = fileExtension(path, options.extension);
  const { format, sample } = await sniffListFile(path, extension, limits);
  if (format === 'csv') {
    const encoding = options.encoding ? checkEncoding(options.encoding) : detectEncoding(sample);
    return { format, encoding, rows: readCsvRows(path, encoding, limits) };
  }
  if (format === 'xlsx') return { format, encoding: null, rows: readXlsxRows(path, limits) };
  const converted = await convertToXlsx(path, extension);
  return {
    format,
    encoding: null,
    rows: (async function* () {
      try {
        yield* readXlsxRows(converted.path, limits);
      } finally {
        await converted.cleanup();
      }
    })(),
  };
}

export type ListDataRow = {
  /** n for the n-th non-blank row below the header row. */
  listRow: number;
  /** The row number Excel shows, for messages to the sender. */
  rowNumber: number;
  cells: Cell[];
};

export type ListTable = {
  format: ListFileFormat;
  encoding: string | null;
  header: { rowNumber: number; cells: Cell[]; match: HeaderMatch };
  /** Blank rows are skipped; a file with no data row is refused when the rows run out. */
  rows: AsyncIterable<ListDataRow>;
  /** Releases the file when the caller refuses it before iterating `rows` (iterating releases it too). */
  close: () => Promise<void>;
};

const HEADER_SCAN_ROWS = 20;

export function isBlankRow(cells: readonly Cell[]): boolean {
  return cells.every((cell) => cell === null || (typeof cell === 'string' && cell.trim() === ''));
}

/** Opens a list file and finds its header row among the first 20 rows. */
export async function readListTable(path: string, options: ReadListOptions = {}): Promise<ListTable> {
  const file = await readListFile(path, options);
  const iterator = file.rows[Symbol.asyncIterator]();
  const head: PhysicalRow[] = [];
  let headerIndex: number | null;
  try {
    while (head.length < HEADER_SCAN_ROWS) {
      const next = await iterator.next();
      if (next.done) break;
      head.push(next.value);
    }
    if (head.every((row) => isBlankRow(row.cells))) throw fileError('文件是空的，没有任何内容');
    headerIndex = findHeaderRow(
      head.map((row) => row.cells),
      HEADER_SCAN_ROWS,
    );
    if (headerIndex === null) {
      throw fileError(
        `没有找到表头行：前 ${HEADER_SCAN_ROWS} 行中没有一行包含至少两个可识别的列名（如“姓名”“身份证号”）`,
      );
    }
  } catch (error) {
    await iterator.return?.();
    throw error;
  }
  const headerRow = head[headerIndex] as PhysicalRow;
  const below = head.slice(headerIndex + 1);

  async function* dataRows(): AsyncGenerator<ListDataRow> {
    let listRow = 0;
    try {
      for (let next = below.shift(); next; next = below.shift()) {
        if (!isBlankRow(next.cells))
          yield { listRow: ++listRow, rowNumber: next.rowNumber, cells: next.cells };
      }
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        const { rowNumber, cells } = next.value;
        if (!isBlankRow(cells)) yield { listRow: ++listRow, rowNumber, cells };
      }
    } finally {
      await iterator.return?.();
    }
    if (listRow === 0) throw fileError('文件只有表头，没有数据行');
  }

  return {
    format: file.format,
    encoding: file.encoding,
    header: { rowNumber: headerRow.rowNumber, cells: headerRow.cells, match: matchHeader(headerRow.cells) },
    rows: dataRows(),
    close: async () => {
      await iterator.return?.();
    },
  };
}
