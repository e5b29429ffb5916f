import { AppError } from '../../../errors.ts';

/** Bounds against hostile or broken files; tests lower them to stay fast. */
export type ReadLimits = {
  /** Total uncompressed size an .xlsx may declare. */
  maxUncompressedBytes: number;
  /** Uncompressed ÷ compressed size of one zip entry above which it is taken for a zip bomb. */
  maxCompressionRatio: number;
  maxColumns: number;
  maxRows: number;
};

export const DEFAULT_LIMITS: ReadLimits = {
  maxUncompressedBytes: 1024 ** 3,
  // Real sheets compress 5–50×: every row repeats its own row and cell references, which
  // deflate cannot fold away. Only a crafted file gets near deflate's ceiling of about 1000×.
  maxCompressionRatio: 500,
  maxColumns: 2_000,
  maxRows: 2_000_000,
};

export type Cell = string | number | Date | null;

export type PhysicalRow = {
  /** 1-based row number as Excel or WPS shows it (for a CSV, the record number). */
  rowNumber: number;
  cells: Cell[];
};

/** A file refused as a whole: a 400 with a message the sender can act on. */
export function fileError(message: string): AppError {
  return new AppError('bad_request', message);
}

export function checkRowCount(count: number, limits: ReadLimits): void {
  if (count > limits.maxRows) {
    throw fileError(`行数过多（超过 ${limits.maxRows} 行），请把名单拆分成几个文件分别导入`);
  }
}

export function checkColumnCount(rowNumber: number, columns: number, limits: ReadLimits): void {
  if (columns > limits.maxColumns) {
    throw fileError(`列数过多（${columns} 列）：第 ${rowNumber} 行超过了 ${limits.maxColumns} 列的上限`);
  }
}
