import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  BOARDING,
  BOARDING_CODES,
  type CodeItem,
  codeFromNameOrCode,
  codeLabel,
  DISABILITY_LEVEL_CODES,
  DISABILITY_LEVELS,
  DISABILITY_TYPE_CODES,
  DISABILITY_TYPES,
  ETHNICITIES,
  ETHNICITY_CODES,
  GUARDIAN_RELATION_CODES,
  GUARDIAN_RELATIONS,
  gradesOfSchoolType,
  HEALTH_STATUS,
  HEALTH_STATUS_CODES,
  HUKOU_NATURE,
  HUKOU_NATURE_CODES,
  ID_DOCUMENT_TYPE_CODES,
  ID_DOCUMENT_TYPES,
  LEFT_BEHIND_STATUS,
  LEFT_BEHIND_STATUS_CODES,
  SCHOOL_TYPE_CODES,
  SCHOOL_TYPES,
  SOURCE_DEPARTMENT_CODES,
  SOURCE_DEPARTMENTS,
  SPECIAL_GROUP_CODES,
  SPECIAL_GROUPS,
  type SpecialGroupCode,
} from './codes.ts';

const ALL_LISTS: [string, readonly CodeItem[], readonly string[]][] = [
  ['SPECIAL_GROUPS', SPECIAL_GROUPS, SPECIAL_GROUP_CODES],
  ['SOURCE_DEPARTMENTS', SOURCE_DEPARTMENTS, SOURCE_DEPARTMENT_CODES],
  ['ID_DOCUMENT_TYPES', ID_DOCUMENT_TYPES, ID_DOCUMENT_TYPE_CODES],
  ['ETHNICITIES', ETHNICITIES, ETHNICITY_CODES],
  ['HUKOU_NATURE', HUKOU_NATURE, HUKOU_NATURE_CODES],
  ['HEALTH_STATUS', HEALTH_STATUS, HEALTH_STATUS_CODES],
  ['LEFT_BEHIND_STATUS', LEFT_BEHIND_STATUS, LEFT_BEHIND_STATUS_CODES],
  ['DISABILITY_TYPES', DISABILITY_TYPES, DISABILITY_TYPE_CODES],
  ['DISABILITY_LEVELS', DISABILITY_LEVELS, DISABILITY_LEVEL_CODES],
  ['BOARDING', BOARDING, BOARDING_CODES],
  ['GUARDIAN_RELATIONS', GUARDIAN_RELATIONS, GUARDIAN_RELATION_CODES],
  ['SCHOOL_TYPES', SCHOOL_TYPES, SCHOOL_TYPE_CODES],
];

describe.each(ALL_LISTS)('%s', (_name, list, codes) => {
  it('has a code tuple in the same order as the list', () => {
    expect(codes).toEqual(list.map((item) => item.code));
  });
  it('has unique codes, Chinese and English labels', () => {
    expect(new Set(list.map((item) => item.code)).size).toBe(list.length);
    expect(new Set(list.map((item) => item.zh)).size).toBe(list.length);
    expect(new Set(list.map((item) => item.en)).size).toBe(list.length);
  });
  it('has no blank labels', () => {
    for (const item of list) {
      expect(item.zh.trim()).not.toBe('');
      expect(item.en.trim()).not.toBe('');
    }
  });
  it('reads back every code and every Chinese name', () => {
    for (const item of list) {
      expect(codeFromNameOrCode(list, item.code)).toBe(item.code);
      expect(codeFromNameOrCode(list, item.zh)).toBe(item.code);
    }
  });
});

