// One cross-check run: load the county's current lists and every county's registry with a few
// big reads, link and find in memory, store the links and findings under a new run in one
// transaction, each part as soon as it is computed.

import { writeAudit } from '../../audit/audit.ts';
import type { Actor } from '../../auth/actor.ts';
import { schoolDate } from '../../clock.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { policyTimeline } from '../policy/index.ts';
import { type CrosscheckOutput, type CrosscheckPart, crosscheckInParts } from './engine.ts';
import { FINDING_CODES } from './findingRules.ts';
import * as q from './runQueries.ts';

export type RunSummary = {
  runId: number;
  countyCode: string;
  asOf: string;
  counts: Record<string, number>;
  elapsedMs: number;
};

/** The county named, or the only county of the database. */
export async function resolveCounty(deps: Deps, countyCode: string | undefined): Promise<string> {
  const counties = await q.countyCodes(deps.db);
  if (countyCode !== undefined) {
    if (!counties.includes(countyCode)) throw new AppError('validation', `数据库中没有区县 ${countyCode}`);
    return countyCode;
  }
  if (counties.length !== 1) {
    throw new AppError('validation', `数据库中有 ${counties.length} 个区县，请指定区县代码（--county）`);
  }
  return counties[0] as string;
}

function countsOf(output: CrosscheckOutput): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(FINDING_CODES.map((code) => [code, 0]));
  for (const finding of output.findings) counts[finding.code] = (counts[finding.code] ?? 0) + 1;
  counts.links = output.links.length;
  counts.review = output.links.filter((link) => link.decision === 'review').length;
  counts.verifiedExcluded = output.verifiedExcluded;
  return counts;
}

/** Lets the event loop run: a part's statements go to the database only when it turns. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Computes the parts and stores each, in order, while the next is computed: on PostgreSQL the
 * server writes one part as this process links and finds the next. Stores run one after another
 * (finding ids follow the output's order); every store has finished, or failed, before this
 * returns or throws, so nothing reaches the connection once the transaction is over.
 */
async function storeParts(
  parts: Generator<CrosscheckPart, CrosscheckOutput>,
  store: (part: CrosscheckPart) => Promise<void>,
): Promise<CrosscheckOutput> {
  let stored: Promise<void> = Promise.resolve();
  // A failed store is reported by the await below; this keeps it from counting as unhandled meanwhile.
  const hold = (write: Promise<void>) => {
    write.catch(() => undefined);
    return write;
  };
  try {
    for (let next = parts.next(); ; next = parts.next()) {
      if (next.done) {
        await stored;
        return next.value;
      }
      const part = next.value;
      stored = hold(stored.then(() => store(part)));
      await turn();
    }
  } catch (error) {
    await stored.catch(() => undefined);
    throw error;
  }
}

/** Runs the cross-check and keeps the in-memory result, for the CLI's files. */
export async function executeCrosscheck(
  deps: Deps,
  actor: Actor,
  input: { countyCode?: string; asOf?: string },
): Promise<{ summary: RunSummary; output: CrosscheckOutput }> {
  const started = performance.now();
  const countyCode = await resolveCounty(deps, input.countyCode);
  const asOf = input.asOf ?? schoolDate(deps.now());
  const db = deps.db;
  // The list rows are read beside the registry, not after it: on PostgreSQL the two big reads
  // then overlap (PGlite runs them one after the other either way).
  const listsRead = q.currentImports(db, countyCode).then(async (imports) => {
    const ids = imports.map((i) => i.id);
    return { importIds: ids, lists: await q.loadListRows(db, countyCode, ids) };
  });
  const [timeline, { importIds, lists }, registry, decisions, verified, memberships, schools] =
    await Promise.all([
      policyTimeline(db, countyCode),
      listsRead,
      q.loadRegistry(db),
      q.loadDecisions(db, countyCode),
      q.loadVerifiedOutcomes(db, countyCode),
      q.loadMemberships(db),
      q.loadSchoolPlaces(db),
    ]);
  const parts = crosscheckInParts({
    countyCode,
    asOf,
    schoolAge: timeline.on(asOf).policy.schoolAge,
    registry,
    lists,
    decisions,
    verified,
    memberships,
    schools,
  });
  const { runId, output, counts } = await db.transaction().execute(async (trx) => {
    const id = await q.insertRun(trx, {
      countyCode,
      asOf,
      importIds,
      createdBy: actor.userId > 0 ? actor.userId : null,
    });
    const skipped = await q.skipRowTriggers(trx);
    const output = await storeParts(parts, async ({ links, findings }) => {
      await q.insertLinks(trx, countyCode, id, links);
      await q.insertFindings(trx, countyCode, id, findings);
    });
    if (skipped) await q.restoreRowTriggers(trx);
    const counts = countsOf(output);
    const elapsedMs = Math.round(performance.now() - started);
    await q.finishRun(trx, { countyCode, id, counts, elapsedMs });
    await writeAudit(trx, actor, {
      action: 'crosscheck.run',
      entity: 'crosscheck_run',
      entityId: id,
      countyCode,
      detail: { asOf, importIds, counts },
    });
    return { runId: id, output, counts };
  });
  const summary = { runId, countyCode, asOf, counts, elapsedMs: Math.round(performance.now() - started) };
  return { summary, output };
}

export async function runCrosscheck(
  deps: Deps,
  actor: Actor,
  input: { countyCode?: string; asOf?: string },
): Promise<RunSummary> {
  return (await executeCrosscheck(deps, actor, input)).summary;
}
