import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, testDeps } from '../../../../tests/support/database.ts';
import { type SignedIn, TestClient } from '../../../../tests/support/http.ts';
import { SYSTEM_ACTOR } from '../../auth/actor.ts';
import type { Database } from '../../db/connection.ts';
import type { Deps } from '../../deps.ts';
import { promoteAutoLink } from './queries.ts';
import { runCrosscheck } from './run.ts';
import { type Scenario, SHUIYANG_TOWNSHIP, seedScenario, XILIN_TOWNSHIP } from './testLists.ts';
import { importVerifications } from './verification.ts';

const COUNTY = '341802';
let database: Database;
let deps: Deps;
let client: TestClient;
let scenario: Scenario;
let runId: number;
const sessions: Record<string, SignedIn> = {};

type Finding = {
  id: number;
  code: string;
  schoolId: number | null;
  townshipCode: string | null;
  idNumber: string | null;
};
type Page<T> = { runId: number | null; total: number; items: T[] };

beforeAll(async () => {
  database = await freshDatabase();
  deps = testDeps(database);
  client = TestClient.create(deps);
  scenario = await seedScenario(database.db);
  for (const name of ['county.admin', 'county.analyst', 'township.official', 'principal', 'teacher']) {
    sessions[name] = await client.signIn(name);
  }
  const created = await client.json<{ runId: number; counts: Record<string, number> }>(
    sessions['county.admin'] as SignedIn,
    'POST',
    '/api/crosscheck/runs',
    { countyCode: COUNTY, asOf: '2026-11-23' },
  );
  expect(created.status).toBe(201);
  expect(created.body.counts.not_enrolled).toBe(2);
  runId = created.body.runId;
});
afterAll(async () => {
  await database.close();
});

const findings = (user: string, query = '') =>
  client.json<Page<Finding>>(
    sessions[user] as SignedIn,
    'GET',
    `/api/crosscheck/findings?countyCode=${COUNTY}&pageSize=200${query}`,
  );

describe('who sees which findings', () => {
  it('the bureau sees every finding of the county, IDs masked', async () => {
    const { status, body } = await findings('county.admin');
    expect(status).toBe(200);
    expect(body.total).toBe(10);
    expect(body.items.every((f) => !f.idNumber || f.idNumber.includes('********'))).toBe(true);
    expect((await findings('county.analyst')).body.total).toBe(10);
  });

  it('a township official sees only findings placed in the township', async () => {
    const { body } = await findings('township.official');
    expect(body.total).toBeGreaterThan(0);
    expect(body.items.every((f) => f.townshipCode === XILIN_TOWNSHIP)).toBe(true);
    expect(body.items.some((f) => f.code === 'not_enrolled')).toBe(true);
    const other = await findings('township.official', `&township=${SHUIYANG_TOWNSHIP}`);
    expect(other.body.total).toBe(0);
  });

  it('a principal sees only the findings about the school’s own students', async () => {
    const principal = await database.db
      .selectFrom('user_role as r')
      .innerJoin('app_user as u', 'u.id', 'r.user_id')
      .select('r.school_id')
      .where('u.username', '=', 'principal')
      .executeTakeFirstOrThrow();
    const { status, body } = await findings('principal');
    expect(status).toBe(200);
    expect(body.total).toBeGreaterThan(0);
    expect(body.items.every((f) => f.schoolId === principal.school_id)).toBe(true);
    expect(body.items.some((f) => f.code === 'not_enrolled')).toBe(false);
    const all = (await findings('county.admin')).body.items.filter((f) => f.schoolId === principal.school_id);
    expect(body.total).toBe(all.length);
  });

  it('a homeroom teacher may neither read findings nor run the cross-check', async () => {
    expect((await findings('teacher')).status).toBe(403);
    const run = await client.request(sessions.teacher as SignedIn, 'POST', '/api/crosscheck/runs', {
      countyCode: COUNTY,
    });
    expect(run.status).toBe(403);
    const byAnalyst = await client.request(
      sessions['county.analyst'] as SignedIn,
      'POST',
      '/api/crosscheck/runs',
      {
        countyCode: COUNTY,
      },
    );
    expect(byAnalyst.status).toBe(403);
  });
});

describe('review queue', () => {
  it('shows both records side by side and stores the decision', async () => {
    const key = {
      countyCode: COUNTY,
      runId,
      importId: scenario.policeImport,
      listRow: scenario.rows.mismatch,
    };
    expect(await promoteAutoLink(database.db, key)).toBe(true);
    await database.db
      .updateTable('list_link')
      .set({ decision: 'review', reasons: ['exact_id', 'name_exact', 'birth_date_exact', 'sex_differs'] })
      .where('run_id', '=', runId)
      .where('import_id', '=', scenario.policeImport)
      .where('list_row', '=', scenario.rows.mismatch)
      .execute();
    const admin = sessions['county.admin'] as SignedIn;
    const { status, body } = await client.json<Page<Record<string, unknown>>>(
      admin,
      'GET',
      `/api/crosscheck/review?countyCode=${COUNTY}`,
    );
    expect(status).toBe(200);
    expect(body.total).toBe(1);
    expect(body.items[0]).toMatchObject({
      listRow: scenario.rows.mismatch,
      kind: 'police',
      differing: ['sex'],
      listRecord: { name: scenario.mismatch.name },
      child: { childId: scenario.mismatch.id, name: scenario.mismatch.name },
    });
    expect(body.items[0]?.reasons).toContainEqual({ code: 'sex_differs', label: '性别不同' });
    const decided = await client.json(admin, 'POST', '/api/crosscheck/review/decision', {
      countyCode: COUNTY,
      runId,
      importId: scenario.policeImport,
      listRow: scenario.rows.mismatch,
      childId: scenario.mismatch.id,
      decision: 'confirm',
    });
    expect(decided).toMatchObject({ status: 200, body: { stored: true, remaining: 0 } });
    const stored = await database.db.selectFrom('review_decision').selectAll().execute();
    expect(stored).toMatchObject([{ child_id: scenario.mismatch.id, decision: 'confirmed' }]);
    const principal = await client.request(
      sessions.principal as SignedIn,
      'GET',
      `/api/crosscheck/review?countyCode=${COUNTY}`,
    );
    expect(principal.status).toBe(403);
  });
});

