// Uploads waiting to be imported and the imports running in the background, kept in this process's
// memory: the page uploads, previews, maps, then starts the import and polls its progress. Both
// expire an hour after their last use; an upload's temporary directory goes with it.

import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream } from 'node:stream/web';
import { AppError } from '../../errors.ts';
import { logger } from '../../logger.ts';
import type { ImportResult } from './service.ts';

const TTL_MS = 60 * 60 * 1000;

export type Upload = {
  id: string;
  userId: number;
  dir: string;
  path: string;
  fileName: string;
  expiresAt: number;
};

export type Job = {
  id: string;
  userId: number;
  state: 'running' | 'done' | 'failed';
  rowsRead: number;
  result?: Omit<ImportResult, 'rejectedFile'>;
  error?: { code: string; message: string };
  expiresAt: number;
};

const uploads = new Map<string, Upload>();
const jobs = new Map<string, Job>();

function sweep(now: number): void {
  for (const [id, upload] of uploads) {
    if (upload.expiresAt > now) continue;
    uploads.delete(id);
    void rm(upload.dir, { recursive: true, force: true });
  }
  for (const [id, job] of jobs) if (job.state !== 'running' && job.expiresAt <= now) jobs.delete(id);
}

/** Stores an uploaded file under a private temporary directory, keeping its extension for the reader. */
export async function saveUpload(file: File, userId: number): Promise<Upload> {
  sweep(Date.now());
  const dir = await mkdtemp(join(tmpdir(), 'nol-upload-'));
  const extension = extname(file.name)
    .toLowerCase()
    .replace(/[^.a-z0-9]/g, '');
  const path = join(dir, `upload${extension}`);
  try {
    await pipeline(Readable.fromWeb(file.stream() as ReadableStream), createWriteStream(path));
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const upload = { id: randomUUID(), userId, dir, path, fileName: file.name, expiresAt: Date.now() + TTL_MS };
  uploads.set(upload.id, upload);
  return upload;
}

export async function discardUpload(upload: Upload): Promise<void> {
  uploads.delete(upload.id);
  await rm(upload.dir, { recursive: true, force: true });
}

/** The user's own upload; another user's is as absent as an expired one. */
export function findUpload(id: string, userId: number): Upload {
  sweep(Date.now());
  const upload = uploads.get(id);
  if (!upload || upload.userId !== userId) {
    throw new AppError('not_found', '上传的文件不存在或已过期（保留 1 小时），请重新上传');
  }
  upload.expiresAt = Date.now() + TTL_MS;
  return upload;
}

/** Starts `work` in the background; its progress and outcome are read with findJob. */
export function startJob(
  userId: number,
  work: (onProgress: (rowsRead: number) => void) => Promise<ImportResult>,
): Job {
  sweep(Date.now());
  const job: Job = {
    id: randomUUID(),
    userId,
    state: 'running',
    rowsRead: 0,
    expiresAt: Date.now() + TTL_MS,
  };
  jobs.set(job.id, job);
  work((rows) => {
    job.rowsRead = rows;
  }).then(
    ({ rejectedFile: _, ...result }) => {
      Object.assign(job, { state: 'done', result, rowsRead: result.read, expiresAt: Date.now() + TTL_MS });
    },
    (error: unknown) => {
      const known = error instanceof AppError;
      if (!known)
        logger.error(
          { err: { message: (error as Error).message, stack: (error as Error).stack } },
          'import failed',
        );
      Object.assign(job, {
        state: 'failed',
        error: known
          ? { code: error.code, message: error.message }
          : { code: 'internal', message: '导入失败：服务器内部错误，请稍后再试' },
        expiresAt: Date.now() + TTL_MS,
      });
    },
  );
  return job;
}

export function findJob(id: string, userId: number): Job {
  sweep(Date.now());
  const job = jobs.get(id);
  if (!job || job.userId !== userId) throw new AppError('not_found', '导入任务不存在或已过期');
  return job;
}
