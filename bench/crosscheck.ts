/**
 * bench/crosscheck: the yearly check of a city (issue 5). From a seed: a registry export of ≈400k
 * children and a police list of ≈450k rows with known truth (bench/crosscheck/data.ts), plus the
 * poverty, disabled and civil lists; each imported with the real service and timed against the
 * reference (bench/crosscheck/reference.ts); then the cross-check, the quality of its stored links
 * and not_enrolled findings against the truth, and the police import's peak RSS at 1×, 2×, 4×.
 *   node_modules/.bin/tsx bench/crosscheck.ts [--seed 1] [--size city|county] [--skip-rss]
 * DATABASE_URL set → PostgreSQL (an empty database), else a temporary PGlite data directory.
 * Prints one JSON line (stdout); progress goes to stderr.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { evaluateLinks, type Link, type LinkageQuality } from '../src/domain/linkage/index.ts';
import { SYSTEM_ACTOR } from '../src/server/auth/actor.ts';
import { type Database, openPglite, openPostgres } from '../src/server/db/connection.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { loadCountyVillages } from '../src/server/db/regions.ts';
import { DEFAULT_SETTINGS, type Deps } from '../src/server/deps.ts';
import { runCrosscheck } from '../src/server/modules/crosscheck/index.ts';
import { importList, type ListKind } from '../src/server/modules/imports/index.ts';
import { ensureCountyPolicy } from '../src/server/modules/policy/index.ts';
import {
  type BenchData,
  COUNTY,
  generateCity,
  POLICE_HEADER,
  policeRows,
  SMALL_HEADER,
  STUDENT_HEADER,
  smallRows,
  studentRows,
  writeCsv,
  writeXlsx,
} from './crosscheck/data.ts';
import { referenceImport, storedLinks } from './crosscheck/reference.ts';
import { machine } from './machine.ts';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    size: { type: 'string', default: 'city' },
    'skip-rss': { type: 'boolean', default: false },
  },
});
const seed = Number(values.seed);
const size = values.size as 'city' | 'county';
if (size !== 'city' && size !== 'county') throw new Error('--size is city or county');
const registrySize = size === 'city' ? 400_000 : 30_000;
/** The generator's registry is of school age in autumn 2024. */
const AS_OF = '2024-11-01';
const log = (message: string) => process.stderr.write(`${message}\n`);
const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;
const load = () => loadavg().map((v) => round(v, 2));

const workDir = mkdtempSync(join(tmpdir(), 'nol-bench-cc-'));
const url = process.env.DATABASE_URL;

/** Migrated, with the county, its villages and its policy: what `nol import` expects to find. */
async function prepare(database: Database): Promise<void> {
  await migrate(database);
  await loadCountyVillages(database.db, COUNTY);
  await database.db
    .insertInto('county')
    .values({ county_code: COUNTY, region_code: `${COUNTY}000000`, name: '宣州区教体局' })
    .onConflict((oc) => oc.column('county_code').doNothing())
    .execute();
  await ensureCountyPolicy(database.db, COUNTY);
}

const database = url ? await openPostgres(url, 4) : await openPglite({ dataDir: join(workDir, 'db') });
await prepare(database);
const deps: Deps = {
  db: database.db,
  kind: database.kind,
  now: () => new Date(),
  settings: DEFAULT_SETTINGS,
};
const places = await database.db
  .selectFrom('region')
  .select(['code', 'level'])
  .where('county_code', '=', COUNTY)
  .where('level', 'in', ['township', 'village'])
  .orderBy('code')
  .execute();
const villages = places.filter((p) => p.level === 'village').map((p) => p.code);
const townships = places.filter((p) => p.level === 'township').map((p) => p.code);

// ---------------------------------------------------------------------------------------------
// Data and files (not timed as part of the check)

let started = performance.now();
const data: BenchData = generateCity({ seed, registrySize, asOf: AS_OF, villages });
const files = {
  students: join(workDir, '学籍导出.csv'),
  police: join(workDir, '户籍人口名单.csv'),
  poverty: join(workDir, '脱贫监测户学生.csv'),
  disabled: join(workDir, '残疾儿童名单.xlsx'),
  civil: join(workDir, '困境儿童名单.csv'),
} satisfies Record<ListKind, string>;
writeCsv(files.students, STUDENT_HEADER, studentRows(data, AS_OF, townships), 'utf8');
writeCsv(files.police, POLICE_HEADER, policeRows(data), 'gb18030');
writeCsv(files.poverty, SMALL_HEADER.poverty, smallRows(data, 'poverty'), 'utf8bom');
writeCsv(files.civil, SMALL_HEADER.civil, smallRows(data, 'civil'), 'utf8');
await writeXlsx(
  files.disabled,
  '持证残疾儿童名单（截至2024年10月31日）',
  SMALL_HEADER.disabled,
  smallRows(data, 'disabled'),
);
log(
  `generated ${data.registry.length} children, ${data.police.length} police rows in ${round((performance.now() - started) / 1000, 1)} s`,
);

