import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, testDeps } from '../../../../tests/support/database.ts';
import { type SignedIn, TestClient } from '../../../../tests/support/http.ts';
import type { Database } from '../../db/connection.ts';
import { csv, residentId, tempDir } from './testLists.ts';

const COUNTY = '341802';
const dir = tempDir();
let database: Database;
let client: TestClient;

beforeAll(async () => {
  database = await freshDatabase();
  client = TestClient.create(testDeps(database));
});
afterAll(async () => {
  await database.close();
  dir.remove();
});

const LIST = csv([
  ['宣州区户籍儿童名单'],
  ['姓名', '身份证号', '性别', '户籍派出所编号'],
  ['张一', residentId('20150101', 601), '男', 'A1'],
  ['李二', '3.41802E+17', '女', 'A2'],
  ['王三', residentId('20150303', 611), '女', 'A3'],
]);

async function upload(session: SignedIn, content: string, fields: Record<string, string>, query = '') {
  const form = new FormData();
  form.set('file', new File([content], '派出所名单.csv', { type: 'text/csv' }));
  for (const [key, value] of Object.entries(fields)) form.set(key, value);
  return client.app.request(`/api/imports/preview${query}`, {
    method: 'POST',
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
    body: form,
  });
}

async function waitForJob(session: SignedIn, jobId: string) {
  for (let i = 0; i < 200; i++) {
    const { status, body } = await client.json<{ state: string; result?: Record<string, number> }>(
      session,
      'GET',
      `/api/imports/jobs/${jobId}`,
    );
    expect(status).toBe(200);
    if (body.state !== 'running') return body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('import job did not finish');
}

describe('importing through the API', () => {
  let importId: number;

  it('previews an upload, imports it with a mapping in the background, and reports progress and result', async () => {
    const admin = await client.signIn('county.admin');
    const response = await upload(admin, LIST, { kind: 'police', unit: '澄江派出所' });
    expect(response.status).toBe(200);
    const preview = (await response.json()) as Record<string, unknown>;
    expect(preview).toMatchObject({
      format: 'csv',
      encoding: 'utf-8',
      headerRow: 2,
      headers: [
        { index: 0, header: '姓名', field: 'name' },
        { index: 1, header: '身份证号', field: 'idNumber' },
        { index: 2, header: '性别', field: 'sex' },
        { index: 3, header: '户籍派出所编号', field: null },
      ],
      unmatched: ['户籍派出所编号'],
      remembered: false,
      refusal: null,
    });
    expect((preview.preview as string[][])[1]).toEqual(['李二', '3.41802E+17', '女', 'A2']);

    const started = await client.json<{ jobId: string }>(admin, 'POST', '/api/imports', {
      uploadId: preview.uploadId,
      kind: 'police',
      countyCode: COUNTY,
      unit: '澄江派出所',
      cutOffDate: '2026-09-01',
      mapping: { 户籍派出所编号: '' },
    });
    expect(started.status).toBe(202);
    const job = await waitForJob(admin, started.body.jobId);
    expect(job).toMatchObject({ state: 'done', rowsRead: 3, result: { read: 3, accepted: 2, rejected: 1 } });
    importId = job.result?.importId as number;

    const again = await upload(admin, LIST, { kind: 'police', unit: '澄江派出所' });
    expect(await again.json()).toMatchObject({ remembered: true });
  });

  it('lists the county’s imports and serves the rejected rows as JSON and as .xlsx', async () => {
    const analyst = await client.signIn('county.analyst');
    const list = await client.json<{ imports: Array<Record<string, unknown>> }>(
      analyst,
      'GET',
      `/api/imports?countyCode=${COUNTY}`,
    );
    expect(list.status).toBe(200);
    expect(list.body.imports[0]).toMatchObject({
      id: importId,
      kind: 'police',
      department: 'police',
      unit: '澄江派出所',
      fileName: '派出所名单.csv',
      status: 'current',
      read: 3,
      accepted: 2,
      rejected: 1,
      cutOffDate: '2026-09-01',
    });

    const rejected = await client.json(analyst, 'GET', `/api/imports/${importId}/rejected`);
    expect(rejected.body).toMatchObject({
      total: 1,
      header: ['姓名', '身份证号', '性别', '户籍派出所编号'],
      rows: [{ rowNumber: 4, listRow: 2, cells: ['李二', '3.41802E+17', '女', 'A2'] }],
    });

    const file = await client.request(analyst, 'GET', `/api/imports/${importId}/rejected.xlsx`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toContain(encodeURIComponent('派出所名单.rejected.xlsx'));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await file.arrayBuffer());
    const sheet = workbook.worksheets[0] as ExcelJS.Worksheet;
    expect((sheet.getRow(2).values as unknown[]).slice(1)).toEqual([
      '李二',
      '3.41802E+17',
      '女',
      'A2',
      4,
      expect.stringContaining('Excel'),
    ]);
  });

  it('reports a file refused as a whole at preview, and a refused import as a failed job', async () => {
    const admin = await client.signIn('county.admin');
    const empty = await upload(admin, '', { kind: 'police' });
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({
      error: { code: 'bad_request', message: expect.stringContaining('文件是空的') },
    });

    const noId = await upload(
      admin,
      csv([
        ['姓名', '性别'],
        ['赵一', '男'],
      ]),
      { kind: 'police' },
    );
    const preview = (await noId.json()) as { uploadId: string; refusal: string };
    expect(preview.refusal).toContain('名单缺少身份证号列');
    const started = await client.json<{ jobId: string }>(admin, 'POST', '/api/imports', {
      uploadId: preview.uploadId,
      kind: 'police',
      countyCode: COUNTY,
    });
    expect(await waitForJob(admin, started.body.jobId)).toMatchObject({
      state: 'failed',
      error: { code: 'bad_request', message: expect.stringContaining('名单缺少身份证号列') },
    });
  });

  it('accepts an upload above the app’s 1 MB body limit', async () => {
    const admin = await client.signIn('county.admin');
    const rows = [['姓名', '身份证号', '备注']];
    for (let i = 0; i < 12_000; i++)
      rows.push([`学生${i}`, residentId('20150101', i % 1000, '341803'), 'x'.repeat(80)]);
    const big = csv(rows);
    expect(Buffer.byteLength(big)).toBeGreaterThan(1024 * 1024);
    const response = await upload(admin, big, { kind: 'police' });
    expect(response.status).toBe(200);
    // Other routes keep the 1 MB limit.
    const other = await client.request(admin, 'POST', '/api/imports', { uploadId: 'x'.repeat(1024 * 1024) });
    expect(other.status).toBe(413);
  });
});

describe('authorization', () => {
  it('a principal cannot import or read imports; an analyst reads but cannot import', async () => {
    const principal = await client.signIn('principal');
    expect((await upload(principal, LIST, { kind: 'police' })).status).toBe(403);
    expect((await client.request(principal, 'GET', `/api/imports?countyCode=${COUNTY}`)).status).toBe(403);

    const analyst = await client.signIn('county.analyst');
    expect((await upload(analyst, LIST, { kind: 'police' })).status).toBe(403);
    const start = await client.request(analyst, 'POST', '/api/imports', {
      uploadId: 'x',
      kind: 'police',
      countyCode: COUNTY,
    });
    expect(start.status).toBe(403);
    expect((await client.request(analyst, 'GET', `/api/imports?countyCode=${COUNTY}`)).status).toBe(200);
  });

  it('another county’s imports and another user’s uploads are as absent as missing ones', async () => {
    const admin = await client.signIn('county.admin');
    expect((await client.request(admin, 'GET', '/api/imports?countyCode=110101')).status).toBe(404);
    expect((await client.request(admin, 'GET', '/api/imports/999999/rejected')).status).toBe(404);
    const preview = (await (await upload(admin, LIST, { kind: 'police' })).json()) as { uploadId: string };
    const other = await client.signIn('city.admin');
    const started = await client.json(other, 'POST', '/api/imports', {
      uploadId: preview.uploadId,
      kind: 'police',
      countyCode: COUNTY,
    });
    expect(started).toMatchObject({ status: 404 });
  });
});
