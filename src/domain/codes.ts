// Stable code lists. Codes are what the database stores and what is exchanged with the
// national student registry (全国中小学生学籍信息管理系统), so where the registry's student form
// (学生基本信息表) defines a code, that code is used unchanged. Labels may be reworded; codes
// may never be renumbered. Lists without a national code (special groups, departments…) use
// English identifiers that match the glossary.

export type CodeItem<C extends string = string> = {
  readonly code: C;
  readonly zh: string;
  readonly en: string;
};

type CodesOf<L extends readonly CodeItem[]> = {
  readonly [K in keyof L]: L[K] extends CodeItem<infer C> ? C : never;
};

/** The codes of a list as a tuple, ready for `z.enum(...)`. */
function codesOf<const L extends readonly CodeItem[]>(list: L): CodesOf<L> {
  return list.map((item) => item.code) as unknown as CodesOf<L>;
}

export const SPECIAL_GROUPS = [
  { code: 'orphan', zh: '孤儿', en: 'Orphan' },
  { code: 'unsupported', zh: '事实无人抚养儿童', en: 'De facto unsupported child' },
  { code: 'left_behind', zh: '留守儿童', en: 'Left-behind child' },
  { code: 'single_parent', zh: '单亲家庭子女', en: 'Child of a single-parent family' },
  { code: 'disabled', zh: '残疾儿童', en: 'Disabled child' },
  {
    code: 'poverty_household',
    zh: '建档立卡脱贫户子女',
    en: 'Child of a registered poverty-alleviation household',
  },
  { code: 'monitored_household', zh: '监测户子女', en: 'Child of a monitored household' },
  { code: 'dibao', zh: '低保家庭子女', en: 'Child of a minimum-living-guarantee (dibao) family' },
  { code: 'tekun', zh: '特困供养', en: 'Extremely poor, state-supported (tekun)' },
  { code: 'struggling', zh: '学困生', en: 'Struggling learner' },
  { code: 'migrant', zh: '随迁子女', en: 'Migrant child' },
] as const satisfies readonly CodeItem[];
export const SPECIAL_GROUP_CODES = codesOf(SPECIAL_GROUPS);
export type SpecialGroupCode = (typeof SPECIAL_GROUP_CODES)[number];

export const SOURCE_DEPARTMENTS = [
  { code: 'police', zh: '公安', en: 'Public security (household registration)' },
  { code: 'rural_revitalization', zh: '乡村振兴', en: 'Rural revitalization' },
  { code: 'disabled_federation', zh: '残联', en: "Disabled Persons' Federation" },
  { code: 'civil_affairs', zh: '民政', en: 'Civil affairs' },
  { code: 'education', zh: '教育', en: 'Education' },
  { code: 'school', zh: '学校', en: 'School' },
] as const satisfies readonly CodeItem[];
export const SOURCE_DEPARTMENT_CODES = codesOf(SOURCE_DEPARTMENTS);
export type SourceDepartmentCode = (typeof SOURCE_DEPARTMENT_CODES)[number];

// 身份证件类型. The student form lists 1, 6–9, A and Z; 2–5 come from the same national code
// table (military documents). B and C follow the project brief and are not on the printed
// student form: confirm against the registry before exporting them.
export const ID_DOCUMENT_TYPES = [
  { code: '1', zh: '居民身份证', en: 'Resident identity card' },
  { code: '2', zh: '军官证', en: 'Military officer card' },
  { code: '3', zh: '士兵证', en: 'Soldier card' },
  { code: '4', zh: '文职干部证', en: 'Military civilian cadre card' },
  { code: '5', zh: '部队离退休证', en: 'Military retirement card' },
  { code: '6', zh: '香港特区护照/身份证明', en: 'Hong Kong SAR passport / identity document' },
  { code: '7', zh: '澳门特区护照/身份证明', en: 'Macao SAR passport / identity document' },
  { code: '8', zh: '台湾居民来往大陆通行证', en: 'Mainland travel permit for Taiwan residents' },
  { code: '9', zh: '境外永久居住证', en: 'Foreign permanent residence card' },
  { code: 'A', zh: '护照', en: 'Passport' },
  { code: 'B', zh: '户口簿', en: 'Household register booklet' },
  { code: 'C', zh: '港澳台居民居住证', en: 'Residence permit for Hong Kong, Macao and Taiwan residents' },
  { code: 'Z', zh: '其他', en: 'Other' },
] as const satisfies readonly CodeItem[];
export const ID_DOCUMENT_TYPE_CODES = codesOf(ID_DOCUMENT_TYPES);
export type IdDocumentTypeCode = (typeof ID_DOCUMENT_TYPE_CODES)[number];