// ---------------------------------------------------------------------------------------------
// Imports, each beside its reference

const imports: Record<string, unknown> = {};
let checkSeconds = 0;
for (const kind of ['students', 'police', 'poverty', 'disabled', 'civil'] as const) {
  const file = files[kind];
  const loadBefore = load();
  started = performance.now();
  const result = await importList(deps, SYSTEM_ACTOR, file, {
    kind,
    unit: kind === 'police' ? '宣州区公安分局' : undefined,
    cutOffDate: '2024-10-31',
  });
  const seconds = (performance.now() - started) / 1000;
  checkSeconds += seconds;
  const reference = await referenceImport(database.db, file, kind === 'police' ? 'gb18030' : 'utf-8');
  imports[kind] = {
    file: file.slice(file.lastIndexOf('.') + 1),
    encoding: kind === 'police' ? 'gb18030' : 'utf-8',
    mib: round(statSync(file).size / 2 ** 20, 1),
    read: result.read,
    accepted: result.accepted,
    rejected: result.rejected,
    seconds: round(seconds, 2),
    referenceSeconds: round(reference.seconds, 2),
    referenceReadSeconds: round(reference.readSeconds, 2),
    referenceInsertSeconds: round(reference.insertSeconds, 2),
    ratio: round(seconds / reference.seconds, 2),
    loadAvg: loadBefore,
  };
  log(`${kind}: ${JSON.stringify(imports[kind])}`);
}

// ---------------------------------------------------------------------------------------------
// The cross-check, then its stored links and findings against the truth

const loadBeforeCheck = load();
started = performance.now();
const run = await runCrosscheck(deps, SYSTEM_ACTOR, { countyCode: COUNTY, asOf: AS_OF });
const crosscheckSeconds = (performance.now() - started) / 1000;
checkSeconds += crosscheckSeconds;
log(`crosscheck: ${round(crosscheckSeconds, 2)} s, ${JSON.stringify(run.counts)}`);

const keyOfStudent = new Map(data.studentNumbers.map((n, i) => [n, data.registry[i]?.key as number]));
const policeImport = await database.db
  .selectFrom('list_import')
  .select('id')
  .where('county_code', '=', COUNTY)
  .where('kind', '=', 'police')
  .where('status', '=', 'current')
  .executeTakeFirstOrThrow();
const stored = await storedLinks(database, run.runId, policeImport.id);
const asLink = (listRow: number, studentNumber: string | null, score: number, decision: string): Link => ({
  listKey: listRow,
  registryKey: keyOfStudent.get(studentNumber ?? '') ?? -1,
  score,
  decision: decision as Link['decision'],
  reasons: [],
});
const engineLinks = stored.map((l) => asLink(l.list_row, l.student_number, l.score, l.decision));
// The baseline: the same stored, normalised rows joined on the ID number alone.
const exactRows = await database.db
  .selectFrom('list_record as r')
  .innerJoin('child as c', 'c.id_number', 'r.id_number')
  .select(['r.list_row', 'c.student_number'])
  .where('r.county_code', '=', COUNTY)
  .where('r.import_id', '=', policeImport.id)
  .where('c.ended_at', 'is', null)
  .execute();
const exactLinks = exactRows.map((l) => asLink(l.list_row, l.student_number, 1, 'auto'));

function quality(q: LinkageQuality) {
  const f = (x: number | null) => (x === null ? null : round(x, 5));
  return {
    precision: f(q.precision),
    recall: f(q.recall),
    f1: f(q.f1),
    links: q.links,
    reviewLinks: q.reviewLinks,
    reviewShare: round(q.reviewShare, 5),
    byLabel: Object.fromEntries(
      Object.entries(q.byLabel).map(([label, v]) => [
        label,
        {
          records: v?.records,
          precision: f(v?.precision ?? null),
          recall: f(v?.recall ?? null),
          f1: f(v?.f1 ?? null),
        },
      ]),
    ),
  };
}
const engineQuality = quality(evaluateLinks(engineLinks, data.truth));
const exactQuality = quality(evaluateLinks(exactLinks, data.truth));

