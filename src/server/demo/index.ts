// Synthetic demo data (合成演示数据): a county or a whole city of schools, classes, children with
// valid-looking ID numbers, guardians, special groups and users — deterministic from a seed,
// with no real personal data. Each county loads in its own transaction.

import { type Kysely, sql } from 'kysely';
import { type Role, requireIsoDate, schoolYearOf } from '../../domain/index.ts';
import { hashPassword } from '../auth/password.ts';
import type { DB } from '../db/types.ts';
import { loadDemoAttendance } from './attendance.ts';
import type { Origin } from './children.ts';
import { loadCounty } from './loadCounty.ts';
import { PinyinCache } from './names.ts';
import { FIRST_COUNTY } from './users.ts';

export interface DemoOptions {
  seed: number;
  size: 'county' | 'city' | 'tiny';
  /** YYYY-MM-DD: fixes the school year, ages and validity dates. */
  today: string;
  onProgress?: (message: string) => void;
}

export interface DemoReport {
  counties: string[];
  schools: number;
  classes: number;
  children: number;
  users: number;
  elapsedMs: number;
}

export const DEMO_PASSWORD = 'Demo2026pass';

// Pupils per county for `city` (≈400k for 宣城市); `county` loads 宣州区 with ≈30k.
const CITY_TARGETS: Record<string, number> = {
  '341802': 90_000,
  '341821': 50_000,
  '341823': 42_000,
  '341824': 28_000,
  '341825': 20_000,
  '341871': 25_000,
  '341881': 65_000,
  '341882': 80_000,
};
const COUNTY_TARGET = 30_000;

// Counties many migrant families come from (their hukou stays there).
const ORIGIN_COUNTIES = [
  '341221',
  '341222',
  '341623',
  '341321',
  '340421',
  '341182',
  '340822',
  '411528',
  '411526',
];

async function countiesFor(db: Kysely<DB>, size: DemoOptions['size']): Promise<string[]> {
  if (size !== 'city') return [FIRST_COUNTY];
  const rows = await db
    .selectFrom('region')
    .select('code')
    .where('level', '=', 'county')
    .where('parent_code', '=', `${FIRST_COUNTY.slice(0, 4)}00000000`)
    .orderBy('code')
    .execute();
  return rows.map((r) => r.code.slice(0, 6));
}

async function refuseLoaded(db: Kysely<DB>, counties: string[]): Promise<void> {
  const children = await db
    .selectFrom('child')
    .select('county_code')
    .where('county_code', 'in', counties)
    .limit(1)
    .executeTakeFirst();
  if (children) {
    throw new Error(
      `区县 ${children.county_code} 已有儿童数据，演示数据不会覆盖或混入真实数据，已取消。` +
        ` / County ${children.county_code} already has children; demo data is only loaded into an empty county.`,
    );
  }
  const school = await db
    .selectFrom('school')
    .select('county_code')
    .where('county_code', 'in', counties)
    .limit(1)
    .executeTakeFirst();
  if (school) {
    throw new Error(
      `区县 ${school.county_code} 已有学校，演示数据只能载入空区县，已取消。` +
        ` / County ${school.county_code} already has schools; demo data is only loaded into an empty county.`,
    );
  }
}

async function referenceData(
  db: Kysely<DB>,
  province: string,
): Promise<{ otherCounties: string[]; origins: Origin[] }> {
  const counties = await db
    .selectFrom('region')
    .select('code')
    .where('level', '=', 'county')
    .where('code', 'like', `${province}%`)
    .orderBy('code')
    .execute();
  // Development zones (xx71–xx79) never issue ID numbers.
  const otherCounties = counties.map((c) => c.code.slice(0, 6)).filter((c) => Number(c.slice(4, 6)) < 70);
  const origins = await sql<Origin>`
    select t.code, c.name || t.name as label
    from region t join region c on c.code = t.parent_code
    where t.level = 'township' and t.county_code in (${sql.join(ORIGIN_COUNTIES)})
      and substring(t.code from 7 for 3)::int < 400
    order by t.code`.execute(db);
  return { otherCounties, origins: origins.rows };
}

/**
 * Loads the demo: `tiny` (宣州区, 3 schools, ~300 children, for tests), `county` (宣州区, ≈30k
 * children) or `city` (宣城市's 8 counties, ≈400k). Refuses when a target county already has
 * children or schools. The same seed and `today` give the same rows in a fresh database.
 */
