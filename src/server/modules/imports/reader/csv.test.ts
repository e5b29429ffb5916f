import { statSync } from 'node:fs';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { normalizeListName } from '../../../../domain/listValues.ts';
import { detectEncoding } from './csv.ts';
import { readListFile, readListTable } from './index.ts';
import { collect, tempDir, writeText } from './testFiles.ts';

const dir = tempDir();
afterAll(() => dir.remove());

const ID1 = '341802201203041237';
const ID2 = '34180220150304108X';
const LIST = `姓名,身份证号,性别,户籍地址\n张三,${ID1},男,宣州区澄江街道\n欧阳娜娜,${ID2},女,"宣州区水阳镇,3组"\n`;

describe('detectEncoding', () => {
  it.each<[string, string, Buffer]>([
    ['UTF-8 with BOM', 'utf-8', iconv.encode('姓名', 'utf-8', { addBOM: true })],
    ['UTF-8', 'utf-8', iconv.encode('姓名,身份证号\n张三,1', 'utf-8')],
    ['ASCII', 'utf-8', Buffer.from('name,id\n')],
    ['UTF-8 cut inside a character', 'utf-8', iconv.encode('姓名张', 'utf-8').subarray(0, 8)],
    ['UTF-16LE with BOM', 'utf-16le', iconv.encode('姓名', 'utf-16le', { addBOM: true })],
    ['UTF-16BE with BOM', 'utf-16be', iconv.encode('姓名', 'utf-16be', { addBOM: true })],
    // chardet scores two GBK names as Big5; GBK is what Chinese offices write.
    ['a short GBK sample', 'gb18030', iconv.encode('姓名\n王小明\n', 'gbk')],
    ['GB18030', 'gb18030', iconv.encode(LIST, 'gb18030')],
    ['Big5', 'big5', iconv.encode('學生姓名,性別\n張偉,男\n陳曉東,女\n劉德華,男\n'.repeat(20), 'big5')],
  ])('%s → %s', (_, expected, sample) => {
    expect(detectEncoding(sample)).toBe(expected);
  });
});

