/**
 * bench/attendance: the city demo (≈400k children, ≈10k classes) with a term of attendance history,
 * then one school day of roll calls submitted over HTTP by concurrent clients, then the daily
 * escalation run for that day. Prints one JSON line (stdout); progress goes to stderr.
 *   node_modules/.bin/tsx bench/attendance.ts [--size city|county] [--classes 2000] [--concurrency 32]
 * DATABASE_URL set → PostgreSQL (an empty database), else a temporary PGlite data directory.
 * Signing in is argon2 (~50 ms of CPU each), so `--classes` teachers sign in, submit their class's
 * roll call over HTTP, and the other classes' roll calls for the day are written directly before
 * the daily run, which thus sees a whole city's day. The clients run on a worker thread
 * (bench/attendanceClients.mjs), sharing the cores but not the server's event loop.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { serve } from '@hono/node-server';
import { type Kysely, sql } from 'kysely';
import { addDays } from '../src/domain/dates.ts';
import { createApp } from '../src/server/app.ts';
import { CSRF_COOKIE, SESSION_COOKIE } from '../src/server/auth/routes.ts';
import { signIn } from '../src/server/auth/service.ts';
import { openPglite, openPostgres } from '../src/server/db/connection.ts';
import { migrate } from '../src/server/db/migrate.ts';
import type { DB } from '../src/server/db/types.ts';
import { DEMO_PASSWORD, loadDemo } from '../src/server/demo/index.ts';
import { DEFAULT_SETTINGS, type Deps } from '../src/server/deps.ts';
import { loadCountyCalendar } from '../src/server/modules/calendar/index.ts';
import { runCountyDay } from '../src/server/modules/escalation/index.ts';
import { ensureCountyPolicy } from '../src/server/modules/policy/index.ts';
import { machine, percentile } from './machine.ts';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: 'city' },
    classes: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '32' },
    pool: { type: 'string', default: '16' },
  },
});
const size = values.size as 'city' | 'county';
const sampleSize = Number(values.classes);
const concurrency = Number(values.concurrency);
const log = (message: string) => process.stderr.write(`${message}\n`);
const seconds = (since: number) => Math.round((performance.now() - since) / 100) / 10;

/** A Monday; the term's history runs from its first day to the school day before. */
const BENCH_DAY = '2026-11-23';
const TERM_START = '2026-09-01';
/** 09:00 China time: roll calls are taken in the first lesson. */
const BENCH_MORNING = new Date(`${BENCH_DAY}T09:00:00+08:00`);

const url = process.env.DATABASE_URL;
const dataDir = url ? null : mkdtempSync(join(tmpdir(), 'nol-bench-'));
const database = url
  ? await openPostgres(url, Number(values.pool))
  : await openPglite({ dataDir: dataDir ?? undefined });
const db = database.db;
await migrate(database);
let started = performance.now();
const report = await loadDemo(db, { seed: 1, size, today: BENCH_DAY, onProgress: log });
log(`loaded ${report.children} children, ${report.classes} classes in ${seconds(started)} s`);
const counties = report.counties;

const depsAt = (now: () => Date): Deps => ({ db, kind: database.kind, now, settings: DEFAULT_SETTINGS });

// ---------------------------------------------------------------------------------------------
// History: every class submitted every school day of the term so far, 1–2 absences per class-day
// (absent, leave mostly with approved requests, late, left early), and a few hundred runs of 2–6
// unexcused days, about a third still going on the last day. Written set-based, not through the
// service: this is the record a term of roll calls leaves behind, not what is measured.

const calendar = (await loadCountyCalendar(db, counties[0] as string)).forSchool(null);
const historyDays: string[] = [];
for (let day = TERM_START; day < BENCH_DAY; day = addDays(day, 1))
  if (calendar.isSchoolDay(day)) historyDays.push(day);
const lastHistoryDay = historyDays.at(-1) as string;
for (const county of counties) await ensureCountyPolicy(db, county);

