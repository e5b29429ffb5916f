// The benchmark's synthetic city: the linkage generator's registry and corrupted police list with
// known truth, widened to what a real household list holds (adults with old 15-digit IDs,
// cancelled registrations), plus the three small departmental lists, written as real files.

import { closeSync, openSync, writeSync } from 'node:fs';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { expectedGrade, idCheckDigit, parseIdNumber, schoolAgeStatus } from '../../src/domain/index.ts';
import {
  type CorruptionType,
  generateLinkageData,
  type LinkageTruth,
  type LinkRecord,
} from '../../src/domain/linkage/index.ts';

export const COUNTY = '341802';

/** Labels beyond the generator's own, counted per type like its corruptions. */
export type BenchLabel = CorruptionType | 'adult' | 'cancelled';

export type BenchData = {
  registry: LinkRecord[];
  /** The registry key's student number, as the registry export writes it. */
  studentNumbers: string[];
  police: LinkRecord[];
  policeStatus: Map<number, 'cancelled'>;
  truth: LinkageTruth;
  /** Police list keys (= list_row) of school-age people enrolled nowhere, hukou normal. */
  notEnrolled: Set<number>;
  small: Record<'poverty' | 'disabled' | 'civil', Array<LinkRecord & { group: string }>>;
};

function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The birth date a list-only person really has, undoing the generator's date corruptions. */
function trueBirthDate(record: LinkRecord, labels: readonly string[]): string | null {
  const date = record.birthDate;
  if (date && labels.includes('swapped_date'))
    return `${date.slice(0, 4)}-${date.slice(8)}-${date.slice(5, 7)}`;
  if (date) return date;
  const parsed = record.idNumber ? parseIdNumber(record.idNumber) : null;
  return parsed?.ok ? parsed.birthDate : null;
}

