import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { idCheckDigit } from '../../../../domain/idNumber.ts';
import {
  normalizeListDate,
  normalizeListIdNumber,
  normalizeListName,
} from '../../../../domain/listValues.ts';
import { readListFile, readListTable } from './index.ts';
import {
  collect,
  inlineRow,
  patchDeclaredSize,
  tempDir,
  workbookParts,
  writeXlsx,
  zipArchive,
} from './testFiles.ts';
import { cellValue } from './xlsx.ts';

const dir = tempDir();
afterAll(() => dir.remove());

const ID1 = `34180220120304123${idCheckDigit('34180220120304123')}`;

describe('cellValue', () => {
  const date = new Date(Date.UTC(2012, 2, 4));
  it.each<[string, unknown, unknown]>([
    ['empty', undefined, null],
    ['empty string', '', null],
    ['text', '张三', '张三'],
    ['number', 3.41802201203041e17, 3.41802201203041e17],
    ['date', date, date],
    ['boolean', true, 'TRUE'],
    ['rich text', { richText: [{ text: '张' }, { font: { bold: true }, text: '三' }] }, '张三'],
    ['formula', { formula: 'A1', result: '张三' }, '张三'],
    ['shared formula', { sharedFormula: 'A1', result: 40972 }, 40972],
    ['formula never calculated', { formula: 'A1' }, null],
    ['formula error', { formula: 'A1', result: { error: '#N/A' } }, '#N/A'],
    ['error', { error: '#REF!' }, '#REF!'],
    ['hyperlink', { text: '张三', hyperlink: 'http://example.org' }, '张三'],
  ])('%s', (_, value, expected) => {
    expect(cellValue(value)).toEqual(expected);
  });
});

describe('reading .xlsx files', () => {
  it('finds the header under title rows and a merged title cell', async () => {
    const path = await writeXlsx(dir.path('titled.xlsx'), (workbook) => {
      const sheet = workbook.addWorksheet('名单');
      sheet.addRow(['XX县2026年适龄儿童名单']);
      sheet.mergeCells('A1:E1');
      sheet.addRow(['填报单位：XX派出所', null, null, '截止日期：2026-08-31']);
      sheet.addRow(['序号', '*姓名', '性别', '身份证号\n(必填)', '出生日期']);
      sheet.addRow([1, '張偉', '男', ID1, new Date(Date.UTC(2012, 2, 4))]);
      sheet.addRow([]);
      sheet.addRow([null, '  ']);
      sheet.addRow([2, '陳曉東', 2, 341802201203041200, 40972]);
      sheet.getCell('E7').numFmt = '0';
      workbook.addWorksheet('说明').addRow(['只读第一个工作表']);
    });
    const table = await readListTable(path);
    expect(table.format).toBe('xlsx');
    expect(table.encoding).toBeNull();
    expect(table.header.rowNumber).toBe(3);
    expect(table.header.match.fieldIndex).toEqual({ name: 1, sex: 2, idNumber: 3, birthDate: 4 });
    const rows = await collect(table.rows);
    expect(rows.map((row) => [row.listRow, row.rowNumber])).toEqual([
      [1, 4],
      [2, 7],
    ]);
    const [first, second] = rows.map((row) => row.cells);
    expect(first?.[4]).toBeInstanceOf(Date);
    expect(normalizeListDate(first?.[4] as Date)).toEqual({ ok: true, date: '2012-03-04' });
    expect(normalizeListDate(second?.[4] as number)).toEqual({ ok: true, date: '2012-03-04' });
    expect(normalizeListName(String(first?.[1]))).toEqual({ ok: true, name: '张伟' });
    expect(normalizeListName(String(second?.[1]))).toEqual({ ok: true, name: '陈晓东' });
    expect(normalizeListIdNumber(first?.[3] as string)).toMatchObject({ ok: true, id: ID1, valid: true });
    expect(typeof second?.[3]).toBe('number');
    expect(normalizeListIdNumber(second?.[3] as number)).toMatchObject({
      ok: false,
      message: expect.stringContaining('身份证号被 Excel 存成了数字（3.41802E+17）'),
    });
  });

  it('reads only the first worksheet', async () => {
    const path = await writeXlsx(dir.path('sheets.xlsx'), (workbook) => {
      workbook.addWorksheet('一').addRow(['姓名', '性别']);
      workbook.addWorksheet('二').addRow(['第二个表']);
    });
    expect(await collect((await readListFile(path)).rows)).toEqual([
      { rowNumber: 1, cells: ['姓名', '性别'] },
    ]);
  });

  it('refuses 10,000 columns', async () => {
    const path = await writeXlsx(dir.path('wide.xlsx'), (workbook) => {
      workbook.addWorksheet('宽').addRow(Array.from({ length: 10_000 }, (_, i) => i));
    });
    await expect(collect((await readListFile(path)).rows)).rejects.toThrow('列数过多（10000 列）');
  });

  it('refuses too many rows', async () => {
    const path = await writeXlsx(dir.path('long.xlsx'), (workbook) => {
      const sheet = workbook.addWorksheet('长');
      for (let i = 0; i < 10; i++) sheet.addRow(['张三', '男']);
    });
    const file = await readListFile(path, { limits: { maxRows: 5 } });
    await expect(collect(file.rows)).rejects.toThrow('行数过多');
  });
});