/** Roll calls for the days, then one or two absences each; `except` leaves classes out. */
async function writeDays(trx: Kysely<DB>, days: readonly string[], except: readonly number[]) {
  await sql`
    insert into roll_call (county_code, class_id, school_id, day, submitted_by, submitted_at, updated_by, updated_at)
    select k.county_code, k.id, k.school_id, d.day, k.homeroom_teacher_id, d.day + time '00:40',
      k.homeroom_teacher_id, d.day + time '00:40'
    from school_class k cross join unnest(${sql.val(days)}::date[]) as d(day)
    where not (k.id = any(${sql.val(except)}::int[]))
    on conflict do nothing`.execute(trx);
  await sql`
    with kids as (
      select c.county_code, c.id, c.class_id,
        row_number() over (partition by c.class_id order by c.id) - 1 as rn,
        count(*) over (partition by c.class_id) as n
      from child c where c.class_id is not null and c.ended_at is null
    ),
    picks as (
      select r.county_code, r.id as roll_call_id, r.class_id, r.day, abs(hashint8(r.id * 4 + j)) as h
      from roll_call r cross join generate_series(0, 1) as j
      where r.day = any(${sql.val(days)}::date[]) and not (r.class_id = any(${sql.val(except)}::int[]))
        and (j = 0 or abs(hashint8(r.id * 4 + 3)) % 2 = 0)
    )
    insert into absence (county_code, roll_call_id, child_id, day, kind, portion, reason)
    select p.county_code, p.roll_call_id, k.id, p.day,
      case when p.h % 100 < 15 then 'absent' when p.h % 100 < 60 then 'leave'
        when p.h % 100 < 85 then 'late' else 'left_early' end,
      'whole',
      case when p.h % 100 between 15 and 59 then (case when p.h % 3 = 0 then 'personal' else 'sick' end) end
    from picks p join kids k on k.class_id = p.class_id and k.rn = (p.h / 100) % k.n
    on conflict do nothing`.execute(trx);
}

/**
 * Most whole-day leave marks have an approved request (the rest stay unexcused). `firstTime`: the
 * table has no request yet, so nothing is looked up; otherwise a day already covered is skipped.
 */
async function approveLeaves(trx: Kysely<DB>, days: readonly string[], firstTime: boolean) {
  // Fresh statistics first: with the absences just written unknown to the planner, PostgreSQL
  // picks a nested loop here. And in the first round the anti-join would scan, for every absence,
  // the requests this very statement is inserting: quadratic, many minutes for a city.
  await sql`analyze absence, leave_request`.execute(trx);
  const uncovered = firstTime
    ? sql`true`
    : sql`not exists (select 1 from leave_request l where l.county_code = a.county_code
        and l.child_id = a.child_id and l.starts_on <= a.day and a.day <= l.ends_on)`;
  await sql`
    insert into leave_request (county_code, child_id, kind, starts_on, ends_on, school_days, reason,
      requested_by, requested_via, recorded_at, approver_role, status, decided_at, policy_version)
    select a.county_code, a.child_id, a.reason, a.day, a.day, 1, null, '家长', 'phone', a.day + time '00:30',
      'homeroom_teacher', 'approved', a.day + time '00:35', 1
    from absence a
    where a.day = any(${sql.val(days)}::date[]) and a.kind = 'leave' and a.reason is not null
      and abs(hashint8(a.child_id + a.roll_call_id)) % 5 <> 0 and ${uncovered}`.execute(trx);
}

