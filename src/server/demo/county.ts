// Reference rows of a demo county: its place names, the ids already used, the departments'
// lists (data_source) and the school calendar.

import { type Kysely, sql } from 'kysely';
import type { SourceDepartmentCode } from '../../domain/index.ts';
import type { DB } from '../db/types.ts';
import { addDays, onOrAfter, onOrBefore } from './dates.ts';
import { type CountyPlace, townshipsFrom } from './plan.ts';

export const IDENTITY_TABLES = [
  'school',
  'school_class',
  'app_user',
  'user_role',
  'data_source',
  'child',
  'guardian',
  'enrollment',
  'group_membership',
  'pairing',
] as const;
type IdentityTable = (typeof IDENTITY_TABLES)[number];

/** The highest id in each table the demo fills: explicit ids continue from there. */
export async function maxIds(db: Kysely<DB>): Promise<Record<IdentityTable, number>> {
  const columns = IDENTITY_TABLES.map((t) => `(select coalesce(max(id), 0) from ${t})::int8 as ${t}`).join(
    ', ',
  );
  const result = await sql<Record<IdentityTable, number>>`select ${sql.raw(columns)}`.execute(db);
  const row = result.rows[0];
  if (!row) throw new Error('max id query returned nothing');
  return Object.fromEntries(IDENTITY_TABLES.map((t) => [t, Number(row[t])])) as Record<IdentityTable, number>;
}

/** The county, its city and province names, and the townships (with villages) that may host schools. */
export async function loadPlace(db: Kysely<DB>, code: string): Promise<CountyPlace> {
  const rows = await db
    .selectFrom('region')
    .select(['code', 'name', 'level', 'parent_code'])
    .where('county_code', '=', code)
    .orderBy('code')
    .execute();
  const names = await db
    .selectFrom('region')
    .select(['code', 'name'])
    .where('code', 'in', [`${code}000000`, `${code.slice(0, 4)}00000000`, `${code.slice(0, 2)}0000000000`])
    .execute();
  const nameOf = (c: string) => names.find((n) => n.code === c)?.name ?? '';
  const place: CountyPlace = {
    code,
    name: nameOf(`${code}000000`),
    cityName: nameOf(`${code.slice(0, 4)}00000000`),
    provinceName: nameOf(`${code.slice(0, 2)}0000000000`),
    townships: townshipsFrom(rows),
  };
  if (!place.name || place.townships.length === 0) {
    throw new Error(
      `行政区划表中没有区县 ${code} 或其乡镇，请先运行 nol migrate / region ${code} or its townships missing`,
    );
  }
  return place;
}

/** One list per department, with the issuing unit, a 文号 and a cut-off date. */
export function dataSources(place: CountyPlace, today: string, adminId: number | null, firstId: number) {
  const year = today.slice(0, 4);
  const abbr = place.name.charAt(0) + (place.name.includes('开发区') ? '开' : '');
  const monthEnd = addDays(`${today.slice(0, 7)}-01`, -1);
  const yesterday = addDays(today, -1);
  const list: Array<[SourceDepartmentCode, string | null, string | null, string, string]> = [
    ['police', `${place.name}公安局`, `${abbr}公〔${year}〕7号`, monthEnd, '户籍人口名单（6—16周岁）'],
    [
      'civil_affairs',
      `${place.name}民政局`,
      `${abbr}民〔${year}〕12号`,
      monthEnd,
      '孤儿、事实无人抚养儿童、低保、特困名单',
    ],
    [
      'disabled_federation',
      `${place.name}残疾人联合会`,
      `${abbr}残联〔${year}〕5号`,
      monthEnd,
      '持证残疾儿童名单',
    ],
    [
      'rural_revitalization',
      `${place.name}乡村振兴局`,
      `${abbr}乡振〔${year}〕9号`,
      monthEnd,
      '脱贫户、监测户家庭学生名单',
    ],
    [
      'education',
      `${place.name}教育体育局`,
      `${abbr}教体〔${year}〕21号`,
      yesterday,
      '学籍系统导出；留守儿童、随迁子女登记',
    ],
    ['school', '各中小学', null, yesterday, '学校上报（单亲家庭、学困生）'],
  ];
  return list.map(([department, unit, documentNumber, cutOff, note], index) => ({
    county_code: place.code,
    id: firstId + index + 1,
    department,
    issuing_unit: unit,
    document_number: documentNumber,
    cut_off_date: cutOff,
    note,
    created_by: adminId,
  }));
}

/** Term 1 from 1 September to mid-January, term 2 from late February to early July. */
export function schoolTerms(countyCode: string, year: number) {
  return [
    {
      county_code: countyCode,
      school_year: year,
      term: 1,
      starts_on: `${year}-09-01`,
      ends_on: onOrBefore(`${year + 1}-01-18`, 5),
    },
    {
      county_code: countyCode,
      school_year: year,
      term: 2,
      starts_on: onOrAfter(`${year + 1}-02-20`, 1),
      ends_on: onOrAfter(`${year + 1}-07-01`, 5),
    },
  ];
}

/** After explicit ids: identity sequences continue past them. */
export async function advanceSequences(db: Kysely<DB>): Promise<void> {
  for (const table of IDENTITY_TABLES) {
    await sql`select setval(pg_get_serial_sequence(${table}, 'id'), (select max(id) from ${sql.table(table)}))`.execute(
      db,
    );
  }
}