describe('code values', () => {
  it('special groups', () => {
    expect(SPECIAL_GROUP_CODES).toEqual([
      'orphan',
      'unsupported',
      'left_behind',
      'single_parent',
      'disabled',
      'poverty_household',
      'monitored_household',
      'dibao',
      'tekun',
      'struggling',
      'migrant',
    ]);
    expectTypeOf<SpecialGroupCode>().toEqualTypeOf<
      | 'orphan'
      | 'unsupported'
      | 'left_behind'
      | 'single_parent'
      | 'disabled'
      | 'poverty_household'
      | 'monitored_household'
      | 'dibao'
      | 'tekun'
      | 'struggling'
      | 'migrant'
    >();
  });

  it.each([
    [SPECIAL_GROUPS, 'orphan', '孤儿'],
    [SPECIAL_GROUPS, 'unsupported', '事实无人抚养儿童'],
    [SPECIAL_GROUPS, 'left_behind', '留守儿童'],
    [SPECIAL_GROUPS, 'single_parent', '单亲家庭子女'],
    [SPECIAL_GROUPS, 'disabled', '残疾儿童'],
    [SPECIAL_GROUPS, 'poverty_household', '建档立卡脱贫户子女'],
    [SPECIAL_GROUPS, 'monitored_household', '监测户子女'],
    [SPECIAL_GROUPS, 'dibao', '低保家庭子女'],
    [SPECIAL_GROUPS, 'tekun', '特困供养'],
    [SPECIAL_GROUPS, 'struggling', '学困生'],
    [SPECIAL_GROUPS, 'migrant', '随迁子女'],
    [SOURCE_DEPARTMENTS, 'police', '公安'],
    [SOURCE_DEPARTMENTS, 'rural_revitalization', '乡村振兴'],
    [SOURCE_DEPARTMENTS, 'disabled_federation', '残联'],
    [SOURCE_DEPARTMENTS, 'civil_affairs', '民政'],
    [SOURCE_DEPARTMENTS, 'education', '教育'],
    [SOURCE_DEPARTMENTS, 'school', '学校'],
    [ID_DOCUMENT_TYPES, '1', '居民身份证'],
    [ID_DOCUMENT_TYPES, '2', '军官证'],
    [ID_DOCUMENT_TYPES, '3', '士兵证'],
    [ID_DOCUMENT_TYPES, '4', '文职干部证'],
    [ID_DOCUMENT_TYPES, '5', '部队离退休证'],
    [ID_DOCUMENT_TYPES, '6', '香港特区护照/身份证明'],
    [ID_DOCUMENT_TYPES, '7', '澳门特区护照/身份证明'],
    [ID_DOCUMENT_TYPES, '8', '台湾居民来往大陆通行证'],
    [ID_DOCUMENT_TYPES, '9', '境外永久居住证'],
    [ID_DOCUMENT_TYPES, 'A', '护照'],
    [ID_DOCUMENT_TYPES, 'B', '户口簿'],
    [ID_DOCUMENT_TYPES, 'C', '港澳台居民居住证'],
    [ID_DOCUMENT_TYPES, 'Z', '其他'],
    [ETHNICITIES, '01', '汉族'],
    [ETHNICITIES, '02', '蒙古族'],
    [ETHNICITIES, '03', '回族'],
    [ETHNICITIES, '04', '藏族'],
    [ETHNICITIES, '05', '维吾尔族'],
    [ETHNICITIES, '08', '壮族'],
    [ETHNICITIES, '10', '朝鲜族'],
    [ETHNICITIES, '11', '满族'],
    [ETHNICITIES, '15', '土家族'],
    [ETHNICITIES, '22', '畲族'],
    [ETHNICITIES, '29', '柯尔克孜族'],
    [ETHNICITIES, '36', '毛南族'],
    [ETHNICITIES, '43', '乌孜别克族'],
    [ETHNICITIES, '46', '德昂族'],
    [ETHNICITIES, '54', '门巴族'],
    [ETHNICITIES, '55', '珞巴族'],
    [ETHNICITIES, '56', '基诺族'],
    [ETHNICITIES, '97', '其他'],
    [ETHNICITIES, '98', '外国血统中国籍人士'],
    [HUKOU_NATURE, '1', '农业户口'],
    [HUKOU_NATURE, '2', '非农业户口'],
    [HUKOU_NATURE, '3', '居民户口'],
    [HEALTH_STATUS, '1', '健康或良好'],
    [HEALTH_STATUS, '2', '一般或较弱'],
    [HEALTH_STATUS, '3', '有慢性病'],
    [HEALTH_STATUS, '6', '残疾'],
    [LEFT_BEHIND_STATUS, '0', '非留守儿童'],
    [LEFT_BEHIND_STATUS, '1', '单亲外出务工'],
    [LEFT_BEHIND_STATUS, '2', '双亲外出务工'],
    [DISABILITY_TYPES, '0', '无残疾'],
    [DISABILITY_TYPES, '1', '视力残疾'],
    [DISABILITY_TYPES, '2', '听力残疾'],
    [DISABILITY_TYPES, '3', '言语残疾'],
    [DISABILITY_TYPES, '4', '肢体残疾'],
    [DISABILITY_TYPES, '5', '智力残疾'],
    [DISABILITY_TYPES, '6', '精神残疾'],
    [DISABILITY_TYPES, '7', '多重残疾'],
    [DISABILITY_TYPES, '8', '其他残疾'],
    [DISABILITY_LEVELS, '1', '一级'],
    [DISABILITY_LEVELS, '2', '二级'],
    [DISABILITY_LEVELS, '3', '三级'],
    [DISABILITY_LEVELS, '4', '四级'],
    [BOARDING, 'day', '走读'],
    [BOARDING, 'boarding', '住校'],
    [GUARDIAN_RELATIONS, 'father', '父亲'],
    [GUARDIAN_RELATIONS, 'mother', '母亲'],
    [GUARDIAN_RELATIONS, 'grandfather', '祖父'],
    [GUARDIAN_RELATIONS, 'grandmother', '祖母'],
    [GUARDIAN_RELATIONS, 'maternal_grandfather', '外祖父'],
    [GUARDIAN_RELATIONS, 'maternal_grandmother', '外祖母'],
    [GUARDIAN_RELATIONS, 'sibling', '兄弟姐妹'],
    [GUARDIAN_RELATIONS, 'other_relative', '其他亲属'],
    [GUARDIAN_RELATIONS, 'entrusted', '委托监护人'],
    [GUARDIAN_RELATIONS, 'other', '其他'],
    [SCHOOL_TYPES, 'primary', '小学'],
    [SCHOOL_TYPES, 'junior_middle', '初级中学'],
    [SCHOOL_TYPES, 'nine_year', '九年一贯制学校'],
    [SCHOOL_TYPES, 'special_education', '特殊教育学校'],
    [SCHOOL_TYPES, 'teaching_point', '教学点'],
  ] as [readonly CodeItem[], string, string][])('%#: %s → %s', (list, code, zh) => {
    expect(codeLabel(list, code)).toBe(zh);
  });

  it('ethnicities are the 56 groups numbered 01–56, then 97 and 98', () => {
    const expected = [...Array.from({ length: 56 }, (_, i) => String(i + 1).padStart(2, '0')), '97', '98'];
    expect(ETHNICITY_CODES).toEqual(expected);
    expect(ETHNICITIES.slice(0, 56).every((e) => e.zh.endsWith('族'))).toBe(true);
  });

  it('lists lengths', () => {
    expect([SPECIAL_GROUPS, SOURCE_DEPARTMENTS, ID_DOCUMENT_TYPES, ETHNICITIES].map((l) => l.length)).toEqual(
      [11, 6, 13, 58],
    );
  });
});

