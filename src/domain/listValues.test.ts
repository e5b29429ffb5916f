import { describe, expect, it } from 'vitest';
import { idCheckDigit } from './idNumber.ts';
import {
  detectGarbledText,
  findHeaderRow,
  LIST_COLUMNS,
  matchHeader,
  normalizeHeader,
  normalizeListDate,
  normalizeListIdNumber,
  normalizeListName,
  normalizeListSex,
} from './listValues.ts';

function makeId(first17: string): string {
  return first17 + idCheckDigit(first17);
}

const ID = makeId('34180220120304123');

describe('normalizeListDate accepts the forms people write', () => {
  it.each<[string | number | Date, string]>([
    ['2012-03-04', '2012-03-04'],
    ['2012-3-4', '2012-03-04'],
    ['2012/3/4', '2012-03-04'],
    ['2012/03/04', '2012-03-04'],
    ['2012.3.4', '2012-03-04'],
    ['2012年3月4日', '2012-03-04'],
    ['2012年03月04日', '2012-03-04'],
    ['2012年3月4', '2012-03-04'],
    ['20120304', '2012-03-04'],
    [' 2012-03-04 ', '2012-03-04'],
    ['２０１２／３／４', '2012-03-04'],
    ['2012-03-04 00:00:00', '2012-03-04'],
    ['2012/3/4 0:00', '2012-03-04'],
    ['2012-03-04T00:00:00', '2012-03-04'],
    ['2012-02-29', '2012-02-29'],
    ['40972', '2012-03-04'],
    [20120304, '2012-03-04'],
    // Excel serials, the 1900 system with its phantom 1900-02-29 (serial 60).
    [40972, '2012-03-04'],
    [40972.75, '2012-03-04'],
    [1, '1900-01-01'],
    [59, '1900-02-28'],
    [61, '1900-03-01'],
    [36526, '2000-01-01'],
    [45658, '2025-01-01'],
    // ExcelJS turns date-formatted cells into UTC midnights.
    [new Date(Date.UTC(2012, 2, 4)), '2012-03-04'],
    [new Date(Date.UTC(2012, 2, 4, 18, 30)), '2012-03-04'],
  ])('%j → %s', (raw, expected) => {
    expect(normalizeListDate(raw)).toEqual({ ok: true, date: expected });
  });
});