const notEnrolledRows = await database.db
  .selectFrom('finding')
  .select('list_row')
  .where('county_code', '=', COUNTY)
  .where('run_id', '=', run.runId)
  .where('code', '=', 'not_enrolled')
  .where('import_id', '=', policeImport.id)
  .execute();
const reported = new Set(notEnrolledRows.map((r) => r.list_row as number));
let truePositives = 0;
// Where the misses come from: the planted labels of wrongly reported and of missed rows.
const tally = (into: Record<string, number>, row: number) => {
  const labels = data.truth.labels.get(row) ?? [];
  const linked = data.truth.registryKeyOf.get(row) === null ? 'notInRegistry' : 'inRegistry';
  for (const label of labels.length > 0 ? labels : ['clean']) {
    into[`${linked}:${label}`] = (into[`${linked}:${label}`] ?? 0) + 1;
  }
};
const falsePositives: Record<string, number> = {};
const falseNegatives: Record<string, number> = {};
for (const row of reported) {
  if (data.notEnrolled.has(row)) truePositives++;
  else tally(falsePositives, row);
}
for (const row of data.notEnrolled) if (!reported.has(row)) tally(falseNegatives, row);
const notEnrolled = {
  planted: data.notEnrolled.size,
  reported: reported.size,
  precision: round(reported.size === 0 ? 0 : truePositives / reported.size, 5),
  recall: round(data.notEnrolled.size === 0 ? 0 : truePositives / data.notEnrolled.size, 5),
  falsePositives,
  falseNegatives,
};
log(
  `quality: F1 ${engineQuality.f1} (exact-ID ${exactQuality.f1}), not_enrolled ${JSON.stringify(notEnrolled)}`,
);
await database.close();

// ---------------------------------------------------------------------------------------------
// Peak RSS of the police import at 1×, 2×, 4× the file, each in a fresh process and PGlite copy

const rss: Array<Record<string, unknown>> = [];
if (!values['skip-rss']) {
  const template = join(workDir, 'template');
  const prepared = await openPglite({ dataDir: template });
  await prepare(prepared);
  await prepared.close();
  for (const factor of [1, 2, 4]) {
    const file = join(workDir, `police-${factor}x.csv`);
    const copies = Array.from({ length: factor }, (_, c) => c);
    writeCsv(
      file,
      POLICE_HEADER,
      (function* () {
        for (const c of copies) yield* policeRows(data, c);
      })(),
      'gb18030',
    );
    const dir = join(workDir, `rss-${factor}`);
    cpSync(template, dir, { recursive: true });
    const loadBefore = load();
    const output = execFileSync(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'crosscheck', 'rssChild.ts'), dir, file],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 },
    );
    const figures = {
      factor,
      mib: round(statSync(file).size / 2 ** 20, 1),
      ...JSON.parse(output),
      loadAvg: loadBefore,
    };
    rss.push(figures);
    log(`rss: ${JSON.stringify(figures)}`);
    rmSync(dir, { recursive: true, force: true });
    rmSync(file, { force: true });
  }
}

process.stdout.write(
  `${JSON.stringify({
    bench: 'crosscheck',
    database: database.kind,
    size,
    seed,
    registry: data.registry.length,
    policeRows: data.police.length,
    asOf: AS_OF,
    imports,
    crosscheck: {
      seconds: round(crosscheckSeconds, 2),
      elapsedMs: run.elapsedMs,
      counts: run.counts,
      loadAvg: loadBeforeCheck,
    },
    linkage: { engine: engineQuality, exactIdBaseline: exactQuality },
    notEnrolled,
    peakRss: rss,
    yearlyCheckSeconds: round(checkSeconds, 1),
    goals: {
      linkF1: 0.998,
      reviewShare: 0.005,
      notEnrolledPrecision: 0.98,
      notEnrolledRecall: 0.995,
      crosscheckSeconds: 3,
      importRatio: 1.5,
      yearlyCheckSeconds: 60,
      peakRssMiB: 1024,
    },
    loadAvgAtEnd: load(),
    machine: machine(),
  })}\n`,
);
rmSync(workDir, { recursive: true, force: true });