describe('gradesOfSchoolType', () => {
  it.each([
    ['primary', [1, 2, 3, 4, 5, 6]],
    ['junior_middle', [7, 8, 9]],
    ['nine_year', [1, 2, 3, 4, 5, 6, 7, 8, 9]],
    ['special_education', [1, 2, 3, 4, 5, 6, 7, 8, 9]],
    ['teaching_point', [1, 2, 3, 4]],
  ] as const)('%s → %j', (type, grades) => {
    expect(gradesOfSchoolType(type)).toEqual(grades);
  });

  it('returns a fresh array each time', () => {
    const grades = gradesOfSchoolType('primary');
    grades.push(7);
    expect(gradesOfSchoolType('primary')).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe('codeLabel', () => {
  it.each([
    [ETHNICITIES, '01', 'zh', '汉族'],
    [ETHNICITIES, '01', 'en', 'Han'],
    [ID_DOCUMENT_TYPES, 'A', 'en', 'Passport'],
    [SPECIAL_GROUPS, 'dibao', 'zh', '低保家庭子女'],
    [ETHNICITIES, '1', 'zh', null],
    [ETHNICITIES, '99', 'zh', null],
    [ETHNICITIES, '', 'zh', null],
    [ETHNICITIES, null, 'zh', null],
    [ETHNICITIES, undefined, 'en', null],
  ] as [readonly CodeItem[], string | null | undefined, 'zh' | 'en', string | null][])(
    '%#: %j (%s) → %j',
    (list, code, lang, label) => {
      expect(codeLabel(list, code, lang)).toBe(label);
    },
  );

  it('defaults to Chinese', () => {
    expect(codeLabel(BOARDING, 'boarding')).toBe('住校');
  });
});

describe('codeFromNameOrCode', () => {
  it.each([
    // Codes and names.
    [ETHNICITIES, '01', '01'],
    [ETHNICITIES, '汉族', '01'],
    [ETHNICITIES, ' 汉族 ', '01'],
    [ETHNICITIES, '汉', '01'],
    [ETHNICITIES, '维吾尔', '05'],
    [ETHNICITIES, 'Han', '01'],
    [ETHNICITIES, 'han', '01'],
    [ETHNICITIES, '98', '98'],
    // Leading zero lost in a spreadsheet.
    [ETHNICITIES, '1', '01'],
    [ETHNICITIES, 1, '01'],
    [ETHNICITIES, 56, '56'],
    [ETHNICITIES, '０１', '01'],
    // Code and name in one cell.
    [ETHNICITIES, '01-汉族', '01'],
    [ETHNICITIES, '01 汉族', '01'],
    [ETHNICITIES, '01汉族', '01'],
    [ID_DOCUMENT_TYPES, '1-居民身份证', '1'],
    [ID_DOCUMENT_TYPES, '1 居民身份证', '1'],
    [ID_DOCUMENT_TYPES, 'A-护照', 'A'],
    [ID_DOCUMENT_TYPES, 'Z-其他', 'Z'],
    [ID_DOCUMENT_TYPES, 'a', 'A'],
    [ID_DOCUMENT_TYPES, 'z', 'Z'],
    [ID_DOCUMENT_TYPES, '身份证', '1'],
    [ID_DOCUMENT_TYPES, '户口本', 'B'],
    [HUKOU_NATURE, '非农业户口', '2'],
    [HUKOU_NATURE, '2-非农业户口', '2'],
    [HEALTH_STATUS, '10', '1'],
    [HEALTH_STATUS, '60', '6'],
    [HEALTH_STATUS, '健康', '1'],
    [HEALTH_STATUS, '10-健康或良好', '1'],
    [LEFT_BEHIND_STATUS, '0', '0'],
    [LEFT_BEHIND_STATUS, '双亲留守儿童', '2'],
    [LEFT_BEHIND_STATUS, '2-双亲留守儿童', '2'],
    [LEFT_BEHIND_STATUS, '单亲外出务工', '1'],
    [DISABILITY_TYPES, '4', '4'],
    [DISABILITY_TYPES, '肢体残疾', '4'],
    [DISABILITY_LEVELS, '二级', '2'],
    [BOARDING, '住校', 'boarding'],
    [BOARDING, '1', 'day'],
    [BOARDING, '2-住校', 'boarding'],
    [BOARDING, 'day', 'day'],
    [GUARDIAN_RELATIONS, '外婆', 'maternal_grandmother'],
    [GUARDIAN_RELATIONS, '外祖母', 'maternal_grandmother'],
    [GUARDIAN_RELATIONS, 'father', 'father'],
    [SPECIAL_GROUPS, '孤儿', 'orphan'],
    [SPECIAL_GROUPS, 'left_behind', 'left_behind'],
    [SCHOOL_TYPES, '教学点', 'teaching_point'],
    // Not recognised.
    [ETHNICITIES, '01-蒙古族', null],
    [ETHNICITIES, '火星族', null],
    [ETHNICITIES, '99', null],
    [ETHNICITIES, '001', null],
    [ETHNICITIES, '', null],
    [ETHNICITIES, '   ', null],
    [ETHNICITIES, null, null],
    [ETHNICITIES, undefined, null],
    [ID_DOCUMENT_TYPES, 'D', null],
    [HEALTH_STATUS, '4', null],
    [BOARDING, '3', null],
  ] as [readonly CodeItem[], string | number | null | undefined, string | null][])(
    '%#: %j → %j',
    (list, input, code) => {
      expect(codeFromNameOrCode(list, input)).toBe(code);
    },
  );

  it('returns the list’s code type', () => {
    expectTypeOf(codeFromNameOrCode(BOARDING, '住校')).toEqualTypeOf<'day' | 'boarding' | null>();
  });
});
