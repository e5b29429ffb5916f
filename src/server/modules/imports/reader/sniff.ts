// What a file is, judged by its first bytes: the extension is only what the sender's computer
// called it. A renamed .xls is still read (through conversion); a file whose content is not what
// its extension claims across the spreadsheet/text divide is refused with both named, since the
// sender most likely picked the wrong file.

import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import { compoundFileEntryNames } from './cfb.ts';
import { fileError, type ReadLimits } from './limits.ts';
import { checkZipDirectory } from './zipDirectory.ts';
import { verifyZipData } from './zipInflate.ts';

export type ListFileFormat = 'xlsx' | 'xls' | 'csv';

const SAMPLE_BYTES = 256 * 1024;
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const EMPTY_ZIP_MAGIC = [0x50, 0x4b, 0x05, 0x06];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const SPREADSHEET_EXTENSIONS = new Set(['xlsx', 'xlsm', 'xls', 'et']);
const TEXT_EXTENSIONS = new Set(['csv', 'txt', 'tsv']);

function startsWith(sample: Buffer, magic: number[]): boolean {
  return magic.every((byte, i) => sample[i] === byte);
}

/** 'xlsx' from an explicit '.XLSX' or 'xlsx', else from the file name; '' when there is none. */
export function fileExtension(path: string, explicit?: string): string {
  return (explicit ?? extname(path)).trim().replace(/^\./, '').toLowerCase();
}

function notExcel(extension: string): Error {
  return SPREADSHEET_EXTENSIONS.has(extension)
    ? fileError(`文件扩展名是 .${extension}，但内容不是 Excel 文件`)
    : fileError('文件不是 Excel 或 CSV 文件');
}

function excelNamedAsText(extension: string, actual: string): Error {
  return fileError(`文件扩展名是 .${extension}，但内容是 Excel 文件（${actual}）；请确认选择了正确的文件`);
}

/** Text has no NUL bytes, except UTF-16, which announces itself with a BOM. */
function looksBinary(sample: Buffer): boolean {
  if (startsWith(sample, [0xff, 0xfe]) || startsWith(sample, [0xfe, 0xff])) return false;
  return sample.includes(0);
}

export type Sniffed = { format: ListFileFormat; sample: Buffer };

/** Refuses empty, corrupt, encrypted, bomb-like and mislabelled files before reading any row. */
export async function sniffListFile(path: string, extension: string, limits: ReadLimits): Promise<Sniffed> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(SAMPLE_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SAMPLE_BYTES, 0);
    const sample = buffer.subarray(0, bytesRead);
    if (bytesRead === 0) throw fileError('文件是空的');

    if (startsWith(sample, ZIP_MAGIC) || startsWith(sample, EMPTY_ZIP_MAGIC)) {
      if (TEXT_EXTENSIONS.has(extension)) throw excelNamedAsText(extension, '.xlsx');
      const directory = await checkZipDirectory(handle, limits);
      if (!directory.entries.some((entry) => entry.name === 'xl/workbook.xml')) throw notExcel(extension);
      await verifyZipData(path, handle, directory);
      return { format: 'xlsx', sample };
    }

    if (startsWith(sample, OLE_MAGIC)) {
      if (TEXT_EXTENSIONS.has(extension)) throw excelNamedAsText(extension, '.xls');
      const names = await compoundFileEntryNames(handle);
      if (names === null) throw fileError('文件已损坏或不是有效的 Excel 文件');
      if (names.includes('EncryptedPackage') || names.includes('EncryptionInfo')) {
        throw fileError('文件有密码保护，请在 Excel 或 WPS 中取消密码后另存为 .xlsx 再导入');
      }
      // An .et file is left to LibreOffice to judge: WPS's own format is not documented.
      const spreadsheet = names.includes('Workbook') || names.includes('Book') || extension === 'et';
      if (!spreadsheet) throw notExcel(extension);
      return { format: 'xls', sample };
    }

    if (SPREADSHEET_EXTENSIONS.has(extension)) throw notExcel(extension);
    if (looksBinary(sample)) throw fileError('文件不是 Excel 或 CSV 文件');
    return { format: 'csv', sample };
  } finally {
    await handle.close();
  }
}