started = performance.now();
const history = await db.transaction().execute(async (trx) => {
  // The rows are made from the rows they reference: per-row foreign-key triggers would only slow it.
  await sql`set local session_replication_role = replica`.execute(trx);
  await writeDays(trx, historyDays, []);
  await sql`
    with days as (select day, i from unnest(${sql.val(historyDays)}::date[]) with ordinality as t(day, i)),
    runners as (
      select c.county_code, c.id, c.class_id, 2 + abs(hashint8(c.id * 7)) % 5 as len,
        ${historyDays.length} - case when abs(hashint8(c.id * 11)) % 3 = 0 then 0
          else abs(hashint8(c.id * 13)) % 40 end as last
      from child c
      where c.class_id is not null and c.ended_at is null and abs(hashint8(c.id)) % 1300 = 0
    )
    insert into absence (county_code, roll_call_id, child_id, day, kind, portion, reason)
    select u.county_code, r.id, u.id, d.day, 'absent', 'whole', null
    from runners u join days d on d.i between u.last - u.len + 1 and u.last
    join roll_call r on r.county_code = u.county_code and r.class_id = u.class_id and r.day = d.day
    on conflict (county_code, roll_call_id, child_id) do update set kind = 'absent', reason = null`.execute(
    trx,
  );
  await approveLeaves(trx, historyDays, true);
  const counted = await sql<{ roll_calls: number; absences: number; leaves: number }>`
    select (select count(*) from roll_call)::int as roll_calls, (select count(*) from absence)::int as absences,
      (select count(*) from leave_request)::int as leaves`.execute(trx);
  return counted.rows[0] as { roll_calls: number; absences: number; leaves: number };
});
const historySeconds = seconds(started);
started = performance.now();
await sql`analyze`.execute(db);
const analyzeSeconds = seconds(started);
log(
  `history: ${historyDays.length} school days, ${history.roll_calls} roll calls, ${history.absences} absences, ` +
    `${history.leaves} leave requests in ${historySeconds} s (+ analyze ${analyzeSeconds} s)`,
);

// The daily run of the last history day opens the ladder for runs still going (the state on Monday).
started = performance.now();
const historyRuns = [];
for (const county of counties) {
  const run = await runCountyDay(
    depsAt(() => new Date(`${lastHistoryDay}T18:00:00+08:00`)),
    county,
    lastHistoryDay,
    'daily',
  );
  historyRuns.push(run);
}
log(
  `daily run for ${lastHistoryDay}: ${historyRuns.reduce((n, r) => n + r.tasksCreated, 0)} tasks in ${seconds(started)} s`,
);

// ---------------------------------------------------------------------------------------------
// Submissions over HTTP, the server's clock running from 09:00 on the bench day.

const clockStart = performance.now();
const morning = depsAt(() => new Date(BENCH_MORNING.getTime() + (performance.now() - clockStart)));
const app = createApp(morning);
const server = serve({ fetch: app.fetch, port: 0 });
await new Promise((resolve) => server.once('listening', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const allClasses = await db
  .selectFrom('school_class as k')
  .innerJoin('school as s', 's.id', 'k.school_id')
  .select(['k.id', 'k.grade', 'k.class_number', 's.code'])
  .orderBy('k.id')
  .execute();
const step = Math.max(1, Math.floor(allClasses.length / sampleSize));
const sample = allClasses.filter((_, i) => i % step === 0).slice(0, sampleSize);
const sampleIds = sample.map((k) => k.id);
const pupils = await db
  .selectFrom('child')
  .select(['id', 'class_id'])
  .where('class_id', 'in', sampleIds)
  .where('ended_at', 'is', null)
  .orderBy('id')
  .execute();
// Children whose run began before the last history day stay away on Monday: the ladder goes on.
const stillAway = new Set(
  (
    await db
      .selectFrom('escalation_task')
      .select('child_id')
      .where('status', '=', 'open')
      .where('run_started_on', '<', lastHistoryDay)
      .execute()
  ).map((t) => t.child_id),
);
const byClass = new Map<number, number[]>();
for (const p of pupils)
  byClass.set(p.class_id as number, [...(byClass.get(p.class_id as number) ?? []), p.id]);

interface Session {
  classId: number;
  cookie: string;
  csrf: string;
}

async function pool<T, R>(items: readonly T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const index = next++;
        out[index] = await work(items[index] as T);
      }
    }),
  );
  return out;
}