describe('reading CSV files', () => {
  it.each<[string, string, boolean]>([
    ['gb18030', 'gb18030', false],
    ['utf-8 with BOM', 'utf-8', true],
    ['utf-8', 'utf-8', false],
  ])('%s', async (name, encoding, bom) => {
    const file = await readListFile(writeText(dir.path(`${name}.csv`), LIST, encoding, bom));
    expect(file).toMatchObject({ format: 'csv', encoding });
    expect(await collect(file.rows)).toEqual([
      { rowNumber: 1, cells: ['姓名', '身份证号', '性别', '户籍地址'] },
      { rowNumber: 2, cells: ['张三', ID1, '男', '宣州区澄江街道'] },
      { rowNumber: 3, cells: ['欧阳娜娜', ID2, '女', '宣州区水阳镇,3组'] },
    ]);
  });

  it('uses the encoding given instead of guessing', async () => {
    const path = writeText(dir.path('override.csv'), LIST, 'gbk');
    const file = await readListFile(path, { encoding: 'GBK' });
    expect(file.encoding).toBe('gbk');
    expect((await collect(file.rows))[1]?.cells[0]).toBe('张三');
    // The wrong override shows as garbled text, which the name check catches.
    const latin1 = await collect((await readListFile(path, { encoding: 'latin1' })).rows);
    expect(normalizeListName(String(latin1[1]?.cells[0]))).toMatchObject({ ok: false });
  });

  it('refuses an unknown encoding', async () => {
    const path = writeText(dir.path('unknown-encoding.csv'), LIST);
    await expect(readListFile(path, { encoding: 'klingon' })).rejects.toThrow('不支持的文件编码：klingon');
  });

  it('reads Excel\'s "Unicode text": UTF-16 with tabs', async () => {
    const path = writeText(
      dir.path('unicode.txt'),
      LIST.replaceAll(',', '\t').replace('"宣州区水阳镇\t3组"', '水阳镇'),
      'utf-16le',
      true,
    );
    const file = await readListFile(path);
    expect(file.encoding).toBe('utf-16le');
    expect((await collect(file.rows))[2]?.cells).toEqual(['欧阳娜娜', ID2, '女', '水阳镇']);
  });

  it('decodes characters cut by a chunk boundary', async () => {
    // Over 4 MB, so the file is decoded in more than one chunk; odd-length ASCII prefixes shift
    // the two-byte characters across every boundary position.
    const names = ['张三', '陈晓东', '欧阳娜娜', '阿依古丽·买买提'];
    const lines = Array.from(
      { length: 130_000 },
      (_, i) => `${'x'.repeat(i % 3)},${names[i % 4]},宣州区澄江街道办事处`,
    );
    const path = writeText(dir.path('large.csv'), `备注,姓名,地址\n${lines.join('\n')}\n`, 'gb18030');
    expect(statSync(path).size).toBeGreaterThan(4 * 1024 ** 2);
    let wrong = 0;
    let count = 0;
    for await (const row of (await readListFile(path)).rows) {
      if (row.rowNumber > 1 && row.cells[1] !== names[(row.rowNumber - 2) % 4]) wrong++;
      count++;
    }
    expect({ count, wrong }).toEqual({ count: 130_001, wrong: 0 });
  });

  it('numbers rows as Excel shows them: blank lines count, a multi-line cell is one row', async () => {
    const text = '名单\r\n\r\n姓名,性别,地址\r\n张三,男,"澄江街道\r\n3组"\r\n\r\n李四,女,水阳镇\r\n';
    const table = await readListTable(writeText(dir.path('rows.csv'), text));
    expect(table.header.rowNumber).toBe(3);
    expect(await collect(table.rows)).toEqual([
      { listRow: 1, rowNumber: 4, cells: ['张三', '男', '澄江街道\r\n3组'] },
      { listRow: 2, rowNumber: 6, cells: ['李四', '女', '水阳镇'] },
    ]);
  });

  it('delivers the last row to a consumer that pauses between rows (a database insert)', async () => {
    // No final newline: the parser emits the last record only when the input ends, often while
    // the consumer is still busy with the rows before it.
    const lines = Array.from({ length: 5_000 }, (_, i) => `学生${i},男`);
    const path = writeText(dir.path('slow-consumer.csv'), `姓名,性别\n${lines.join('\n')}`);
    let count = 0;
    for await (const _ of (await readListFile(path)).rows) {
      if (++count % 500 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(count).toBe(5_001);
  });

  it('keeps stray quotes inside cells', async () => {
    const file = await readListFile(writeText(dir.path('quotes.csv'), '姓名,地址\n张三,新村"3组"\n'));
    expect((await collect(file.rows))[1]?.cells).toEqual(['张三', '新村"3组"']);
  });

  it('refuses a quote that is never closed', async () => {
    const text = `姓名,地址\n张三,"新村\n${'李四,水阳镇\n'.repeat(100_000)}`;
    const file = await readListFile(writeText(dir.path('unclosed.csv'), text));
    await expect(collect(file.rows)).rejects.toThrow('第 2 行的引号没有配对');
  });

  it('refuses 10,000 columns', async () => {
    const row = Array.from({ length: 10_000 }, (_, i) => `列${i}`).join(',');
    const file = await readListFile(writeText(dir.path('wide.csv'), `${row}\n${row}\n`));
    await expect(collect(file.rows)).rejects.toThrow('列数过多（10000 列）');
  });

  it('refuses too many rows', async () => {
    const file = await readListFile(writeText(dir.path('long.csv'), '姓名,性别\n张三,男\n'.repeat(4)), {
      limits: { maxRows: 5 },
    });
    await expect(collect(file.rows)).rejects.toThrow('行数过多（超过 5 行）');
  });

  it('stops reading when the caller stops', async () => {
    const path = writeText(dir.path('early.csv'), '姓名,性别\n张三,男\n'.repeat(1000));
    for await (const row of (await readListFile(path)).rows) {
      expect(row.rowNumber).toBe(1);
      break;
    }
  });
});