// GB/T 3304 (中国各民族名称的罗马字母拼写法和代码); English names are the usual ones, not
// the standard's romanizations.
export const ETHNICITIES = [
  { code: '01', zh: '汉族', en: 'Han' },
  { code: '02', zh: '蒙古族', en: 'Mongolian' },
  { code: '03', zh: '回族', en: 'Hui' },
  { code: '04', zh: '藏族', en: 'Tibetan' },
  { code: '05', zh: '维吾尔族', en: 'Uyghur' },
  { code: '06', zh: '苗族', en: 'Miao' },
  { code: '07', zh: '彝族', en: 'Yi' },
  { code: '08', zh: '壮族', en: 'Zhuang' },
  { code: '09', zh: '布依族', en: 'Bouyei' },
  { code: '10', zh: '朝鲜族', en: 'Korean' },
  { code: '11', zh: '满族', en: 'Manchu' },
  { code: '12', zh: '侗族', en: 'Dong' },
  { code: '13', zh: '瑶族', en: 'Yao' },
  { code: '14', zh: '白族', en: 'Bai' },
  { code: '15', zh: '土家族', en: 'Tujia' },
  { code: '16', zh: '哈尼族', en: 'Hani' },
  { code: '17', zh: '哈萨克族', en: 'Kazakh' },
  { code: '18', zh: '傣族', en: 'Dai' },
  { code: '19', zh: '黎族', en: 'Li' },
  { code: '20', zh: '傈僳族', en: 'Lisu' },
  { code: '21', zh: '佤族', en: 'Wa' },
  { code: '22', zh: '畲族', en: 'She' },
  { code: '23', zh: '高山族', en: 'Gaoshan' },
  { code: '24', zh: '拉祜族', en: 'Lahu' },
  { code: '25', zh: '水族', en: 'Sui' },
  { code: '26', zh: '东乡族', en: 'Dongxiang' },
  { code: '27', zh: '纳西族', en: 'Naxi' },
  { code: '28', zh: '景颇族', en: 'Jingpo' },
  { code: '29', zh: '柯尔克孜族', en: 'Kyrgyz' },
  { code: '30', zh: '土族', en: 'Tu' },
  { code: '31', zh: '达斡尔族', en: 'Daur' },
  { code: '32', zh: '仫佬族', en: 'Mulao' },
  { code: '33', zh: '羌族', en: 'Qiang' },
  { code: '34', zh: '布朗族', en: 'Blang' },
  { code: '35', zh: '撒拉族', en: 'Salar' },
  { code: '36', zh: '毛南族', en: 'Maonan' },
  { code: '37', zh: '仡佬族', en: 'Gelao' },
  { code: '38', zh: '锡伯族', en: 'Xibe' },
  { code: '39', zh: '阿昌族', en: 'Achang' },
  { code: '40', zh: '普米族', en: 'Pumi' },
  { code: '41', zh: '塔吉克族', en: 'Tajik' },
  { code: '42', zh: '怒族', en: 'Nu' },
  { code: '43', zh: '乌孜别克族', en: 'Uzbek' },
  { code: '44', zh: '俄罗斯族', en: 'Russian' },
  { code: '45', zh: '鄂温克族', en: 'Evenki' },
  { code: '46', zh: '德昂族', en: "De'ang" },
  { code: '47', zh: '保安族', en: 'Bonan' },
  { code: '48', zh: '裕固族', en: 'Yugur' },
  { code: '49', zh: '京族', en: 'Gin' },
  { code: '50', zh: '塔塔尔族', en: 'Tatar' },
  { code: '51', zh: '独龙族', en: 'Derung' },
  { code: '52', zh: '鄂伦春族', en: 'Oroqen' },
  { code: '53', zh: '赫哲族', en: 'Hezhen' },
  { code: '54', zh: '门巴族', en: 'Monba' },
  { code: '55', zh: '珞巴族', en: 'Lhoba' },
  { code: '56', zh: '基诺族', en: 'Jino' },
  { code: '97', zh: '其他', en: 'Other' },
  { code: '98', zh: '外国血统中国籍人士', en: 'Chinese citizen of foreign origin' },
] as const satisfies readonly CodeItem[];
export const ETHNICITY_CODES = codesOf(ETHNICITIES);
export type EthnicityCode = (typeof ETHNICITY_CODES)[number];

// 户口性质. The student form defines 1 and 2. Since the 2014 household-registration reform many
// provinces issue a unified 居民户口; its code '3' is this system's assumption, not a
// confirmed registry code — map it before exporting to the registry.
export const HUKOU_NATURE = [
  { code: '1', zh: '农业户口', en: 'Agricultural hukou' },
  { code: '2', zh: '非农业户口', en: 'Non-agricultural hukou' },
  { code: '3', zh: '居民户口', en: 'Unified resident hukou' },
] as const satisfies readonly CodeItem[];
export const HUKOU_NATURE_CODES = codesOf(HUKOU_NATURE);
export type HukouNatureCode = (typeof HUKOU_NATURE_CODES)[number];