export function loadDemo(db: Kysely<DB>, options: DemoOptions): Promise<DemoReport> {
  return loadDemoWith(db, options, {});
}

/** loadDemo with switches for tests: `rowByRowChecks` keeps per-row foreign-key triggers on. */
export async function loadDemoWith(
  db: Kysely<DB>,
  options: DemoOptions,
  internal: { rowByRowChecks?: boolean },
): Promise<DemoReport> {
  const started = Date.now();
  requireIsoDate(options.today, '演示数据的当天日期');
  if (!Number.isInteger(options.seed))
    throw new Error(`种子须为整数 / seed must be an integer: ${options.seed}`);
  if (!['county', 'city', 'tiny'].includes(options.size)) {
    throw new Error(`规模只能是 county、city 或 tiny / size must be county, city or tiny: ${options.size}`);
  }
  const progress = options.onProgress ?? (() => {});
  const counties = await countiesFor(db, options.size);
  if (counties.length === 0) throw new Error('行政区划表为空，请先运行 nol migrate / run nol migrate first');
  await refuseLoaded(db, counties);

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const { otherCounties, origins } = await referenceData(db, FIRST_COUNTY.slice(0, 2));
  const used = new Set<string>();
  const pinyin = new PinyinCache();
  const report: DemoReport = { counties, schools: 0, classes: 0, children: 0, users: 0, elapsedMs: 0 };
  for (const code of counties) {
    progress(`正在生成演示区县 ${code}（合成数据）/ loading demo county ${code}`);
    const result = await db.transaction().execute((trx) =>
      loadCounty(trx, {
        seed: options.seed,
        code,
        tiny: options.size === 'tiny',
        targetChildren: options.size === 'city' ? (CITY_TARGETS[code] ?? 40_000) : COUNTY_TARGET,
        today: options.today,
        schoolYear: schoolYearOf(options.today),
        passwordHash,
        otherCounties,
        origins,
        used,
        pinyin,
        progress,
        rowByRowChecks: internal.rowByRowChecks,
      }),
    );
    report.schools += result.schools;
    report.classes += result.classes;
    report.children += result.children;
    report.users += result.users;
  }
  if (options.size === 'county') {
    // The city demo is for benchmarks, which write their own history; tests use the tiny one.
    for (const code of counties) {
      const attendance = await db
        .transaction()
        .execute((trx) => loadDemoAttendance(trx, code, options.today, options.seed));
      progress(
        `考勤 / attendance: ${attendance.rollCalls} 次点名，${attendance.absences} 条缺勤，${attendance.tasks} 个处置任务`,
      );
    }
  }
  // PGlite runs no autovacuum: without fresh statistics the planner guesses, and a search over
  // 400k children takes a sequential scan.
  await sql`analyze`.execute(db);
  report.elapsedMs = Date.now() - started;
  progress(
    `演示数据已载入 / demo loaded: ${report.children} 名儿童, ${report.schools} 所学校, ${report.elapsedMs} ms`,
  );
  return report;
}

/** The accounts to print at start: one per role, in the first county (宣州区). Password: DEMO_PASSWORD. */
export function demoSignIns(): Array<{ username: string; role: Role; scope: string }> {
  return [
    { username: 'county.admin', role: 'bureau_admin', scope: '宣州区教体局 管理员（全区）' },
    { username: 'county.analyst', role: 'bureau_analyst', scope: '宣州区教体局 分析员（全区，只读）' },
    { username: 'township.official', role: 'township_official', scope: '宣州区 西林街道' },
    { username: 'principal', role: 'principal', scope: '宣州区西林小学 校长' },
    { username: 'deputy', role: 'deputy_head', scope: '宣州区西林小学 分管副校长' },
    { username: 'teacher', role: 'homeroom_teacher', scope: '宣州区西林小学 一年级（1）班 班主任' },
    { username: 'helper', role: 'helper_teacher', scope: '包保教师：宣州区西林小学 5 名结对儿童' },
    { username: 'expert', role: 'expert_committee', scope: '宣州区残疾人教育专家委员会' },
    { username: 'auditor', role: 'auditor', scope: '宣州区 审计（只看日志）' },
    { username: 'sysadmin', role: 'system_admin', scope: '系统管理员（账号与设置）' },
  ];
}