export function generateCity(options: {
  seed: number;
  registrySize: number;
  asOf: string;
  /** Real village codes of the county: the generator's synthetic places are mapped onto them. */
  villages: readonly string[];
}): BenchData {
  const random = rng(options.seed ^ 0x5bd1e995);
  const int = (n: number) => Math.floor(random() * n);
  // listOnlyShare 0.1 plus adults at 5 % of the registry gives ≈1.12 list rows per child, the
  // issue's 450k police rows for a 400k registry.
  const data = generateLinkageData({
    seed: options.seed,
    registrySize: options.registrySize,
    listOnlyShare: 0.1,
  });
  const villageOf = new Map<string, string>();
  const place = (code: string | null | undefined) => {
    if (!code) return code ?? null;
    let village = villageOf.get(code);
    if (village === undefined) {
      village = options.villages[villageOf.size % options.villages.length] as string;
      villageOf.set(code, village);
    }
    return village;
  };
  const registry = data.registry.map((r) => ({ ...r, regionCode: place(r.regionCode) }));
  const police: LinkRecord[] = data.list.map((r) => ({ ...r, regionCode: place(r.regionCode) }));
  const truth = data.truth;
  const studentNumbers = registry.map((r) =>
    r.idNumber ? `G${r.idNumber}` : `L${COUNTY}${String(r.key).padStart(8, '0')}`,
  );

  // Parents and other adults on the same household pages; older ones still carry 15-digit IDs.
  const adults = Math.round(options.registrySize * 0.05);
  const surnames = registry.slice(0, 5000).map((r) => [...r.name][0] ?? '王');
  const givens = registry.slice(0, 5000).flatMap((r) => [...r.name].slice(1));
  for (let i = 0; i < adults; i++) {
    const year = 1965 + int(26);
    const date = `${year}-${String(1 + int(12)).padStart(2, '0')}-${String(1 + int(28)).padStart(2, '0')}`;
    const sex = random() < 0.5 ? '1' : '2';
    // The sequence's last digit is odd for men, even for women.
    const seq = String(int(100) * 10 + int(5) * 2 + (sex === '1' ? 1 : 0)).padStart(3, '0');
    const region = `3418${String(2 + int(20)).padStart(2, '0')}`;
    const yymmdd = date.slice(2).replaceAll('-', '');
    const first17 = `${region}19${yymmdd}${seq}`;
    const idNumber = random() < 0.6 ? `${region}${yymmdd}${seq}` : first17 + idCheckDigit(first17);
    const name = (surnames[int(surnames.length)] ?? '王') + (givens[int(givens.length)] ?? '强');
    const key = police.length + 1;
    police.push({ key, idNumber, name, sex, birthDate: date, regionCode: place(`${region}001001`) });
    truth.registryKeyOf.set(key, null);
    truth.labels.set(key, ['adult' as CorruptionType]);
  }
  // Adults appended at the end would sit together: shuffle them in, renumbering keys and truth.
  for (let i = police.length - 1; i > 0; i--) {
    const j = int(i + 1);
    [police[i], police[j]] = [police[j] as LinkRecord, police[i] as LinkRecord];
  }
  const registryKeyOf = new Map<number, number | string | null>();
  const labels = new Map<number, CorruptionType[]>();
  police.forEach((r, i) => {
    const oldKey = r.key;
    r.key = i + 1;
    registryKeyOf.set(r.key, truth.registryKeyOf.get(oldKey) ?? null);
    const l = truth.labels.get(oldKey);
    if (l) labels.set(r.key, [...l]);
  });
  truth.registryKeyOf = registryKeyOf;
  truth.labels = labels;

  // Cancelled registrations: a few enrolled children (hukou_cancelled findings) and a few of the
  // people enrolled nowhere (who are then not to be reported as not enrolled).
  const policeStatus = new Map<number, 'cancelled'>();
  const notEnrolled = new Set<number>();
  for (const r of police) {
    const key = r.key as number;
    const child = registryKeyOf.get(key);
    const own = labels.get(key) ?? [];
    if (random() < (child === null ? 0.01 : 0.003)) {
      policeStatus.set(key, 'cancelled');
      labels.set(key, [...own, 'cancelled' as CorruptionType]);
      continue;
    }
    if (child !== null) continue;
    const birth = trueBirthDate(r, own);
    if (birth && schoolAgeStatus(birth, options.asOf) === 'school_age') notEnrolled.add(key);
  }

  // Departmental lists: registry children named in a special group, plus a few the registry
  // lacks; lightly corrupted (a missing ID, a Traditional name would need the generator's tables).
  const scale = options.registrySize / 400_000;
  const smallList = (size: number, groups: readonly string[]) => {
    const rows: Array<LinkRecord & { group: string }> = [];
    for (let i = 0; i < size; i++) {
      const child = registry[int(registry.length)] as LinkRecord;
      const group = groups[int(groups.length)] as string;
      const idNumber = random() < 0.01 || !child.idNumber ? null : child.idNumber;
      rows.push({ ...child, key: i + 1, idNumber, group });
    }
    // Dedupe by ID: the importer rejects a second row with one ID, as a department's list would not have it.
    const seen = new Set<string>();
    return rows
      .filter((r) => r.idNumber === null || (!seen.has(r.idNumber) && seen.add(r.idNumber)))
      .map((r, i) => ({ ...r, key: i + 1 }));
  };
  const small = {
    poverty: smallList(Math.round(20_000 * scale), ['脱贫户', '监测户', '脱贫户']),
    disabled: smallList(Math.round(5_000 * scale), ['肢体残疾', '智力残疾', '视力残疾', '听力残疾']),
    civil: smallList(Math.round(8_000 * scale), ['孤儿', '事实无人抚养儿童', '低保', '特困']),
  };
  return { registry, studentNumbers, police, policeStatus, truth, notEnrolled, small };
}

// ---------------------------------------------------------------------------------------------
// Files

const field = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

/** Writes rows as CSV in 1 MB chunks, encoded once per chunk (GB18030 via iconv-lite). */
export function writeCsv(
  path: string,
  header: readonly string[],
  rows: Iterable<readonly string[]>,
  encoding: 'utf8' | 'utf8bom' | 'gb18030',
): void {
  const fd = openSync(path, 'w');
  const flush = (text: string) => {
    writeSync(fd, encoding === 'gb18030' ? iconv.encode(text, 'gb18030') : Buffer.from(text, 'utf8'));
  };
  let chunk = `${encoding === 'utf8bom' ? '\ufeff' : ''}${header.join(',')}\r\n`;
  for (const row of rows) {
    chunk += `${row.map(field).join(',')}\r\n`;
    if (chunk.length > 1 << 20) {
      flush(chunk);
      chunk = '';
    }
  }
  flush(chunk);
  closeSync(fd);
}