// Through the auth service rather than the route: the route allows 30 attempts per address per 5 minutes.
started = performance.now();
const sessions = await pool(sample, 4, async (k): Promise<Session> => {
  const suffix = `${String(k.grade).padStart(2, '0')}${String(k.class_number).padStart(2, '0')}`;
  const signedIn = await signIn(morning, {
    username: `teacher.${k.code}.${suffix}`,
    password: DEMO_PASSWORD,
    ip: '127.0.0.1',
  });
  return {
    classId: k.id,
    cookie: `${SESSION_COOKIE}=${signedIn.token}; ${CSRF_COOKIE}=${signedIn.csrfToken}`,
    csrf: signedIn.csrfToken,
  };
});
const signInSeconds = seconds(started);
log(`${sessions.length} teachers signed in in ${signInSeconds} s`);

const KINDS = ['absent', 'absent', 'absent', 'absent', 'absent', 'late', 'late', 'late', 'leave', 'leave'];
interface Mark {
  childId: number;
  kind: string;
  portion: 'whole';
  reason: string | null;
  symptoms: string | null;
  note: null;
}
function marksOf(classId: number, index: number): Mark[] {
  const kids = byClass.get(classId) ?? [];
  const marks: Mark[] = kids
    .filter((id) => stillAway.has(id))
    .map((childId) => ({
      childId,
      kind: 'absent',
      portion: 'whole',
      reason: null,
      symptoms: null,
      note: null,
    }));
  const extra = 1 + (index % 2);
  for (let j = 0; j < extra && kids.length > 0; j++) {
    const childId = kids[(index * 31 + j * 17) % kids.length] as number;
    if (marks.some((m) => m.childId === childId)) continue;
    const kind = KINDS[(index * 7 + j * 3) % KINDS.length] as string;
    marks.push({
      childId,
      kind,
      portion: 'whole',
      reason: kind === 'leave' ? 'sick' : null,
      symptoms: kind === 'leave' ? '发烧' : null,
      note: null,
    });
  }
  return marks;
}

/** What bench/attendanceClients.mjs is given and answers. */
interface ClientWork {
  concurrency: number;
  requests: Array<{ url: string; cookie: string; csrf: string; body: string }>;
}
interface ClientResult {
  timings: number[];
  tasksOpened: number;
  seconds: number;
  failures: string[];
}
const work: ClientWork = {
  concurrency,
  requests: sessions.map((session, index) => ({
    url: `${base}/api/classes/${session.classId}/roll-call`,
    cookie: session.cookie,
    csrf: session.csrf,
    body: JSON.stringify({ day: BENCH_DAY, revision: null, marks: marksOf(session.classId, index) }),
  })),
};
const loopBefore = performance.eventLoopUtilization();
const cpuBefore = process.cpuUsage();
const clients = new Worker(new URL('./attendanceClients.mjs', import.meta.url), { workerData: work });
const measured = await new Promise<ClientResult>((resolve, reject) => {
  clients.once('message', resolve);
  clients.once('error', reject);
});
await clients.terminate();
if (measured.failures.length > 0)
  throw new Error(`submissions failed: ${measured.failures.slice(0, 3).join('; ')}`);
const { timings, tasksOpened } = measured;
const submitSeconds = measured.seconds;
// The server's own thread: how busy its event loop was, and the CPU it took per submission (the
// whole process's CPU, the clients' thread included, is beside it).
const serverLoop = performance.eventLoopUtilization(loopBefore);
const processCpu = process.cpuUsage(cpuBefore);
server.close();
timings.sort((a, b) => a - b);
const submissions = {
  count: timings.length,
  perSecond: Math.round(timings.length / submitSeconds),
  p50Ms: percentile(timings, 50),
  p95Ms: percentile(timings, 95),
  maxMs: percentile(timings, 100),
  serverLoopUtilization: Math.round(serverLoop.utilization * 100) / 100,
  serverThreadMsPerSubmission: Math.round((serverLoop.active / timings.length) * 100) / 100,
  processCpuMsPerSubmission:
    Math.round(((processCpu.user + processCpu.system) / 1000 / timings.length) * 100) / 100,
  processSystemCpuShare: Math.round((processCpu.system / (processCpu.user + processCpu.system)) * 100) / 100,
  tasksOpened,
  /** The whole city's classes at the measured rate. */
  cityDaySeconds: Math.round((allClasses.length / (timings.length / submitSeconds)) * 10) / 10,
};
log(`submissions: ${JSON.stringify(submissions)}`);