describe('refusing damaged and hostile .xlsx files', async () => {
  const valid = await writeXlsx(dir.path('valid.xlsx'), (workbook) => {
    const sheet = workbook.addWorksheet('名单');
    sheet.addRow(['姓名', '身份证号']);
    for (let i = 0; i < 2000; i++) sheet.addRow([`张三${i}`, ID1]);
  });
  const bytes = readFileSync(valid);

  it.each<[string, (zip: Buffer) => Buffer, string]>([
    ['truncated', (zip) => zip.subarray(0, zip.length - 200), '文件已损坏或不是有效的 Excel 文件'],
    ['cut in half', (zip) => zip.subarray(0, zip.length / 2), '文件已损坏或不是有效的 Excel 文件'],
    [
      'declaring 2 GB',
      (zip) => patchDeclaredSize(zip, 'xl/worksheets/sheet1.xml', { uncompressed: 2 ** 31 }),
      '文件解压后过大（超过 1.0 GB），可能是恶意构造的压缩文件',
    ],
    [
      'compressed a thousand times',
      (zip) =>
        patchDeclaredSize(zip, 'xl/worksheets/sheet1.xml', {
          uncompressed: 200 * 1024 ** 2,
          compressed: 200 * 1024,
        }),
      '文件的压缩比异常（1024 倍）',
    ],
  ])('%s', async (name, damage, message) => {
    const path = dir.path(`${name}.xlsx`);
    writeFileSync(path, damage(bytes));
    await expect(readListFile(path)).rejects.toMatchObject({
      code: 'bad_request',
      message: expect.stringContaining(message),
    });
  });

  it('a bomb within a lower limit', async () => {
    await expect(readListFile(valid, { limits: { maxUncompressedBytes: 1024 } })).rejects.toThrow(
      '文件解压后过大',
    );
  });

  it('damaged compressed data behind an intact directory', async () => {
    const damaged = Buffer.from(bytes);
    const sheetAt = damaged.indexOf('xl/worksheets/sheet1.xml');
    damaged.fill(0x55, sheetAt + 60, sheetAt + 400);
    const path = dir.path('damaged-data.xlsx');
    writeFileSync(path, damaged);
    await expect(readListFile(path)).rejects.toThrow('文件已损坏或不是有效的 Excel 文件');
  });

  it('a worksheet cut short', async () => {
    const rows = [
      inlineRow(1, ['姓名', '性别']),
      inlineRow(2, ['张三', '男']),
      inlineRow(3, ['李四', '女']),
    ].join('');
    const parts = workbookParts(rows);
    const whole = writeFileAt(dir.path('handmade.xlsx'), zipArchive(parts));
    expect((await collect((await readListFile(whole)).rows)).map((row) => row.cells[0])).toEqual([
      '姓名',
      '张三',
      '李四',
    ]);
    const sheet = parts['xl/worksheets/sheet1.xml'] as string;
    const cut = zipArchive({
      ...parts,
      'xl/worksheets/sheet1.xml': sheet.slice(0, sheet.indexOf('<row r="3"')),
    });
    await expect(readListFile(writeFileAt(dir.path('cut.xlsx'), cut))).rejects.toThrow('文件已损坏');
  });

  it('a directory that understates what an entry inflates to', async () => {
    const path = dir.path('understated.xlsx');
    writeFileSync(path, patchDeclaredSize(bytes, 'xl/worksheets/sheet1.xml', { uncompressed: 1000 }));
    await expect(readListFile(path)).rejects.toThrow('文件已损坏或不是有效的 Excel 文件');
  });

  it('an entry hidden from the directory', async () => {
    // A local entry slipped in before the central directory, whose offset is moved past it.
    const directoryAt = bytes.readUInt32LE(bytes.lastIndexOf(Buffer.from('PK\x05\x06', 'latin1')) + 16);
    const extra = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(60)]);
    const hidden = Buffer.concat([bytes.subarray(0, directoryAt), extra, bytes.subarray(directoryAt)]);
    const eocd = hidden.lastIndexOf(Buffer.from('PK\x05\x06', 'latin1'));
    hidden.writeUInt32LE(directoryAt + extra.length, eocd + 16);
    const path = dir.path('hidden.xlsx');
    writeFileSync(path, hidden);
    await expect(readListFile(path)).rejects.toThrow('文件已损坏或不是有效的 Excel 文件');
  });
});

function writeFileAt(path: string, content: Buffer): string {
  writeFileSync(path, content);
  return path;
}
