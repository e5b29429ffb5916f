import type { PolicyVersion } from '../../../domain/absenceRun.ts';
import {
  type CountyPolicy,
  CountyPolicySchema,
  DEFAULT_COUNTY_POLICY,
  diffPolicies,
  type PolicyChange,
} from '../../../domain/index.ts';
import { writeAudit } from '../../audit/audit.ts';
import type { Actor } from '../../auth/actor.ts';
import { schoolDate } from '../../clock.ts';
import { CountyCache } from '../../db/countyCache.ts';
import type { Deps } from '../../deps.ts';
import { AppError, validationError } from '../../errors.ts';
import * as q from './queries.ts';

type Db = Deps['db'];

/** The first version, the DOMAIN defaults, in force from the start: every county always has a policy. */
const FIRST_EFFECTIVE_DATE = '2000-01-01';

export interface StoredPolicyVersion extends PolicyVersion {
  effectiveFrom: string;
  policy: CountyPolicy;
  reason: string | null;
  createdAt: string;
  createdByName: string | null;
}

/** A county's versions, oldest first, with the lookup of the one in force on a day. */
export class PolicyTimeline {
  constructor(readonly versions: readonly StoredPolicyVersion[]) {}

  on(day: string): StoredPolicyVersion {
    let inForce: StoredPolicyVersion | undefined;
    for (const version of this.versions) {
      if (version.effectiveFrom <= day && (!inForce || version.effectiveFrom >= inForce.effectiveFrom)) {
        inForce = version;
      }
    }
    const first = this.versions[0];
    if (!inForce && !first) throw new Error('county has no policy version');
    return (inForce ?? first) as StoredPolicyVersion;
  }

  get latest(): StoredPolicyVersion | undefined {
    return this.versions.at(-1);
  }
}

/** Creates version 1 (the defaults) for a county that has none yet; harmless when it exists. */
export async function ensureCountyPolicy(db: Db, countyCode: string): Promise<void> {
  await q.insertPolicyVersion(db, {
    countyCode,
    version: 1,
    effectiveFrom: FIRST_EFFECTIVE_DATE,
    policy: DEFAULT_COUNTY_POLICY,
    reason: '默认政策（DOMAIN 2.3、2.8）',
    createdBy: null,
  });
}

const timelines = new CountyCache<PolicyTimeline>();

/** The county's policy versions, cached per database for the roll-call path (see CountyCache). */
export function cachedPolicyTimeline(db: Db, countyCode: string): Promise<PolicyTimeline> {
  return timelines.get(db, countyCode, () => policyTimeline(db, countyCode));
}

export async function policyTimeline(db: Db, countyCode: string): Promise<PolicyTimeline> {
  let rows = await q.policyVersions(db, countyCode);
  if (rows.length === 0) {
    await ensureCountyPolicy(db, countyCode);
    rows = await q.policyVersions(db, countyCode);
  }
  return new PolicyTimeline(
    rows.map((row) => ({
      version: row.version,
      effectiveFrom: row.effective_from,
      // Stored versions were valid when saved; parsing again fills fields added to the schema since.
      policy: CountyPolicySchema.parse({ ...DEFAULT_COUNTY_POLICY, ...row.policy }),
      reason: row.reason,
      createdAt: row.created_at,
      createdByName: row.created_by_name,
    })),
  );
}

export async function describePolicy(deps: Deps, countyCode: string) {
  const timeline = await policyTimeline(deps.db, countyCode);
  const today = schoolDate(deps.now());
  const current = timeline.on(today);
  return {
    countyCode,
    today,
    current: current.version,
    versions: timeline.versions.map((v) => ({
      version: v.version,
      effectiveFrom: v.effectiveFrom,
      reason: v.reason,
      createdAt: v.createdAt,
      createdByName: v.createdByName,
      policy: v.policy,
      state: v.version === current.version ? 'current' : v.effectiveFrom > today ? 'scheduled' : 'past',
    })) as Array<{
      version: number;
      effectiveFrom: string;
      reason: string | null;
      createdAt: string;
      createdByName: string | null;
      policy: CountyPolicy;
      state: 'current' | 'scheduled' | 'past';
    }>,
  };
}

/**
 * Saves a new version. It takes effect on its date (today at the earliest: decisions already made
 * keep the version they applied); the saved document is whole, never a patch.
 */
export async function savePolicyVersion(
  deps: Deps,
  actor: Actor,
  countyCode: string,
  input: { policy: unknown; effectiveFrom: string; reason?: string | null },
): Promise<{ version: number; changes: PolicyChange[] }> {
  const parsed = CountyPolicySchema.safeParse(input.policy);
  if (!parsed.success) {
    throw validationError(
      parsed.error.issues.map((issue) => ({
        field: `policy.${issue.path.join('.')}`,
        message: issue.message,
      })),
    );
  }
  const today = schoolDate(deps.now());
  if (input.effectiveFrom < today) {
    throw validationError([{ field: 'effectiveFrom', message: `生效日期不能早于今天（${today}）` }]);
  }
  // Dropped from the cache after the commit, so no reader can cache the old timeline again meanwhile.
  const saved = await deps.db.transaction().execute(async (trx) => {
    const timeline = await policyTimeline(trx, countyCode);
    const base = timeline.on(input.effectiveFrom);
    const changes = diffPolicies(base.policy, parsed.data);
    if (changes.length === 0) throw new AppError('bad_request', '与生效日的现行政策相同，无需保存新版本');
    const version = (timeline.latest?.version ?? 0) + 1;
    const saved = await q.insertPolicyVersion(trx, {
      countyCode,
      version,
      effectiveFrom: input.effectiveFrom,
      policy: parsed.data,
      reason: input.reason?.trim() || null,
      createdBy: actor.userId > 0 ? actor.userId : null,
    });
    if (!saved) throw new AppError('conflict', '另一位管理员刚刚保存了新版本，请刷新后再试');
    await writeAudit(trx, actor, {
      action: 'county_policy.create',
      entity: 'county_policy',
      entityId: `${countyCode}:${version}`,
      countyCode,
      reason: input.reason ?? null,
      detail: { effectiveFrom: input.effectiveFrom, basedOn: base.version, changes },
    });
    return { version, changes };
  });
  timelines.invalidate(deps.db, countyCode);
  return saved;
}