export async function writeXlsx(
  path: string,
  title: string,
  header: readonly string[],
  rows: Iterable<readonly string[]>,
): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false });
  const sheet = workbook.addWorksheet('Sheet1');
  // A title row above the header, as departments' exports have.
  sheet.addRow([title]).commit();
  sheet.addRow([...header]).commit();
  for (const row of rows) sheet.addRow([...row]).commit();
  sheet.commit();
  await workbook.commit();
}

const SEX = { '1': '男', '2': '女' } as const;
const sexText = (sex: LinkRecord['sex']) => (sex ? SEX[sex] : '');

/** Dates in the forms clerks type, so the importer's date parsing is part of what is timed. */
function dateText(date: string | null, i: number): string {
  if (!date) return '';
  switch (i % 10) {
    case 0:
      return date.replaceAll('-', '');
    case 1:
      return `${Number(date.slice(0, 4))}年${Number(date.slice(5, 7))}月${Number(date.slice(8))}日`;
    case 2:
      return date.replaceAll('-', '.');
    default:
      return date;
  }
}

export const STUDENT_HEADER = [
  '全国学籍号',
  '姓名',
  '性别',
  '出生日期',
  '民族',
  '身份证件类型',
  '身份证件号',
  '户口所在地',
  '学校标识码',
  '学校名称',
  '学校所在地',
  '年级',
  '班级',
  '就读方式',
];

/** The registry export: about 1,000 children a school, 45 a class, schools spread over townships. */
export function* studentRows(data: BenchData, asOf: string, townships: readonly string[]) {
  const schools = Math.max(1, Math.round(data.registry.length / 1000));
  for (const [i, child] of data.registry.entries()) {
    const school = i % schools;
    const grade = Math.min(9, Math.max(1, expectedGrade(child.birthDate as string, asOf)));
    const classNumber = 1 + (Math.floor(i / schools) % 3);
    yield [
      data.studentNumbers[i] as string,
      child.name,
      sexText(child.sex),
      child.birthDate ?? '',
      '01',
      child.idNumber ? '1' : 'Z',
      child.idNumber ?? '',
      child.regionCode ?? '',
      `1${COUNTY}${String(school + 1).padStart(3, '0')}`,
      `宣州区第${school + 1}学校`,
      townships[school % townships.length] as string,
      `${grade}年级`,
      `(${classNumber})班`,
      '走读',
    ];
  }
}

export const POLICE_HEADER = [
  '公民身份号码',
  '姓名',
  '性别',
  '出生日期',
  '户籍地行政区划代码',
  '户口状态',
  '派出所',
];

/** `copy` > 0 makes a distinct population of the same shape (another city prefix) for the RSS runs. */
export function* policeRows(data: BenchData, copy = 0) {
  const prefix = copy === 0 ? null : String(3418 - copy * 7);
  for (const r of data.police) {
    let id = r.idNumber ?? '';
    if (prefix && id.length >= 15) {
      id = prefix + id.slice(4);
      // A transposition may have moved the X inward: such an ID stays as invalid as it was.
      if (id.length === 18 && /^\d{17}/.test(id)) id = id.slice(0, 17) + idCheckDigit(id.slice(0, 17));
    }
    const key = r.key as number;
    yield [
      id,
      r.name,
      sexText(r.sex),
      dateText(r.birthDate, key),
      r.regionCode ?? '',
      data.policeStatus.get(key) === 'cancelled' ? '注销' : '正常',
      `宣州区第${1 + (key % 9)}派出所`,
    ];
  }
}

export const SMALL_HEADER = {
  poverty: ['身份证号', '姓名', '性别', '出生日期', '户类型'],
  disabled: ['身份证号码', '姓名', '性别', '出生日期', '残疾类别', '残疾等级'],
  civil: ['公民身份号码', '儿童姓名', '性别', '出生日期', '儿童类别'],
} as const;

export function* smallRows(data: BenchData, kind: 'poverty' | 'disabled' | 'civil') {
  for (const r of data.small[kind]) {
    const base = [r.idNumber ?? '', r.name, sexText(r.sex), dateText(r.birthDate, r.key as number)];
    yield kind === 'disabled' ? [...base, r.group, `${1 + ((r.key as number) % 4)}级`] : [...base, r.group];
  }
}
