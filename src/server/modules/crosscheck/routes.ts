import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import type { Context } from 'hono';
import type { ApiApp, AppEnv } from '../../http/env.ts';
import { actorOf, guardedRoute, idParam } from '../../http/route.ts';
import { locateChild } from '../children/index.ts';
import { locateCounty } from '../policy/index.ts';
import { checkSheet } from './checkSheet.ts';
import { crosscheckPermissions as p } from './policy.ts';
import { findRun } from './queries.ts';
import { runCrosscheck } from './run.ts';
import {
  CheckSheetQuery,
  ChildParams,
  CountyQuery,
  FindingPage,
  FindingSummary,
  FindingsQuery,
  Household,
  ReviewDecisionBody,
  ReviewDecisionResult,
  ReviewPage,
  ReviewQuery,
  RunBody,
  RunList,
  RunParams,
  RunSummary,
  VerificationBody,
  VerificationImportForm,
  VerificationImportResult,
  VerificationResult,
} from './schema.ts';
import * as service from './service.ts';
import { importVerifications, recordVerification } from './verification.ts';

const json = <T>(schema: T) => ({ 'application/json': { schema } });
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const countyOfQuery = (c: Context<AppEnv>) => locateCounty(c.get('deps').db, c.req.query('countyCode'));
const countyOfBody = async (c: Context<AppEnv>) => {
  const body = (await c.req.json().catch(() => null)) as { countyCode?: unknown } | null;
  return locateCounty(c.get('deps').db, typeof body?.countyCode === 'string' ? body.countyCode : undefined);
};

