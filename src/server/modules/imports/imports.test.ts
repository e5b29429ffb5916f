import { writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, testDeps } from '../../../../tests/support/database.ts';
import { addForeignCounty } from '../../../../tests/support/foreignCounty.ts';
import { upgradeId15 } from '../../../domain/index.ts';
import { SYSTEM_ACTOR } from '../../auth/actor.ts';
import type { Database } from '../../db/connection.ts';
import type { Deps } from '../../deps.ts';
import { type ImportOptions, importList } from './service.ts';
import { csv, residentId, tempDir, withWrongCheckDigit, writeText, writeXlsx } from './testLists.ts';

const COUNTY = '341802';
const dir = tempDir();
let database: Database;
let deps: Deps;

beforeAll(async () => {
  database = await freshDatabase();
  deps = testDeps(database);
});
afterAll(async () => {
  await database.close();
  dir.remove();
});

const run = (path: string, options: Partial<ImportOptions> = {}) =>
  importList(deps, SYSTEM_ACTOR, path, { kind: 'police', ...options });

async function counts() {
  const count = async (
    table: 'list_import' | 'data_source' | 'list_record' | 'list_rejected_row' | 'child',
  ) => {
    const row = await deps.db
      .selectFrom(table)
      .select(deps.db.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  return {
    imports: await count('list_import'),
    sources: await count('data_source'),
    records: await count('list_record'),
    rejected: await count('list_rejected_row'),
    children: await count('child'),
  };
}

function recordsOf(importId: number) {
  return deps.db
    .selectFrom('list_record')
    .selectAll()
    .where('import_id', '=', importId)
    .orderBy('list_row')
    .execute();
}

function rejectionsOf(importId: number) {
  return deps.db
    .selectFrom('list_rejected_row')
    .select(['row_number', 'list_row', 'reason', 'cells'])
    .where('import_id', '=', importId)
    .orderBy('row_number')
    .execute();
}

function statusOf(importId: number) {
  return deps.db
    .selectFrom('list_import')
    .select(['status', 'superseded_by'])
    .where('id', '=', importId)
    .executeTakeFirstOrThrow();
}

const ID1 = residentId('20150304', 101);
const ID2 = residentId('20150305', 113);
const ID3 = residentId('20140607', 125);
const ID5 = residentId('20150101', 131);

const POLICE_ROWS = [
  ['宣州区2026年适龄儿童户籍名单'],
  ['姓名', '公民身份号码', '性别', '出生日期', '户籍地址', '户口状态'],
  ['张三', ID1, '男', '2015-03-04', '宣州区澄江街道', '正常'],
  ['陳曉東', ID2, '1', '2015年3月5日', '', ''],
  [''],
  ['李四', '341802800101123', '男', '', '', '注销'],
  ['王五', withWrongCheckDigit(ID3), '女', '20140607', '', ''],
  ['锟斤拷', residentId('20150401', 141), '男', '', '', ''],
  ['赵六', '3.41802E+17', '男', '', '', ''],
  ['钱七', '', '', '', '', ''],
  ['孙八', ID5, '男', '2015-02-30', '', ''],
  ['张三', ID1, '男', '2015-03-04', '', ''],
  ['周九', '', '女', '2014.5.6', '', ''],
];

describe('a police list in GB18030 with a title row', () => {
  it('accepts what it can, keeps every rejected row with its reason, and numbers rows below the header', async () => {
    const path = writeText(dir.path('police.csv'), csv(POLICE_ROWS), 'gb18030');
    const progress: number[] = [];
    const result = await run(path, { unit: '澄江派出所', onProgress: (n) => progress.push(n) });
    expect(result).toMatchObject({ read: 10, accepted: 5, rejected: 5 });
    expect(result.rejectedFile).toBe(dir.path('police.rejected.xlsx'));
    expect(progress.at(-1)).toBe(10);

    const records = await recordsOf(result.importId);
    expect(records.map((r) => [r.list_row, r.name, r.id_number, r.id_valid, r.sex, r.birth_date])).toEqual([
      [1, '张三', ID1, true, '1', '2015-03-04'],
      [2, '陈晓东', ID2, true, '1', '2015-03-05'],
      [3, '李四', upgradeId15('341802800101123'), true, '1', '1980-01-01'],
      [4, '王五', withWrongCheckDigit(ID3), false, '2', '2014-06-07'],
      [10, '周九', null, false, '2', '2014-05-06'],
    ]);
    expect(records[2]?.hukou_status).toBe('cancelled');
    expect(records[0]).toMatchObject({ address: '宣州区澄江街道', hukou_status: 'normal' });

    const rejections = await rejectionsOf(result.importId);
    expect(rejections.map((r) => [r.row_number, r.list_row])).toEqual([
      [8, 5],
      [9, 6],
      [10, 7],
      [11, 8],
      [12, 9],
    ]);
    const reasons = rejections.map((r) => r.reason);
    expect(reasons[0]).toContain('锟斤拷');
    expect(reasons[1]).toContain('身份证号被 Excel 存成了数字（3.41802E+17）');
    expect(reasons[2]).toBe('缺少身份证号，也没有姓名和出生日期，无法识别此人');
    expect(reasons[3]).toContain('日期不存在');
    expect(reasons[4]).toBe('与第 3 行重复（身份证件号相同）');
    expect(rejections[1]?.cells).toEqual(['赵六', '3.41802E+17', '男', null, null, null]);

    const source = await deps.db
      .selectFrom('list_import as i')
      .innerJoin('data_source as s', 's.id', 'i.source_id')
      .select(['s.department', 's.issuing_unit', 'i.status', 'i.encoding', 'i.format', 'i.header_row'])
      .where('i.id', '=', result.importId)
      .executeTakeFirstOrThrow();
    expect(source).toEqual({
      department: 'police',
      issuing_unit: '澄江派出所',
      status: 'current',
      encoding: 'gb18030',
      format: 'csv',
      header_row: 2,
    });
    const audit = await deps.db
      .selectFrom('audit_log')
      .select(['username', 'action', 'county_code'])
      .where('entity', '=', 'list_import')
      .where('entity_id', '=', String(result.importId))
      .executeTakeFirstOrThrow();
    expect(audit).toEqual({ username: 'system', action: 'list.import', county_code: COUNTY });
  });

  it('writes the rejected rows as an .xlsx: the original columns, then 行号 and 原因', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(dir.path('police.rejected.xlsx'));
    const sheet = workbook.worksheets[0] as ExcelJS.Worksheet;
    const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
    expect(values(1)).toEqual([
      '姓名',
      '公民身份号码',
      '性别',
      '出生日期',
      '户籍地址',
      '户口状态',
      '行号',
      '原因',
    ]);
    expect(values(3).slice(0, 2)).toEqual(['赵六', '3.41802E+17']);
    expect(values(3).slice(6)).toEqual([9, expect.stringContaining('Excel')]);
    expect(sheet.rowCount).toBe(6);
  });
});

describe('other lists and layouts', () => {
  it('reads a UTF-8 CSV with a BOM and takes the group from the list', async () => {
    const path = writeText(
      dir.path('civil.csv'),
      csv([
        ['序号', '儿童姓名', '身份证号', '儿童类别', '乡镇'],
        ['1', '吴一', residentId('20130808', 151), '孤儿', ''],
        ['2', '郑二', residentId('20120909', 162), '事实无人抚养儿童', ''],
      ]),
      'utf-8',
      true,
    );
    const result = await run(path, {
      kind: 'civil',
      cutOffDate: '2026-09-30',
      documentNumber: '宣民〔2026〕12号',
    });
    expect(result).toMatchObject({ read: 2, accepted: 2, rejected: 0, rejectedFile: null });
    const records = await recordsOf(result.importId);
    expect(records.map((r) => [r.name, r.group_code, r.birth_date, r.details])).toEqual([
      ['吴一', 'orphan', '2013-08-08', { 序号: '1' }],
      ['郑二', 'unsupported', '2012-09-09', { 序号: '2' }],
    ]);
    const source = await deps.db
      .selectFrom('data_source')
      .innerJoin('list_import', 'list_import.source_id', 'data_source.id')
      .select(['department', 'cut_off_date', 'document_number'])
      .where('list_import.id', '=', result.importId)
      .executeTakeFirstOrThrow();
    expect(source).toEqual({
      department: 'civil_affairs',
      cut_off_date: '2026-09-30',
      document_number: '宣民〔2026〕12号',
    });
  });

  it('reads an .xlsx under title rows, with date cells and IDs Excel stored as numbers', async () => {
    const path = await writeXlsx(dir.path('disabled.xlsx'), (workbook) => {
      const sheet = workbook.addWorksheet('残疾儿童');
      sheet.addRow(['宣州区残疾儿童名单']);
      sheet.mergeCells('A1:E1');
      sheet.addRow(['填报单位：区残联', null, null, '截至 2026年9月']);
      sheet.addRow(['姓名', '身份证号', '出生日期', '残疾类别', '残疾等级']);
      sheet.addRow(['冯三', residentId('20140202', 171), new Date(Date.UTC(2014, 1, 2)), '智力残疾', '二级']);
      sheet.addRow(['陈四', 341802201403031200, new Date(Date.UTC(2014, 2, 3)), '肢体残疾', '三级']);
      sheet.addRow(['褚五', residentId('20140404', 181), 41733, '视力残疾', '一级']);
    });
    const result = await run(path, { kind: 'disabled' });
    expect(result).toMatchObject({ read: 3, accepted: 2, rejected: 1 });
    const records = await recordsOf(result.importId);
    expect(records.map((r) => [r.list_row, r.name, r.birth_date, r.group_code, r.details])).toEqual([
      [1, '冯三', '2014-02-02', 'disabled', { disabilityType: '智力残疾', disabilityLevel: '二级' }],
      [3, '褚五', '2014-04-04', 'disabled', { disabilityType: '视力残疾', disabilityLevel: '一级' }],
    ]);
    const [rejected] = await rejectionsOf(result.importId);
    expect(rejected).toMatchObject({ row_number: 5, list_row: 2 });
    expect(rejected?.reason).toContain('身份证号被 Excel 存成了数字');
  });
});

describe('supersede', () => {
  const list = (name: string, ids: string[]) =>
    writeText(dir.path(name), csv([['姓名', '身份证号'], ...ids.map((id, i) => [`学生${i}`, id])]));

  it('a newer list of the same source and unit supersedes the previous one; other units keep theirs', async () => {
    const first = await run(list('a1.csv', [residentId('20150101', 201)]), { unit: '水阳派出所' });
    const other = await run(list('b1.csv', [residentId('20150101', 211)]), { unit: '狸桥派出所' });
    const second = await run(list('a2.csv', [residentId('20150101', 221)]), { unit: '水阳派出所' });
    expect(await statusOf(first.importId)).toEqual({ status: 'superseded', superseded_by: second.importId });
    expect(await statusOf(second.importId)).toEqual({ status: 'current', superseded_by: null });
    expect(await statusOf(other.importId)).toEqual({ status: 'current', superseded_by: null });
    // The superseded list stays in history with its rows.
    expect(await recordsOf(first.importId)).toHaveLength(1);
  });

  it('an import with no accepted row supersedes nothing', async () => {
    const current = await run(list('c1.csv', [residentId('20150101', 231)]), { unit: '新田派出所' });
    const empty = await run(list('c2.csv', ['3.41802E+17', '']), { unit: '新田派出所' });
    expect(empty).toMatchObject({ read: 2, accepted: 0, rejected: 2 });
    expect(await statusOf(empty.importId)).toEqual({ status: 'empty', superseded_by: null });
    expect(await statusOf(current.importId)).toEqual({ status: 'current', superseded_by: null });
  });
});

describe('column mapping', () => {
  it('uses the mapping given, remembers it for the source, and applies it to the next file', async () => {
    const rows = [
      ['姓名', '出生日期', '公民号'],
      ['蒋一', '2015-06-01', residentId('20150601', 301)],
    ];
    const first = await run(writeText(dir.path('m1.csv'), csv(rows)), {
      kind: 'poverty',
      unit: '乡村振兴局',
      mapping: { 公民号: 'idNumber' },
    });
    expect((await recordsOf(first.importId))[0]?.id_number).toBe(residentId('20150601', 301));
    const remembered = await deps.db
      .selectFrom('list_column_mapping')
      .select('mapping')
      .where('kind', '=', 'poverty')
      .where('issuing_unit', '=', '乡村振兴局')
      .executeTakeFirstOrThrow();
    expect(remembered.mapping).toEqual({ 姓名: 'name', 出生日期: 'birthDate', 公民号: 'idNumber' });

    const second = await run(writeText(dir.path('m2.csv'), csv(rows)), {
      kind: 'poverty',
      unit: '乡村振兴局',
    });
    expect((await recordsOf(second.importId))[0]?.id_number).toBe(residentId('20150601', 301));
    // Another unit has no remembered mapping: the unknown column stays in details.
    const other = await run(writeText(dir.path('m3.csv'), csv(rows)), { kind: 'poverty', unit: '别的单位' });
    const [record] = await recordsOf(other.importId);
    expect(record).toMatchObject({ id_number: null, details: { 公民号: residentId('20150601', 301) } });
  });

  it('refuses a mapping that names a column the file lacks, or puts two columns on one field', async () => {
    const path = writeText(
      dir.path('m4.csv'),
      csv([
        ['姓名', '身份证号', '证件'],
        ['韩一', ID1, ID2],
      ]),
    );
    await expect(run(path, { mapping: { 号码: 'idNumber' } })).rejects.toThrow(
      '文件的表头中没有名为“号码”的列',
    );
    await expect(run(path, { mapping: { 证件: 'idNumber', 身份证号: 'idNumber' } })).rejects.toThrow(
      '两列都对应到“身份证号”',
    );
    await expect(run(path, { mapping: { 证件: 'shoeSize' } })).rejects.toThrow('未知的字段');
  });
});

describe('a file refused as a whole changes nothing', () => {
  const refusals: Array<[string, () => Promise<string>, string]> = [
    ['an empty file', async () => writeText(dir.path('empty.csv'), ''), '文件是空的'],
    ['a header only', async () => writeText(dir.path('header.csv'), '姓名,身份证号\n\n'), '只有表头'],
    [
      'no ID column and no name + birth date',
      async () =>
        writeText(
          dir.path('no-id.csv'),
          csv([
            ['姓名', '性别'],
            ['韩二', '男'],
          ]),
        ),
      '名单缺少身份证号列',
    ],
    [
      'a CSV named .xlsx',
      async () =>
        writeText(
          dir.path('fake.xlsx'),
          csv([
            ['姓名', '身份证号'],
            ['韩三', ID1],
          ]),
        ),
      '内容不是 Excel 文件',
    ],
    [
      'a corrupt .xlsx',
      async () => {
        const path = dir.path('corrupt.xlsx');
        writeFileSync(path, Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(2000, 7)]));
        return path;
      },
      '',
    ],
    [
      '10,000 columns',
      async () =>
        writeText(
          dir.path('wide.csv'),
          `姓名,身份证号,${Array.from({ length: 9_998 }, (_, i) => `c${i}`).join(',')}\n韩四,${ID1}\n`,
        ),
      '列数过多',
    ],
  ];

  it.each(refusals)('%s', async (_, make, message) => {
    const path = await make();
    const before = await counts();
    const error = await run(path).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'bad_request' });
    expect((error as Error).message).toContain(message);
    expect(await counts()).toEqual(before);
  });

  it('a students list without its school columns', async () => {
    const path = writeText(
      dir.path('students-bad.csv'),
      csv([
        ['姓名', '身份证件号'],
        ['韩五', ID1],
      ]),
    );
    const before = await counts();
    await expect(run(path, { kind: 'students' })).rejects.toThrow(
      '学籍名单缺少必需的列：学校标识码、年级、班级',
    );
    expect(await counts()).toEqual(before);
  });
});

describe('the county', () => {
  it('may be left out only while the database holds one county', async () => {
    const path = writeText(
      dir.path('county.csv'),
      csv([
        ['姓名', '身份证号'],
        ['秦一', residentId('20150101', 401)],
      ]),
    );
    await expect(run(path, { countyCode: '999999' })).rejects.toThrow('数据库中没有区县 999999');
    await addForeignCounty(deps.db);
    await expect(run(path)).rejects.toThrow('数据库中有 2 个区县');
    await expect(run(path, { countyCode: COUNTY })).resolves.toMatchObject({ accepted: 1 });
  });
});
