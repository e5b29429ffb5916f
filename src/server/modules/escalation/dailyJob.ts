// The daily escalation run, in process (DESIGN: background work runs from a table in the same
// database). escalation_run is its job log: after the day's roll calls (20:00 China time) each
// county without today's daily row gets its run, so a server restarted in the evening still runs it.

import { schoolDate } from '../../clock.ts';
import type { Deps } from '../../deps.ts';
import { loadCountyCalendar } from '../calendar/index.ts';
import { countiesWithoutDailyRun } from './engineQueries.ts';
import { runCountyDay } from './service.ts';

const DAILY_RUN_AT = '20:00';
const CHECK_EVERY_MS = 10 * 60_000;

export async function runDueDailyEscalations(deps: Deps, log: (message: string) => void): Promise<number> {
  const now = deps.now();
  const day = schoolDate(now);
  if (now < new Date(`${day}T${DAILY_RUN_AT}:00+08:00`)) return 0;
  let ran = 0;
  for (const county of await countiesWithoutDailyRun(deps.db, day)) {
    if (!(await loadCountyCalendar(deps.db, county)).forSchool(null).isSchoolDay(day)) continue;
    const result = await runCountyDay(deps, county, day, 'daily');
    log(
      `每日处置运行 / daily escalation ${county} ${day}: +${result.tasksCreated} 任务, ${result.elapsedMs} ms`,
    );
    ran += 1;
  }
  return ran;
}

/** Checks every ten minutes; returns a stop function. Failures are logged and retried next time. */
export function startDailyEscalation(deps: Deps, log: (message: string) => void): () => void {
  const tick = () => {
    runDueDailyEscalations(deps, log).catch((error: unknown) =>
      log(
        `每日处置运行失败 / daily escalation failed: ${error instanceof Error ? error.message : String(error)}`,
      ),
    );
  };
  tick();
  const timer = setInterval(tick, CHECK_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
