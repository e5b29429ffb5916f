import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError, notFound } from '../../errors.ts';
import type { ApiApp, AppEnv } from '../../http/env.ts';
import { actorOf, guardedRoute, idParam } from '../../http/route.ts';
import { locateCounty } from '../policy/index.ts';
import { listImports, rejectedRowsPage } from './history.ts';
import { discardUpload, findJob, findUpload, saveUpload, startJob } from './jobs.ts';
import { importPermissions as p } from './policy.ts';
import { countyCodes, findImport, locateImport } from './queries.ts';
import { rejectedRowsXlsx } from './rejectedFile.ts';
import {
  IdParams,
  ImportBody,
  ImportJob,
  ImportList,
  ImportListQuery,
  JobParams,
  JobStarted,
  ListPreview,
  PreviewForm,
  PreviewQuery,
  RejectedQuery,
  RejectedRows,
} from './schema.ts';
import { importList, previewList } from './service.ts';

/** The one API route whose body may exceed the app's 1 MB limit (app.ts exempts it). */
export const UPLOAD_PATH = '/api/imports/preview';
const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

const json = <T>(schema: T) => ({ 'application/json': { schema } });
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The county named in the query, or the database's only county when none is named. */
async function queryCounty(c: Context<AppEnv>) {
  const db = c.get('deps').db;
  const named = c.req.query('countyCode');
  if (named !== undefined) return locateCounty(db, named);
  const all = await countyCodes(db);
  return all.length === 1 ? locateCounty(db, all[0]) : null;
}

async function bodyCounty(c: Context<AppEnv>) {
  const body = (await c.req.json().catch(() => null)) as { countyCode?: unknown } | null;
  return locateCounty(c.get('deps').db, typeof body?.countyCode === 'string' ? body.countyCode : undefined);
}

const onImport = {
  permission: p['list.read'],
  locate: (c: Context<AppEnv>) => locateImport(c.get('deps').db, idParam(c)),
};

export function registerImportRoutes(app: ApiApp): void {
  app.use(
    UPLOAD_PATH,
    bodyLimit({
      maxSize: MAX_UPLOAD_BYTES,
      onError: () => {
        throw new AppError('payload_too_large', '文件过大（上限 200 MB），请把名单拆分成几个文件分别导入');
      },
    }),
  );

  app.openapi(
    guardedRoute({
      method: 'post',
      path: UPLOAD_PATH,
      tags: ['imports'],
      summary: '上传名单并预览：找到表头，按同义词或上次确认的对应识别各列，返回前 10 行',
      access: { permission: p['list.import'], locate: queryCounty },
      request: {
        query: PreviewQuery,
        body: { content: { 'multipart/form-data': { schema: PreviewForm } }, required: true },
      },
      responses: { 200: { description: 'OK', content: json(ListPreview) } },
    }),
    async (c) => {
      const deps = c.get('deps');
      const form = c.req.valid('form');
      const upload = await saveUpload(form.file, actorOf(c).userId);
      try {
        const preview = await previewList(deps, upload.path, {
          kind: form.kind,
          countyCode: c.req.valid('query').countyCode,
          unit: form.unit,
          encoding: form.encoding,
          fileName: upload.fileName,
        });
        return c.json({ uploadId: upload.id, ...preview }, 200);
      } catch (error) {
        await discardUpload(upload);
        throw error;
      }
    },
  );

  app.openapi(
    guardedRoute({
      method: 'post',
      path: '/api/imports',
      tags: ['imports'],
      summary: '导入已上传的名单（后台运行；用返回的 jobId 查询进度）',
      access: { permission: p['list.import'], locate: bodyCounty },
      request: { body: { content: json(ImportBody), required: true } },
      responses: { 202: { description: 'Started', content: json(JobStarted) } },
    }),
    async (c) => {
      const deps = c.get('deps');
      const actor = actorOf(c);
      const body = c.req.valid('json');
      const upload = findUpload(body.uploadId, actor.userId);
      const job = startJob(actor.userId, (onProgress) =>
        importList(deps, actor, upload.path, {
          kind: body.kind,
          countyCode: body.countyCode,
          unit: body.unit,
          fileName: upload.fileName,
          cutOffDate: body.cutOffDate,
          documentNumber: body.documentNumber,
          mapping: body.mapping,
          onProgress,
        }),
      );
      return c.json({ jobId: job.id }, 202);
    },
  );

  app.openapi(
    guardedRoute({
      method: 'get',
      path: '/api/imports/jobs/{jobId}',
      tags: ['imports'],
      summary: '导入进度与结果',
      access: { permission: p['list.import'] },
      request: { params: JobParams },
      responses: { 200: { description: 'OK', content: json(ImportJob) } },
    }),
    async (c) => {
      const { state, rowsRead, result, error } = findJob(c.req.valid('param').jobId, actorOf(c).userId);
      return c.json({ state, rowsRead, result, error }, 200);
    },
  );

  app.openapi(
    guardedRoute({
      method: 'get',
      path: '/api/imports',
      tags: ['imports'],
      summary: '区县导入过的名单（新的在前）',
      access: {
        permission: p['list.read'],
        locate: (c) => locateCounty(c.get('deps').db, c.req.query('countyCode')),
      },
      request: { query: ImportListQuery },
      responses: { 200: { description: 'OK', content: json(ImportList) } },
    }),
    async (c) => c.json({ imports: await listImports(c.get('deps'), c.req.valid('query').countyCode) }, 200),
  );

  app.openapi(
    guardedRoute({
      method: 'get',
      path: '/api/imports/{id}/rejected',
      tags: ['imports'],
      summary: '一次导入中未导入的行及原因（分页）',
      access: onImport,
      request: { params: IdParams, query: RejectedQuery },
      responses: { 200: { description: 'OK', content: json(RejectedRows) } },
    }),
    async (c) => {
      const { page, pageSize } = c.req.valid('query');
      return c.json(
        await rejectedRowsPage(c.get('deps'), Number(c.req.valid('param').id), page, pageSize),
        200,
      );
    },
  );

  app.openapi(
    guardedRoute({
      method: 'get',
      path: '/api/imports/{id}/rejected.xlsx',
      tags: ['imports'],
      summary: '下载未导入的行（.xlsx：原有各列 + 行号 + 原因），改正后可重新导入',
      access: onImport,
      request: { params: IdParams },
      responses: {
        200: { description: 'xlsx', content: { [XLSX]: { schema: { type: 'string', format: 'binary' } } } },
      },
    }),
    async (c) => {
      const deps = c.get('deps');
      const found = await findImport(deps.db, Number(c.req.valid('param').id));
      if (!found) throw notFound('导入记录');
      const dir = await mkdtemp(join(tmpdir(), 'nol-rejected-'));
      const path = join(dir, 'rejected.xlsx');
      try {
        await rejectedRowsXlsx(deps, found.county_code, found.id, path);
      } catch (error) {
        await rm(dir, { recursive: true, force: true });
        throw error;
      }
      // The file streams from disk and is removed once sent (or the client goes away).
      const stream = createReadStream(path);
      stream.once('close', () => void rm(dir, { recursive: true, force: true }));
      const name = `${found.file_name.replace(/\.[^.]*$/, '')}.rejected.xlsx`;
      return c.body(Readable.toWeb(stream) as ReadableStream, 200, {
        'Content-Type': XLSX,
        'Content-Disposition': `attachment; filename="rejected.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
      });
    },
  );
}