// 健康状况, GB/T 2261.3 top-level codes. Some registry templates print them as 10/20/30/60;
// codeFromNameOrCode accepts those too.
export const HEALTH_STATUS = [
  { code: '1', zh: '健康或良好', en: 'Healthy or good' },
  { code: '2', zh: '一般或较弱', en: 'Fair or weak' },
  { code: '3', zh: '有慢性病', en: 'Chronic illness' },
  { code: '6', zh: '残疾', en: 'Disability' },
] as const satisfies readonly CodeItem[];
export const HEALTH_STATUS_CODES = codesOf(HEALTH_STATUS);
export type HealthStatusCode = (typeof HEALTH_STATUS_CODES)[number];

// 是否留守儿童.
export const LEFT_BEHIND_STATUS = [
  { code: '0', zh: '非留守儿童', en: 'Not left behind' },
  { code: '1', zh: '单亲外出务工', en: 'One parent working away' },
  { code: '2', zh: '双亲外出务工', en: 'Both parents working away' },
] as const satisfies readonly CodeItem[];
export const LEFT_BEHIND_STATUS_CODES = codesOf(LEFT_BEHIND_STATUS);
export type LeftBehindStatusCode = (typeof LEFT_BEHIND_STATUS_CODES)[number];

// 残疾人类型: categories 1–7 as in GB/T 26341; 0 and 8 are the student form's additions.
export const DISABILITY_TYPES = [
  { code: '0', zh: '无残疾', en: 'No disability' },
  { code: '1', zh: '视力残疾', en: 'Visual disability' },
  { code: '2', zh: '听力残疾', en: 'Hearing disability' },
  { code: '3', zh: '言语残疾', en: 'Speech disability' },
  { code: '4', zh: '肢体残疾', en: 'Physical disability' },
  { code: '5', zh: '智力残疾', en: 'Intellectual disability' },
  { code: '6', zh: '精神残疾', en: 'Psychosocial disability' },
  { code: '7', zh: '多重残疾', en: 'Multiple disabilities' },
  { code: '8', zh: '其他残疾', en: 'Other disability' },
] as const satisfies readonly CodeItem[];
export const DISABILITY_TYPE_CODES = codesOf(DISABILITY_TYPES);
export type DisabilityTypeCode = (typeof DISABILITY_TYPE_CODES)[number];

// 残疾等级: level 1 is the most severe.
export const DISABILITY_LEVELS = [
  { code: '1', zh: '一级', en: 'Level 1 (most severe)' },
  { code: '2', zh: '二级', en: 'Level 2' },
  { code: '3', zh: '三级', en: 'Level 3' },
  { code: '4', zh: '四级', en: 'Level 4 (mildest)' },
] as const satisfies readonly CodeItem[];
export const DISABILITY_LEVEL_CODES = codesOf(DISABILITY_LEVELS);
export type DisabilityLevelCode = (typeof DISABILITY_LEVEL_CODES)[number];

// 就读方式. The registry codes them 1 走读 / 2 住校; codeFromNameOrCode maps those here.
export const BOARDING = [
  { code: 'day', zh: '走读', en: 'Day pupil' },
  { code: 'boarding', zh: '住校', en: 'Boarder' },
] as const satisfies readonly CodeItem[];
export const BOARDING_CODES = codesOf(BOARDING);
export type BoardingCode = (typeof BOARDING_CODES)[number];

export const GUARDIAN_RELATIONS = [
  { code: 'father', zh: '父亲', en: 'Father' },
  { code: 'mother', zh: '母亲', en: 'Mother' },
  { code: 'grandfather', zh: '祖父', en: 'Paternal grandfather' },
  { code: 'grandmother', zh: '祖母', en: 'Paternal grandmother' },
  { code: 'maternal_grandfather', zh: '外祖父', en: 'Maternal grandfather' },
  { code: 'maternal_grandmother', zh: '外祖母', en: 'Maternal grandmother' },
  { code: 'sibling', zh: '兄弟姐妹', en: 'Sibling' },
  { code: 'other_relative', zh: '其他亲属', en: 'Other relative' },
  { code: 'entrusted', zh: '委托监护人', en: 'Entrusted guardian' },
  { code: 'other', zh: '其他', en: 'Other' },
] as const satisfies readonly CodeItem[];
export const GUARDIAN_RELATION_CODES = codesOf(GUARDIAN_RELATIONS);
export type GuardianRelationCode = (typeof GUARDIAN_RELATION_CODES)[number];