// ---------------------------------------------------------------------------------------------
// The rest of the city's day, then the daily escalation run for it.

started = performance.now();
await db.transaction().execute(async (trx) => {
  await sql`set local session_replication_role = replica`.execute(trx);
  await writeDays(trx, [BENCH_DAY], sampleIds);
  // Unsampled classes' children still away are absent again too.
  await sql`
    insert into absence (county_code, roll_call_id, child_id, day, kind, portion)
    select c.county_code, r.id, c.id, r.day, 'absent', 'whole'
    from child c join roll_call r on r.county_code = c.county_code and r.class_id = c.class_id and r.day = ${BENCH_DAY}
    where c.id = any(${sql.val([...stillAway])}::bigint[]) and not (c.class_id = any(${sql.val(sampleIds)}::int[]))
    on conflict (county_code, roll_call_id, child_id) do update set kind = 'absent', reason = null`.execute(
    trx,
  );
  await approveLeaves(trx, [BENCH_DAY], false);
});
if (database.kind === 'pglite')
  await sql`analyze absence, roll_call, leave_request, escalation_task`.execute(db);
log(`rest of the day written in ${seconds(started)} s`);

const evening = depsAt(() => new Date(`${BENCH_DAY}T18:00:00+08:00`));
const escalation: Array<{
  county: string;
  ms: number;
  absentChildren: number;
  tasksCreated: number;
  tasksClosed: number;
}> = [];
started = performance.now();
for (const county of counties) {
  const t0 = performance.now();
  const run = await runCountyDay(evening, county, BENCH_DAY, 'daily');
  escalation.push({
    county,
    ms: Math.round(performance.now() - t0),
    absentChildren: 0,
    tasksCreated: run.tasksCreated,
    tasksClosed: run.tasksClosed,
  });
}
const escalationTotalMs = Math.round(performance.now() - started);
const absentToday = await sql<{ county_code: string; n: number }>`
  select county_code, count(distinct child_id)::int as n from absence
  where day = ${BENCH_DAY} and portion = 'whole' and kind in ('absent', 'leave') group by county_code`.execute(
  db,
);
for (const e of escalation)
  e.absentChildren = absentToday.rows.find((r) => r.county_code === e.county)?.n ?? 0;
log(`escalation: ${JSON.stringify(escalation)}`);

process.stdout.write(
  `${JSON.stringify({
    bench: 'attendance',
    database: database.kind,
    size,
    children: report.children,
    classes: report.classes,
    history: {
      schoolDays: historyDays.length,
      rollCalls: history.roll_calls,
      absences: history.absences,
      leaveRequests: history.leaves,
      seconds: historySeconds,
      analyzeSeconds,
      openTasksOnBenchDay: historyRuns.reduce((n, r) => n + r.tasksCreated, 0),
    },
    signIns: { count: sessions.length, seconds: signInSeconds },
    concurrency,
    submissions,
    escalation: {
      day: BENCH_DAY,
      totalMs: escalationTotalMs,
      maxCountyMs: Math.max(...escalation.map((e) => e.ms)),
      perCounty: escalation,
    },
    goals: { submissionsPerSecond: 2000, p95Ms: 50, cityDaySeconds: 5, escalationMs: 2000 },
    machine: machine(),
  })}\n`,
);
await database.close();
if (dataDir) rmSync(dataDir, { recursive: true, force: true });
