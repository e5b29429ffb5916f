import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openConfigured } from './open.ts';

// One process, not the tsx wrapper and a child: SIGKILL must hit the process that writes.
const NODE = process.execPath;
const MAIN = ['--import', 'tsx', join(process.cwd(), 'src/server/main.ts')];

describe.runIf(!process.env.DATABASE_URL)('kill -9 of a writing CLI command on PGlite', () => {
  it('leaves a database that opens again and holds what it held before', { timeout: 120_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'nol-crash-'));
    const env = { ...process.env, NOL_DATA_DIR: dataDir, DATABASE_URL: '' };
    try {
      const migrated = spawnSync(NODE, [...MAIN, 'migrate'], { env, encoding: 'utf8' });
      expect(migrated.status, migrated.stderr).toBe(0);

      const writer = spawn(NODE, [...MAIN, 'demo', '--size', 'county', '--seed', '3'], {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      // Kill once the load is under way: after its first progress line, plus a moment of inserts.
      await new Promise<void>((resolve) => {
        writer.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          if (/[\u4e00-\u9fa5a-z]/i.test(stderr) && stderr.split('\n').length > 2) resolve();
        });
        writer.on('exit', () => resolve());
      });
      await new Promise((resolve) => setTimeout(resolve, 1500));
      writer.kill('SIGKILL');
      await new Promise((resolve) => writer.once('exit', resolve).once('close', resolve));

      const reopened = await openConfigured({ url: undefined, dataDir }, 'crash test');
      const counties = await reopened.db.selectFrom('county').select('county_code').execute();
      const children = await reopened.db
        .selectFrom('child')
        .select(reopened.db.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const schools = await reopened.db
        .selectFrom('school')
        .select(reopened.db.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const regions = await reopened.db
        .selectFrom('region')
        .select(reopened.db.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      await reopened.close();
      // The region list from `migrate` survives; the county being loaded is either whole or absent.
      expect(Number(regions.n)).toBeGreaterThan(40_000);
      if (counties.length === 0) {
        expect(Number(children.n)).toBe(0);
        expect(Number(schools.n)).toBe(0);
      } else {
        expect(Number(children.n)).toBeGreaterThan(20_000);
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('a second process refuses to open a data directory in use, with a clear message', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'nol-lock-'));
    try {
      const holder = await openConfigured({ url: undefined, dataDir }, 'test holder');
      const second = spawnSync(NODE, [...MAIN, 'migrate'], {
        env: { ...process.env, NOL_DATA_DIR: dataDir, DATABASE_URL: '' },
        encoding: 'utf8',
      });
      expect(second.status).not.toBe(0);
      expect(second.stderr).toContain('正被进程');
      expect(second.stdout).toBe('');
      await holder.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