describe('normalizeListDate refuses what is not a date', () => {
  it.each<[string | number | Date, string]>([
    ['', '日期为空'],
    ['  ', '日期为空'],
    ['2012-02-30', '日期不存在'],
    ['2011-02-29', '日期不存在'],
    ['2012年13月1日', '日期不存在'],
    ['20121304', '日期不存在'],
    [20120230, '日期不存在'],
    [60, '1900年2月29日'],
    ['1899-12-31', '超出合理范围'],
    ['2012-03', '缺少日'],
    ['2012年3月', '缺少日'],
    ['201203', '缺少日'],
    ['2012', '无法识别'],
    ['04/03/2012', '无法识别'],
    ['三月四日', '无法识别'],
    [0, '无法识别'],
    [-5, '无法识别'],
    [Number.NaN, '无法识别'],
    [3_000_000, '无法识别'],
    [new Date(Number.NaN), '日期无效'],
  ])('%j → %s', (raw, message) => {
    const result = normalizeListDate(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(message);
  });
});

describe('normalizeListSex', () => {
  it.each<[string | number, '1' | '2']>([
    ['男', '1'],
    [' 男 ', '1'],
    ['男性', '1'],
    ['1', '1'],
    [1, '1'],
    ['１', '1'],
    ['M', '1'],
    ['m', '1'],
    ['Male', '1'],
    ['女', '2'],
    ['女性', '2'],
    ['2', '2'],
    [2, '2'],
    ['F', '2'],
    ['female', '2'],
  ])('%j → %s', (raw, sex) => {
    expect(normalizeListSex(raw)).toEqual({ ok: true, sex });
  });

  it.each<[string | number, string]>([
    ['', '性别为空'],
    ['未知', '无法识别'],
    ['0', '无法识别'],
    [9, '无法识别'],
    ['男女', '无法识别'],
    ['constructor', '无法识别'],
    ['toString', '无法识别'],
  ])('%j is refused: %s', (raw, message) => {
    const result = normalizeListSex(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(message);
  });
});

describe('normalizeListIdNumber', () => {
  const id15 = '341802850312123';
  const badCheck = `${ID.slice(0, 17)}${ID.endsWith('0') ? '1' : '0'}`;
  const xId = makeId('34180220150304108');

  it.each<[string | number, { id: string; valid: boolean; upgradedFrom15: boolean }]>([
    [ID, { id: ID, valid: true, upgradedFrom15: false }],
    [` ${ID}\u200B `, { id: ID, valid: true, upgradedFrom15: false }],
    [
      ID.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)),
      { id: ID, valid: true, upgradedFrom15: false },
    ],
    [xId.toLowerCase(), { id: xId, valid: true, upgradedFrom15: false }],
    [xId.replace('X', 'ｘ'), { id: xId, valid: true, upgradedFrom15: false }],
    [id15, { id: '341802198503121237', valid: true, upgradedFrom15: true }],
    // A 15-digit ID stored as a number has lost nothing.
    [341802850312123, { id: '341802198503121237', valid: true, upgradedFrom15: true }],
    // Typos are kept for the linkage engine, flagged.
    [badCheck, { id: badCheck, valid: false, upgradedFrom15: false }],
    [ID.slice(0, 17), { id: ID.slice(0, 17), valid: false, upgradedFrom15: false }],
    ['341802201202301234', { id: '341802201202301234', valid: false, upgradedFrom15: false }],
  ])('%j → %j', (raw, expected) => {
    expect(normalizeListIdNumber(raw)).toMatchObject({ ok: true, ...expected });
  });

  it('says why an ID is invalid', () => {
    const result = normalizeListIdNumber(badCheck);
    expect(result.ok && result.problem).toContain('校验位');
  });

  it.each<[string | number, string, string]>([
    ['', 'empty', '身份证号为空'],
    [' \u3000', 'empty', '身份证号为空'],
    [
      Number('341802201203041234'),
      'excel_number',
      '身份证号被 Excel 存成了数字（3.41802E+17），后几位已丢失；请把该列设为文本后重新导出',
    ],
    [340000000000000000, 'excel_number', '（3.4E+17）'],
    [3.41802e17, 'excel_number', '（3.41802E+17）'],
    ['3.41802E+17', 'excel_number', '（3.41802E+17）'],
    ['3.41802e+17', 'excel_number', '（3.41802E+17）'],
    ['3.41802201203041E+17', 'excel_number', '存成了数字'],
    // Excel's 15 significant digits, written back out as text.
    ['341802201203041000', 'excel_number', '（341802201203041000）'],
    [12.5, 'excel_number', '存成了数字'],
    ['E12345678', 'bad_format', '格式不正确'],
    ['3418022012030412345678', 'bad_format', '格式不正确'],
    ['34180220120304123X5', 'bad_format', '格式不正确'],
    ['张三', 'bad_format', '格式不正确'],
  ])('%j is refused (%s)', (raw, code, message) => {
    const result = normalizeListIdNumber(raw);
    expect(result).toMatchObject({ ok: false, code });
    if (!result.ok) expect(result.message).toContain(message);
  });
});

describe('detectGarbledText', () => {
  it.each([
    '张三',
    '阿依古丽·买买提',
    'José',
    'Zoë Müller',
    '安徽省宣城市宣州区 3×4 号',
    '是否？',
    'What?',
    '张三\t李四\n',
    '',
  ])('%j is clean', (value) => {
    expect(detectGarbledText(value)).toBeNull();
  });

  it.each([
    ['张\uFFFD', '无法识别的字符'],
    ['锟斤拷', '锟斤拷'],
    ['张锟斤拷三', '锟斤拷'],
    ['烫烫烫烫', '烫烫烫'],
    ['屯屯屯', '屯屯屯'],
    ['ÕÅÈý', 'GBK'],
    ['Àö', 'GBK'],
    ['å¼ ä¸‰', 'GBK'],
    ['宣州区Ã©', 'GBK'],
    ['张?', '?'],
    ['?三', '?'],
    ['??', '?'],
    ['宣州区??镇', '?'],
    ['张\u0001三', '控制字符'],
  ])('%j → %s', (value, reason) => {
    expect(detectGarbledText(value)).toContain(reason);
  });
});