export const SCHOOL_TYPES = [
  { code: 'primary', zh: '小学', en: 'Primary school' },
  { code: 'junior_middle', zh: '初级中学', en: 'Junior middle school' },
  { code: 'nine_year', zh: '九年一贯制学校', en: 'Nine-year school' },
  { code: 'special_education', zh: '特殊教育学校', en: 'Special education school' },
  { code: 'teaching_point', zh: '教学点', en: 'Teaching point' },
] as const satisfies readonly CodeItem[];
export const SCHOOL_TYPE_CODES = codesOf(SCHOOL_TYPES);
export type SchoolTypeCode = (typeof SCHOOL_TYPE_CODES)[number];

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

const GRADES_BY_SCHOOL_TYPE: Record<SchoolTypeCode, readonly number[]> = {
  primary: range(1, 6),
  junior_middle: range(7, 9),
  nine_year: range(1, 9),
  special_education: range(1, 9),
  // Teaching points are small village sites for the lower grades; older pupils move to the
  // central school.
  teaching_point: range(1, 4),
};

export function gradesOfSchoolType(type: SchoolTypeCode): number[] {
  return [...GRADES_BY_SCHOOL_TYPE[type]];
}

export function codeLabel(
  list: readonly CodeItem[],
  code: string | null | undefined,
  lang: 'zh' | 'en' = 'zh',
): string | null {
  if (code == null) return null;
  const item = list.find((entry) => entry.code === code);
  return item ? item[lang] : null;
}

// Alternative spellings seen in registry templates and bureau spreadsheets, per list.
const ALIASES = new Map<readonly CodeItem[], Record<string, string>>([
  [HEALTH_STATUS, { '10': '1', '20': '2', '30': '3', '60': '6', 健康: '1', 良好: '1', 一般: '2', 较弱: '2' }],
  [BOARDING, { '1': 'day', '2': 'boarding', 住宿: 'boarding', 寄宿: 'boarding' }],
  [LEFT_BEHIND_STATUS, { 否: '0', 单亲留守儿童: '1', 双亲留守儿童: '2' }],
  [ID_DOCUMENT_TYPES, { 身份证: '1', 二代身份证: '1', 户口本: 'B' }],
  [
    GUARDIAN_RELATIONS,
    {
      爸爸: 'father',
      妈妈: 'mother',
      爷爷: 'grandfather',
      奶奶: 'grandmother',
      外公: 'maternal_grandfather',
      外婆: 'maternal_grandmother',
    },
  ],
  [ETHNICITIES, { 穿青人: '97' }],
]);

type Index = Map<string, string>;
const indexes = new WeakMap<readonly CodeItem[], Index>();

function clean(input: string): string {
  return input
    .normalize('NFKC')
    .replace(/[\s\u200B-\u200D\uFEFF]/g, '')
    .toLowerCase();
}

function indexOf(list: readonly CodeItem[]): Index {
  const cached = indexes.get(list);
  if (cached) return cached;
  const index: Index = new Map();
  // First entry wins, and codes go in first, so a code always beats a label that happens to
  // look like another code.
  const add = (key: string, code: string) => {
    const k = clean(key);
    if (k !== '' && !index.has(k)) index.set(k, code);
  };
  for (const item of list) add(item.code, item.code);
  for (const item of list) {
    add(item.zh, item.code);
    add(item.en, item.code);
    // "汉" for "汉族": spreadsheets often drop the suffix.
    if (item.zh.endsWith('族')) add(item.zh.slice(0, -1), item.code);
  }
  for (const [alias, code] of Object.entries(ALIASES.get(list) ?? {})) add(alias, code);
  indexes.set(list, index);
  return index;
}

/**
 * Reads a code from an import cell that may hold the code ('01'), the name ('汉族'), both
 * ('01-汉族', '1 居民身份证') or a code whose leading zero a spreadsheet ate (1 → '01').
 * Null when nothing matches or the two halves of a combined cell disagree.
 */
export function codeFromNameOrCode<L extends readonly CodeItem[]>(
  list: L,
  input: string | number | null | undefined,
): L[number]['code'] | null {
  if (input == null) return null;
  const index = indexOf(list);
  const value = clean(String(input));
  if (value === '') return null;

  const direct = index.get(value);
  if (direct !== undefined) return direct;

  const codeWidth = list[0]?.code.length ?? 0;
  if (/^\d+$/.test(value) && value.length < codeWidth) {
    const padded = index.get(value.padStart(codeWidth, '0'));
    if (padded !== undefined) return padded;
  }

  const combined = /^([0-9a-z]+)[-_:：、.．)）]?(.+)$/.exec(value);
  if (combined?.[1] !== undefined && combined[2] !== undefined) {
    const byCode = index.get(combined[1]);
    const byName = index.get(combined[2]);
    if (byCode !== undefined && byCode === byName) return byCode;
  }
  return null;
}
