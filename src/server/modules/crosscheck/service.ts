import { maskIdNumber, maskStudentNumber } from '../../../domain/index.ts';
import { LINK_REASON_LABELS, type LinkReason, listFingerprint } from '../../../domain/linkage/index.ts';
import { writeAudit } from '../../audit/audit.ts';
import type { Actor, Grant } from '../../auth/actor.ts';
import type { Deps } from '../../deps.ts';
import { notFound } from '../../errors.ts';
import { FINDING_LABELS, type FindingCode, type VerificationOutcome } from './findingRules.ts';
import * as q from './queries.ts';

const sexCode = (sex: string | null): '1' | '2' | null =>
  sex === 'male' || sex === '1' ? '1' : sex === 'female' || sex === '2' ? '2' : null;

export async function listRuns(deps: Deps, countyCode: string) {
  const rows = await q.listRuns(deps.db, countyCode);
  return {
    items: rows.map((r) => ({
      runId: r.id,
      asOf: r.as_of,
      counts: r.counts as Record<string, number>,
      elapsedMs: r.elapsed_ms,
      createdAt: r.created_at,
      createdByName: r.display_name,
    })),
  };
}

const reasonViews = (reasons: readonly string[]) =>
  reasons
    .filter((r): r is LinkReason => r in LINK_REASON_LABELS)
    .map((code) => ({ code, label: LINK_REASON_LABELS[code] }));

