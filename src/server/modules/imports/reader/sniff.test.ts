import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { findSoffice } from './convert.ts';
import { readListFile, readListTable } from './index.ts';
import { collect, compoundFile, tempDir, writeText, writeXlsx } from './testFiles.ts';

const dir = tempDir();
afterAll(() => dir.remove());

const hasSoffice = (await findSoffice()) !== null;

function write(name: string, content: Buffer | string): string {
  const path = dir.path(name);
  writeFileSync(path, content);
  return path;
}

const xlsx = await writeXlsx(dir.path('list.xlsx'), (workbook) => {
  workbook.addWorksheet('名单').addRows([
    ['姓名', '性别'],
    ['张三', '男'],
  ]);
});

describe('refusing files that are not what they say', () => {
  it.each<[string, () => string, string]>([
    ['an empty file', () => write('empty.csv', ''), '文件是空的'],
    ['an empty .xlsx', () => write('empty.xlsx', ''), '文件是空的'],
    [
      'a CSV named .xlsx',
      () => writeText(dir.path('csv.xlsx'), '姓名,性别\n张三,男\n'),
      '文件扩展名是 .xlsx，但内容不是 Excel 文件',
    ],
    [
      'a CSV named .xls',
      () => writeText(dir.path('csv.xls'), '姓名,性别\n张三,男\n'),
      '文件扩展名是 .xls，但内容不是 Excel 文件',
    ],
    [
      'an .xlsx named .csv',
      () => write('xlsx.csv', readFile(xlsx)),
      '文件扩展名是 .csv，但内容是 Excel 文件（.xlsx）',
    ],
    [
      'an .xls named .csv',
      () => write('xls.csv', compoundFile(['Workbook'])),
      '文件扩展名是 .csv，但内容是 Excel 文件（.xls）',
    ],
    [
      'a zip that is no workbook',
      () => write('other.xlsx', zipWithout(readFile(xlsx))),
      '文件扩展名是 .xlsx，但内容不是 Excel 文件',
    ],
    [
      'a Word document named .xls',
      () => write('doc.xls', compoundFile(['WordDocument'])),
      '内容不是 Excel 文件',
    ],
    [
      'a picture',
      () => write('picture.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0])),
      '文件不是 Excel 或 CSV 文件',
    ],
    [
      'a corrupt OLE file',
      () => write('corrupt.xls', compoundFile(['Workbook']).subarray(0, 600)),
      '文件已损坏',
    ],
    [
      'a password-protected .xlsx',
      () => write('secret.xlsx', compoundFile(['EncryptionInfo', 'EncryptedPackage', '\u0006DataSpaces'])),
      '文件有密码保护',
    ],
  ])('%s', async (_, make, message) => {
    await expect(readListFile(make())).rejects.toMatchObject({
      code: 'bad_request',
      message: expect.stringContaining(message),
    });
  });

  it('goes by content when the stored file has no extension', async () => {
    const path = write('upload-1234', readFile(xlsx));
    expect((await readListFile(path)).format).toBe('xlsx');
    await expect(readListFile(path, { extension: '.CSV' })).rejects.toThrow('文件扩展名是 .csv');
  });

  it('reads an .xlsx named .xls', async () => {
    const file = await readListFile(write('renamed.xls', readFile(xlsx)));
    expect(await collect(file.rows)).toHaveLength(2);
  });
});

describe('.xls and WPS .et files', () => {
  it.skipIf(hasSoffice)('are refused with advice when LibreOffice is not installed', async () => {
    for (const name of ['old.xls', 'old.et', 'renamed.xlsx']) {
      await expect(readListFile(write(name, compoundFile(['Workbook'])))).rejects.toThrow(
        '请用 Excel 或 WPS 另存为 .xlsx 后再导入',
      );
    }
  });

  it.runIf(hasSoffice)(
    'are converted with LibreOffice',
    async () => {
      const { execFileSync } = await import('node:child_process');
      const soffice = (await findSoffice()) as string;
      execFileSync(soffice, ['--headless', '--convert-to', 'xls', '--outdir', dir.path('converted'), xlsx]);
      const file = await readListFile(dir.path('converted/list.xls'));
      expect(file.format).toBe('xls');
      expect((await collect(file.rows)).map((row) => row.cells)).toEqual([
        ['姓名', '性别'],
        ['张三', '男'],
      ]);
    },
    120_000,
  );
});

describe('readListTable', () => {
  it.each<[string, string, string]>([
    ['blank lines only', '\n\n,,\n', '文件是空的'],
    ['no known column', '列1,列2\n张三,男\n', '没有找到表头行'],
    ['a header below 20 title rows', `${'标题\n'.repeat(20)}姓名,性别\n张三,男\n`, '没有找到表头行'],
  ])('refuses %s', async (name, text, message) => {
    await expect(readListTable(writeText(dir.path(`${name}.csv`), text))).rejects.toThrow(message);
  });

  it('refuses a header without data rows when the rows run out', async () => {
    const table = await readListTable(writeText(dir.path('header-only.csv'), '标题\n姓名,身份证号\n\n,\n'));
    expect(table.header.rowNumber).toBe(2);
    await expect(collect(table.rows)).rejects.toThrow('文件只有表头，没有数据行');
  });

  it('maps the header and counts data rows from 1 below it', async () => {
    const text = 'XX县2026年适龄儿童名单\n\n姓名,身份证号,备注\n张三,1,\n\n李四,2,转学\n';
    const table = await readListTable(writeText(dir.path('counted.csv'), text));
    expect(table.header).toMatchObject({ rowNumber: 3, cells: ['姓名', '身份证号', '备注'] });
    expect(table.header.match.unmatched).toEqual([{ index: 2, header: '备注' }]);
    expect(await collect(table.rows)).toEqual([
      { listRow: 1, rowNumber: 4, cells: ['张三', '1', null] },
      { listRow: 2, rowNumber: 6, cells: ['李四', '2', '转学'] },
    ]);
  });

  it('reads data rows beyond the rows scanned for the header', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => `张${i},${i}`).join('\n');
    const table = await readListTable(writeText(dir.path('long.csv'), `姓名,身份证号\n${rows}\n`));
    const read = await collect(table.rows);
    expect(read).toHaveLength(50);
    expect(read[49]).toEqual({ listRow: 50, rowNumber: 51, cells: ['张49', '49'] });
  });
});

function readFile(path: string): Buffer {
  return readFileSync(path);
}

/** The archive with its workbook part renamed, so that it is a zip but no spreadsheet. */
function zipWithout(zip: Buffer): Buffer {
  const renamed = Buffer.from(zip);
  for (
    let at = renamed.indexOf('xl/workbook.xml');
    at >= 0;
    at = renamed.indexOf('xl/workbook.xml', at + 1)
  ) {
    renamed.write('xl/workbook.xmX', at, 'latin1');
  }
  return renamed;
}