describe('normalizeListName', () => {
  it.each([
    ['张三', '张三'],
    [' 张 三 ', '张三'],
    ['张\u200B三', '张三'],
    ['張偉', '张伟'],
    ['陳曉東', '陈晓东'],
    ['阿依古丽•买买提', '阿依古丽·买买提'],
    ['ＡＢＣ', 'ABC'],
  ])('%j → %s', (raw, name) => {
    expect(normalizeListName(raw)).toEqual({ ok: true, name });
  });

  it.each([
    ['', '姓名为空'],
    ['  ', '姓名为空'],
    ['ÕÅÈý', '乱码'],
    ['张?', '?'],
    ['张？', '乱码'],
    ['锟斤拷', '锟斤拷'],
  ])('%j is refused: %s', (raw, message) => {
    const result = normalizeListName(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(message);
  });
});

describe('normalizeHeader', () => {
  it.each([
    ['身份证号', '身份证号'],
    [' 身份证号 ', '身份证号'],
    ['身份\n证号', '身份证号'],
    ['*身份证号', '身份证号'],
    ['身份证号*', '身份证号'],
    ['身份证号(必填)', '身份证号'],
    ['身份证号（必填）', '身份证号'],
    ['【必填】身份证号', '身份证号'],
    ['出生日期（yyyy-mm-dd）', '出生日期'],
    ['姓名：', '姓名'],
    ['ＩＤ', 'id'],
    ['(备注)', '(备注)'],
  ])('%j → %j', (raw, expected) => {
    expect(normalizeHeader(raw)).toBe(expected);
  });
});

describe('matchHeader', () => {
  it.each([
    ['身份证号', 'idNumber'],
    ['身份证件号', 'idNumber'],
    ['公民身份号码', 'idNumber'],
    ['证件号码', 'idNumber'],
    ['身份证号码', 'idNumber'],
    ['姓名', 'name'],
    ['学生姓名', 'name'],
    ['儿童姓名', 'name'],
    ['性别', 'sex'],
    ['出生日期', 'birthDate'],
    ['出生年月', 'birthDate'],
    ['生日', 'birthDate'],
    ['学籍号', 'studentNumber'],
    ['全国学籍号', 'studentNumber'],
    ['个人标识码', 'studentNumber'],
    ['学校标识码', 'schoolCode'],
    ['学校名称', 'schoolName'],
    ['年级', 'grade'],
    ['班级', 'className'],
    ['户籍地址', 'householdAddress'],
    ['户籍所在地', 'householdAddress'],
    ['户口所在地', 'regionCode'],
    ['行政区划', 'regionCode'],
    ['乡镇（街道）', 'township'],
    ['乡镇/街道', 'township'],
    ['村（社区）', 'village'],
    ['户口状态', 'hukouStatus'],
    ['注销', 'hukouStatus'],
    ['监护人姓名', 'guardianName'],
    ['监护人身份证号', 'guardianIdNumber'],
    ['残疾类别', 'disabilityType'],
    ['残疾等级', 'disabilityLevel'],
    ['户类型', 'povertyStatus'],
    ['困境儿童类别', 'groupCode'],
  ])('%s → %s', (header, field) => {
    expect(matchHeader([header]).matched).toEqual([{ index: 0, header, field }]);
  });

  it('maps indexes, reports unmatched and duplicated columns', () => {
    const result = matchHeader(['序号', '*姓名', null, '身份证号(必填)', '', '姓名', 3, '备注']);
    expect(result.matched).toEqual([
      { index: 1, header: '*姓名', field: 'name' },
      { index: 3, header: '身份证号(必填)', field: 'idNumber' },
    ]);
    expect(result.fieldIndex).toEqual({ name: 1, idNumber: 3 });
    expect(result.duplicates).toEqual([{ index: 5, header: '姓名', field: 'name' }]);
    expect(result.unmatched).toEqual([
      { index: 0, header: '序号' },
      { index: 6, header: '3' },
      { index: 7, header: '备注' },
    ]);
  });

  it('gives every synonym to one field only', () => {
    const all = LIST_COLUMNS.flatMap((c) => c.synonyms);
    expect(new Set(all).size).toBe(all.length);
  });
});

describe('findHeaderRow', () => {
  it.each<[string, Array<Array<string | null>>, number | null]>([
    [
      'first row',
      [
        ['姓名', '身份证号'],
        ['张三', ID],
      ],
      0,
    ],
    [
      'under title rows and a blank row',
      [
        ['XX县2026年适龄儿童名单', null, null],
        [],
        ['填报单位：XX派出所'],
        ['序号', '姓名', '性别', '身份证号'],
        ['1', '张三', '男', ID],
      ],
      3,
    ],
    ['a title that reads like one column is not a header', [['姓名'], ['姓名', '性别']], 1],
    [
      'no header',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
      null,
    ],
    ['empty', [], null],
  ])('%s', (_, rows, expected) => {
    expect(findHeaderRow(rows)).toBe(expected);
  });

  it('scans only the first rows', () => {
    const rows = [...Array.from({ length: 5 }, () => ['标题']), ['姓名', '性别']];
    expect(findHeaderRow(rows, 5)).toBeNull();
    expect(findHeaderRow(rows, 6)).toBe(5);
  });
});