export function registerCrosscheckRoutes(app: ApiApp): void {
  app.openapi(
    guardedRoute({
      method: 'post',
      path: '/api/crosscheck/runs',
      tags: ['crosscheck'],
      summary: '运行信息核查比对（本县现行名单 × 全部学籍）',
      access: { permission: p['crosscheck.run'], locate: countyOfBody },
      request: { body: { content: json(RunBody), required: true } },
      responses: { 201: { description: 'Created', content: json(RunSummary) } },
    }),
    async (c) => c.json(await runCrosscheck(c.get('deps'), actorOf(c), c.req.valid('json')), 201),
  );

  app.openapi(
    guardedRoute({
      method: 'get',
      path: '/api/crosscheck/runs',
      tags: ['crosscheck'],
      summary: '本县的比对批次（新的在前）',
      access: { permission: p['crosscheck.run'], locate: countyOfQuery },
      request: { query: CountyQuery },
      responses: { 200: { description: 'OK', content: json(RunList) } },
    }),
    async (c) => c.json(await service.listRuns(c.get('deps'), c.req.valid('query').countyCode), 200),
  );

  app.openapi(
    guardedRoute({
      method: 'get',
      path: '/api/crosscheck/review',
      tags: ['crosscheck'],
      summary: '待人工复核的关联：名单记录与学籍并排，不一致的字段标出',
      access: { permission: p['crosscheck.review'], locate: countyOfQuery },
      request: { query: ReviewQuery },
      responses: { 200: { description: 'OK', content: json(ReviewPage) } },
    }),
    async (c) => c.json(await service.reviewQueue(c.get('deps'), c.req.valid('query')), 200),
  );

  app.openapi(
    guardedRoute({
      method: 'post',
      path: '/api/crosscheck/review/decision',
      tags: ['crosscheck'],
      summary: '复核结论：确认、否决或跳过（确认与否决会在以后的比对中沿用）',
      access: { permission: p['crosscheck.review'], locate: countyOfBody },
      request: { body: { content: json(ReviewDecisionBody), required: true } },
      responses: { 200: { description: 'OK', content: json(ReviewDecisionResult) } },
    }),
    async (c) => c.json(await service.decideReview(c.get('deps'), actorOf(c), c.req.valid('json')), 200),
  );

  app.openapi(
    guardedRoute({
      method: 'get',
      path: '/api/crosscheck/findings',
      tags: ['crosscheck'],
      summary: '最近一次比对的发现（乡镇只看本乡镇，学校只看本校学生）',
      access: { permission: p['crosscheck.findings'] },
      request: { query: FindingsQuery },
      responses: { 200: { description: 'OK', content: json(FindingPage) } },
    }),
    async (c) =>
      c.json(await service.listFindings(c.get('deps'), c.get('grants'), c.req.valid('query')), 200),
  );

  app.openapi(
    guardedRoute({
      method: 'get',
      path: '/api/crosscheck/findings/summary',
      tags: ['crosscheck'],
      summary: '发现按类型和乡镇汇总，含核查进度',
      access: { permission: p['crosscheck.findings'] },
      request: { query: CountyQuery },
      responses: { 200: { description: 'OK', content: json(FindingSummary) } },
    }),
    async (c) =>
      c.json(
        await service.findingSummary(c.get('deps'), c.get('grants'), c.req.valid('query').countyCode),
        200,
      ),
  );

  app.openapi(
    guardedRoute({
      method: 'post',
      path: '/api/crosscheck/verifications',
      tags: ['crosscheck'],
      summary: '登记入户核查结果（失学辍学将开启待办的劝返复学个案）',
      access: { permission: p['crosscheck.verify'] },
      request: { body: { content: json(VerificationBody), required: true } },
      responses: { 201: { description: 'Created', content: json(VerificationResult) } },
    }),
    async (c) => c.json(await recordVerification(c.get('deps'), actorOf(c), c.req.valid('json')), 201),
  );

  app.openapi(
    guardedRoute({
      method: 'post',
      path: '/api/crosscheck/verifications/import',
      tags: ['crosscheck'],
      summary: '批量上传核查结果（身份证号/姓名/核查结果/就读学校/证明/备注）',
      access: { permission: p['crosscheck.verify'] },
      request: {
        body: { content: { 'multipart/form-data': { schema: VerificationImportForm } }, required: true },
      },
      responses: { 200: { description: 'OK', content: json(VerificationImportResult) } },
    }),
    async (c) => {
      const form = c.req.valid('form');
      const dir = await mkdtemp(join(tmpdir(), 'nol-verify-'));
      try {
        const path = join(dir, `upload${extname(form.file.name).toLowerCase()}`);
        await writeFile(path, Buffer.from(await form.file.arrayBuffer()));
        return c.json(await importVerifications(c.get('deps'), actorOf(c), form.countyCode, path), 200);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );

  app.openapi(
    guardedRoute({
      method: 'get',
      path: '/api/crosscheck/{runId}/check-sheet.xlsx',
      tags: ['crosscheck'],
      summary: '打印核查表（按乡镇，可限定村/社区），入户核查用',
      access: {
        permission: p['crosscheck.verify'],
        locate: async (c) => {
          const runId = idParam(c, 'runId');
          const run = runId === null ? undefined : await findRun(c.get('deps').db, runId);
          const township = c.req.query('township') ?? null;
          return run
            ? {
                countyCode: run.county_code,
                regionCode: township,
                schoolId: null,
                classId: null,
                helperUserIds: [],
              }
            : null;
        },
      },
      request: { params: RunParams, query: CheckSheetQuery },
      responses: {
        200: { description: 'xlsx', content: { [XLSX]: { schema: { type: 'string', format: 'binary' } } } },
      },
    }),
    async (c) => {
      const { township, village } = c.req.valid('query');
      const sheet = await checkSheet(c.get('deps'), actorOf(c), {
        runId: Number(c.req.valid('param').runId),
        township,
        village,
      });
      return c.body(new Uint8Array(sheet.body), 200, {
        'Content-Type': XLSX,
        'Content-Disposition': `attachment; filename="check-sheet.xlsx"; filename*=UTF-8''${encodeURIComponent(sheet.fileName)}`,
      });
    },
  );

  app.openapi(
    guardedRoute({
      method: 'get',
      path: '/api/children/{id}/household',
      tags: ['crosscheck'],
      summary: '儿童的户籍及各部门名单记录（各区县最近一次比对的关联）',
      access: {
        permission: p['crosscheck.household'],
        locate: (c) => locateChild(c.get('deps').db, idParam(c)),
      },
      request: { params: ChildParams },
      responses: { 200: { description: 'OK', content: json(Household) } },
    }),
    async (c) => {
      const deps = c.get('deps');
      const id = Number(c.req.valid('param').id);
      const location = await locateChild(deps.db, id);
      return c.json(await service.childHousehold(deps, { countyCode: location?.countyCode ?? '', id }), 200);
    },
  );
}
