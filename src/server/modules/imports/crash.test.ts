import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { adminUrl } from '../../../../tests/support/constants.ts';
import { type Database, openPglite, openPostgres } from '../../db/connection.ts';
import { openConfigured } from '../../db/open.ts';
import { csv, residentId, writeText } from './testLists.ts';

// One process, not the tsx wrapper and a child: SIGKILL must hit the process that writes.
const NODE = process.execPath;
const MAIN = ['--import', 'tsx', join(process.cwd(), 'src/server/main.ts')];
const UNIT = '澄江派出所';

function bigList(path: string, rows: number): string {
  const lines = [['姓名', '身份证号', '性别']];
  for (let i = 0; i < rows; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    lines.push([
      `儿童${i}`,
      residentId(`2015${String(1 + (Math.floor(i / 28) % 12)).padStart(2, '0')}${day}`, i % 1000),
      '男',
    ]);
  }
  return writeText(path, csv(lines));
}

function runCli(env: NodeJS.ProcessEnv, args: string[]) {
  const result = spawnSync(NODE, [...MAIN, ...args], { env, encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout.trim()) as Record<string, unknown>;
}

/** Starts an import and kills it with SIGKILL once it has reported reading rows. */
async function killMidImport(env: NodeJS.ProcessEnv, file: string): Promise<string> {
  const writer: ChildProcess = spawn(NODE, [...MAIN, 'import', 'police', file, '--unit', UNIT], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  writer.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  await new Promise<void>((resolve) => {
    writer.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('已读取')) resolve();
    });
    writer.on('exit', () => resolve());
  });
  writer.kill('SIGKILL');
  await new Promise((resolve) => writer.once('close', resolve));
  // The import must not have finished before the kill, or the test proves nothing.
  expect(stdout).toBe('');
  return stderr;
}

async function currentLists(database: Database) {
  const imports = await database.db
    .selectFrom('list_import')
    .select(['id', 'status', 'accepted'])
    .where('issuing_unit', '=', UNIT)
    .orderBy('id')
    .execute();
  const records = await database.db
    .selectFrom('list_record')
    .select(database.db.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { imports, records: Number(records.n) };
}

async function crashScenario(env: NodeJS.ProcessEnv, reopen: () => Promise<Database>) {
  const dir = mkdtempSync(join(tmpdir(), 'nol-import-crash-'));
  try {
    const first = runCli(env, ['import', 'police', bigList(join(dir, 'first.csv'), 3), '--unit', UNIT]);
    expect(first).toEqual({ read: 3, accepted: 3, rejected: 0, rejectedFile: null });
    const stderr = await killMidImport(env, bigList(join(dir, 'second.csv'), 300_000));
    expect(stderr).toContain('已读取');

    const database = await reopen();
    try {
      expect(await currentLists(database)).toEqual({
        imports: [{ id: expect.any(Number), status: 'current', accepted: 3 }],
        records: 3,
      });
    } finally {
      await database.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.runIf(!process.env.DATABASE_URL)('kill -9 mid-import on PGlite', () => {
  it('leaves a database that opens with the previous list still current', { timeout: 180_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'nol-import-pglite-'));
    try {
      const seeded = await openPglite({
        dataDir,
        loadDataDir: new Blob([readFileSync(inject('pgliteSnapshot'))]),
      });
      await seeded.close();
      const env = { ...process.env, NOL_DATA_DIR: dataDir, DATABASE_URL: '' };
      await crashScenario(env, () => openConfigured({ url: undefined, dataDir }, 'import crash test'));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe.runIf(process.env.DATABASE_URL)('kill -9 mid-import on PostgreSQL', () => {
  it('leaves the previous list current', { timeout: 180_000 }, async () => {
    const url = process.env.DATABASE_URL as string;
    const name = `nol_import_crash_${process.pid}`;
    const admin = await openPostgres(adminUrl(url, 'postgres'), 1);
    await admin.execScript(`CREATE DATABASE ${name} TEMPLATE ${inject('pgTemplate')}`);
    try {
      const env = { ...process.env, DATABASE_URL: adminUrl(url, name) };
      await crashScenario(env, () => openPostgres(adminUrl(url, name), 1));
    } finally {
      await admin.execScript(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.close();
    }
  });
});