describe('township verification', () => {
  it('an out-of-school outcome opens a pending return case; another township’s child is not found', async () => {
    const township = sessions['township.official'] as SignedIn;
    const notEnrolled = (await findings('county.admin', '&code=not_enrolled')).body.items;
    const xilin = notEnrolled.find((f) => f.townshipCode === XILIN_TOWNSHIP) as Finding;
    const shuiyang = notEnrolled.find((f) => f.townshipCode === SHUIYANG_TOWNSHIP) as Finding;
    const saved = await client.json<{ verificationId: number; returnCaseId: number | null }>(
      township,
      'POST',
      '/api/crosscheck/verifications',
      { countyCode: COUNTY, findingId: xilin.id, outcome: 'out_of_school', note: '在家务农' },
    );
    expect(saved.status).toBe(201);
    expect(saved.body.returnCaseId).not.toBeNull();
    const cases = await database.db.selectFrom('return_case_pending').selectAll().execute();
    expect(cases).toMatchObject([
      { subject_key: scenario.notEnrolledIds[0], name: '陆小川', township_code: XILIN_TOWNSHIP },
    ]);
    const elsewhere = await client.request(township, 'POST', '/api/crosscheck/verifications', {
      countyCode: COUNTY,
      findingId: shuiyang.id,
      outcome: 'deceased',
    });
    expect(elsewhere.status).toBe(404);
    const principal = await client.request(
      sessions.principal as SignedIn,
      'POST',
      '/api/crosscheck/verifications',
      {
        countyCode: COUNTY,
        findingId: xilin.id,
        outcome: 'deceased',
      },
    );
    expect(principal.status).toBe(403);

    const summary = await client.json<{
      rows: Array<{
        code: string;
        townshipCode: string;
        verified: Record<string, number>;
        unverified: number;
      }>;
    }>(sessions['county.admin'] as SignedIn, 'GET', `/api/crosscheck/findings/summary?countyCode=${COUNTY}`);
    expect(summary.body.rows).toContainEqual(
      expect.objectContaining({
        code: 'not_enrolled',
        townshipCode: XILIN_TOWNSHIP,
        unverified: 0,
        verified: { out_of_school: 1 },
      }),
    );
  });

  it('imports a filled-in check sheet, rejecting rows it cannot use, and the next run leaves the child out', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nol-verify-test-'));
    try {
      const file = join(dir, 'outcomes.csv');
      await writeFile(
        file,
        [
          '身份证号,姓名,核查结果,就读学校,证明,备注',
          `${scenario.notEnrolledIds[1]},韦思琪,在外地就读,杭州市某小学,学籍证明,`,
          `${scenario.notEnrolledIds[0]},陆小川,去向不明,,,`,
          '110101201501010011,某人,死亡,,,',
        ].join('\n'),
      );
      const result = await importVerifications(deps, SYSTEM_ACTOR, COUNTY, file);
      expect(result).toMatchObject({ read: 3, accepted: 1, rejected: 2 });
      expect(result.rejectedRows.map((r) => r.listRow)).toEqual([2, 3]);
      expect(result.rejectedRows[0]?.reason).toMatch(/无法识别/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const next = await runCrosscheck(deps, SYSTEM_ACTOR, { countyCode: COUNTY, asOf: '2026-11-23' });
    // 韦思琪 studies elsewhere; 陆小川 is out of school and stays a finding.
    expect(next.counts).toMatchObject({ not_enrolled: 1, verifiedExcluded: 1 });
  });
});

describe('check sheet and household', () => {
  it('prints the township’s sheet, landscape A4 with the header row repeated, IDs masked', async () => {
    const response = await client.request(
      sessions['township.official'] as SignedIn,
      'GET',
      `/api/crosscheck/${runId}/check-sheet.xlsx?township=${XILIN_TOWNSHIP}`,
    );
    expect(response.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const sheet = workbook.worksheets[0] as ExcelJS.Worksheet;
    expect(sheet.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, printTitlesRow: '1:2' });
    expect(sheet.getRow(2).values).toEqual([
      undefined,
      '序号',
      '姓名',
      '性别',
      '出生日期',
      '身份证号',
      '户籍地址',
      '核查结果',
      '核查人签字',
      '日期',
    ]);
    expect(sheet.getRow(3).getCell(2).value).toBe('陆小川');
    expect(String(sheet.getRow(3).getCell(5).value)).toMatch(/^341802\*{8}\d{3}[\dX]$/);
    const other = await client.request(
      sessions['township.official'] as SignedIn,
      'GET',
      `/api/crosscheck/${runId}/check-sheet.xlsx?township=${SHUIYANG_TOWNSHIP}`,
    );
    expect(other.status).toBe(404);
  });

  it('shows a child’s linked list records on the child page', async () => {
    const child = scenario.groupUnknown[0];
    const { status, body } = await client.json<{ items: Array<{ kind: string; listRow: number }> }>(
      sessions['county.admin'] as SignedIn,
      'GET',
      `/api/children/${child?.id}/household`,
    );
    expect(status).toBe(200);
    expect(body.items.map((i) => i.kind).sort()).toEqual(['disabled', 'police']);
  });
});