/** The latest run's pairs waiting for a person, both records side by side. */
export async function reviewQueue(deps: Deps, query: { countyCode: string; page: number; pageSize: number }) {
  const run = await q.latestRun(deps.db, query.countyCode);
  if (!run) return { runId: null, total: 0, items: [] };
  const { total, rows } = await q.reviewItems(deps.db, query.countyCode, run.id, {
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return {
    runId: run.id,
    total,
    items: rows.map((r) => {
      const child = {
        name: r.child_name,
        sex: sexCode(r.child_sex),
        birthDate: r.child_birth_date,
        idNumber: r.child_id_number,
      };
      const list = { name: r.name, sex: sexCode(r.sex), birthDate: r.birth_date, idNumber: r.id_number };
      const differing = (['name', 'sex', 'birthDate', 'idNumber'] as const).filter(
        (field) => list[field] !== null && child[field] !== null && list[field] !== child[field],
      );
      return {
        runId: run.id,
        importId: r.import_id,
        listRow: r.list_row,
        kind: r.kind,
        score: r.score,
        reasons: reasonViews(r.reasons),
        differing: [...differing],
        listRecord: {
          ...list,
          idNumber: maskIdNumber(list.idNumber),
          address: r.address,
          townshipCode: r.township_code,
        },
        child: {
          ...child,
          idNumber: maskIdNumber(child.idNumber),
          childId: r.child_id,
          countyCode: r.child_county_code,
          studentNumber: maskStudentNumber(r.student_number),
          schoolName: r.school_name,
          grade: r.grade,
        },
      };
    }),
  };
}

/**
 * A reviewer's verdict on one pair: remembered by the list record's fingerprint for the next
 * runs, and applied to this run's link at once (confirmed, or removed). Skip stores nothing.
 */
export async function decideReview(
  deps: Deps,
  actor: Actor,
  input: {
    countyCode: string;
    runId: number;
    importId: number;
    listRow: number;
    childId: number;
    decision: 'confirm' | 'reject' | 'skip';
  },
) {
  return deps.db.transaction().execute(async (trx) => {
    const key = {
      countyCode: input.countyCode,
      runId: input.runId,
      importId: input.importId,
      listRow: input.listRow,
    };
    // The engine's own links are stored in bulk arrays; a decision needs the link as a row.
    const link =
      (await q.findLink(trx, key)) ??
      ((await q.promoteAutoLink(trx, key)) ? await q.findLink(trx, key) : undefined);
    if (!link || link.child_id !== input.childId) throw notFound('待复核的关联');
    let stored = false;
    if (input.decision !== 'skip') {
      const fingerprint = listFingerprint({
        idNumber: link.id_number,
        name: link.name ?? '',
        birthDate: link.birth_date,
      });
      await q.saveDecision(
        trx,
        {
          countyCode: input.countyCode,
          fingerprint,
          childCountyCode: link.child_county_code,
          childId: link.child_id,
          decision: input.decision === 'confirm' ? 'confirmed' : 'rejected',
        },
        actor.userId > 0 ? actor.userId : null,
        deps.now(),
      );
      if (input.decision === 'confirm') {
        const reasons = link.reasons.includes('confirmed') ? link.reasons : [...link.reasons, 'confirmed'];
        await q.confirmLink(trx, key, reasons);
      } else {
        await q.deleteLink(trx, key);
      }
      await writeAudit(trx, actor, {
        action: `crosscheck.review.${input.decision}`,
        entity: 'list_link',
        entityId: `${input.runId}:${input.importId}:${input.listRow}`,
        countyCode: input.countyCode,
        detail: { childId: link.child_id, childCountyCode: link.child_county_code },
      });
      stored = true;
    }
    const { total } = await q.reviewItems(trx, input.countyCode, input.runId, { limit: 0, offset: 0 });
    return { decision: input.decision, stored, remaining: total };
  });
}

export async function listFindings(
  deps: Deps,
  grants: readonly Grant[],
  query: { countyCode: string; code?: FindingCode; township?: string; page: number; pageSize: number },
) {
  const run = await q.latestRun(deps.db, query.countyCode);
  if (!run) return { runId: null, total: 0, items: [] };
  const { total, rows } = await q.listFindings(
    deps.db,
    { ...query, runId: run.id, grants },
    { limit: query.pageSize, offset: (query.page - 1) * query.pageSize },
  );
  return {
    runId: run.id,
    total,
    items: rows.map((r) => ({
      id: r.id,
      code: r.code as FindingCode,
      label: FINDING_LABELS[r.code as FindingCode],
      kind: r.kind,
      listRow: r.list_row,
      name: r.name,
      sex: sexCode(r.sex),
      birthDate: r.birth_date,
      idNumber: maskIdNumber(r.id_number),
      childId: r.child_id,
      schoolId: r.school_id,
      schoolName: r.school_name,
      townshipCode: r.township_code,
      townshipName: r.township_name,
      villageCode: r.village_code,
      // The subject key is the ID number itself when there is one: masked like the ID.
      subjectKey: r.subject_key.includes('|')
        ? r.subject_key
        : (maskIdNumber(r.subject_key) ?? r.subject_key),
      detail: r.detail,
      verification: (r.outcome as VerificationOutcome | null) ?? null,
    })),
  };
}

/** Counts by finding and township, with how many of them the township has verified, by outcome. */
export async function findingSummary(deps: Deps, grants: readonly Grant[], countyCode: string) {
  const run = await q.latestRun(deps.db, countyCode);
  if (!run) return { runId: null, asOf: null, rows: [] };
  const rows = await q.findingSummary(deps.db, { countyCode, runId: run.id, grants });
  type Row = {
    code: FindingCode;
    label: string;
    townshipCode: string | null;
    townshipName: string | null;
    total: number;
    unverified: number;
    verified: Record<string, number>;
  };
  const groups = new Map<string, Row>();
  for (const r of rows) {
    const key = `${r.code}|${r.township_code ?? ''}`;
    let group = groups.get(key);
    if (!group) {
      const code = r.code as FindingCode;
      group = {
        code,
        label: FINDING_LABELS[code],
        townshipCode: r.township_code,
        townshipName: r.township_name,
        total: 0,
        unverified: 0,
        verified: {},
      };
      groups.set(key, group);
    }
    group.total++;
    if (r.outcome) group.verified[r.outcome] = (group.verified[r.outcome] ?? 0) + 1;
    else group.unverified++;
  }
  const sorted = [...groups.values()].sort(
    (a, b) => a.code.localeCompare(b.code) || (a.townshipCode ?? '').localeCompare(b.townshipCode ?? ''),
  );
  return { runId: run.id, asOf: run.as_of, rows: sorted };
}

export async function childHousehold(deps: Deps, child: { countyCode: string; id: number }) {
  const rows = await q.householdOf(deps.db, child.countyCode, child.id);
  return {
    items: rows.map((r) => ({
      countyCode: r.county_code,
      runId: r.run_id,
      asOf: r.as_of,
      kind: r.kind,
      importId: r.import_id,
      listRow: r.list_row,
      score: r.score,
      decision: r.decision as 'auto' | 'review' | 'confirmed',
      name: r.name,
      sex: sexCode(r.sex),
      birthDate: r.birth_date,
      idNumber: maskIdNumber(r.id_number),
      address: r.address,
      hukouStatus: r.hukou_status,
      groupCode: r.group_code,
      issuingUnit: r.issuing_unit,
    })),
  };
}

export async function findRunOrThrow(deps: Deps, runId: number) {
  const run = await q.findRun(deps.db, runId);
  if (!run) throw notFound('比对批次');
  return run;
}
