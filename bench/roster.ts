/**
 * bench/roster: generate and load the city demo (≈400k children), then measure children search and
 * a school's children list over HTTP on the running server. Prints one JSON line (stdout).
 *   node_modules/.bin/tsx bench/roster.ts [--size city|county] [--requests 500] [--concurrency 4]
 * DATABASE_URL set → PostgreSQL (an empty database), else a temporary PGlite data directory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import { createApp } from '../src/server/app.ts';
import { openPglite, openPostgres } from '../src/server/db/connection.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { DEMO_PASSWORD, loadDemo } from '../src/server/demo/index.ts';
import { DEFAULT_SETTINGS } from '../src/server/deps.ts';
import { machine, percentile } from './machine.ts';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: 'city' },
    requests: { type: 'string', default: '500' },
    concurrency: { type: 'string', default: '4' },
  },
});
const size = values.size as 'city' | 'county';
const requests = Number(values.requests);
const concurrency = Number(values.concurrency);
const log = (message: string) => process.stderr.write(`${message}\n`);

const url = process.env.DATABASE_URL;
const dataDir = url ? null : mkdtempSync(join(tmpdir(), 'nol-bench-'));
const database = url ? await openPostgres(url, 16) : await openPglite({ dataDir: dataDir ?? undefined });
await migrate(database);
const loadStart = performance.now();
const report = await loadDemo(database.db, { seed: 1, size, today: '2026-11-23', onProgress: log });
const loadSeconds = (performance.now() - loadStart) / 1000;
log(`loaded ${report.children} children in ${loadSeconds.toFixed(1)} s`);

const app = createApp({
  db: database.db,
  kind: database.kind,
  now: () => new Date(),
  settings: DEFAULT_SETTINGS,
});
const server = serve({ fetch: app.fetch, port: 0 });
await new Promise((resolve) => server.once('listening', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const signIn = await fetch(`${base}/api/auth/sign-in`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-csrf-token': 'anonymous' },
  body: JSON.stringify({ username: 'city.admin', password: DEMO_PASSWORD }),
});
const cookie = signIn.headers
  .getSetCookie()
  .map((c) => c.split(';')[0])
  .join('; ');

// Realistic inputs taken from the data: names' initials and first characters, ID last-4s, schools.
const sample = await database.db
  .selectFrom('child')
  .select(['name', 'name_initials', 'id_last4', 'student_number'])
  .where('id', 'in', (eb) => eb.selectFrom('child').select('id').orderBy('id').limit(2000))
  .execute();
const schools = (await database.db.selectFrom('school').select('id').execute()).map((s) => s.id);
const searches = sample.flatMap((c) => [c.name_initials, c.name.slice(0, 2), c.id_last4 ?? c.name]);

async function measure(
  paths: string[],
): Promise<{ p50: number; p95: number; max: number; perSecond: number }> {
  const timings: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < paths.length) {
        const path = paths[next++] as string;
        const t0 = performance.now();
        const response = await fetch(`${base}${path}`, { headers: { cookie } });
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`${path} → ${response.status}`);
        timings.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  timings.sort((a, b) => a - b);
  return {
    p50: percentile(timings, 50),
    p95: percentile(timings, 95),
    max: percentile(timings, 100),
    perSecond: Math.round(timings.length / elapsed),
  };
}

const pick = <T>(list: T[], i: number) => list[(i * 7919) % list.length] as T;
const searchPaths = Array.from(
  { length: requests },
  (_, i) => `/api/children?q=${encodeURIComponent(pick(searches, i))}&pageSize=20`,
);
const schoolPaths = Array.from(
  { length: requests },
  (_, i) => `/api/children?schoolId=${pick(schools, i)}&pageSize=20&page=${(i % 5) + 1}`,
);
await measure(searchPaths.slice(0, 50));
const search = await measure(searchPaths);
const schoolList = await measure(schoolPaths);

process.stdout.write(
  `${JSON.stringify({
    bench: 'roster',
    database: database.kind,
    size,
    children: report.children,
    schools: report.schools,
    loadSeconds: Math.round(loadSeconds * 10) / 10,
    requests,
    concurrency,
    searchMs: search,
    schoolListMs: schoolList,
    goals: { loadSeconds: 60, p95Ms: 50 },
    machine: machine(),
  })}\n`,
);
server.close();
await database.close();
if (dataDir) rmSync(dataDir, { recursive: true, force: true });
