import { useQuery } from '@tanstack/react-query';
import type { Role } from '../../../domain/roles.ts';
import { api, keys } from '../../api/endpoints.ts';
import { hasAnyRole, useMe } from '../../api/session.ts';
import type { FindingCode, VerificationOutcome } from '../../api/types.ts';
import { useCountyChoice } from '../policy/CountyPicker.tsx';

export const FINDING_CODES: readonly FindingCode[] = [
  'not_enrolled',
  'hukou_cancelled',
  'hukou_mismatch',
  'duplicate_hukou',
  'no_hukou_record',
  'group_unknown_to_school',
];

export const OUTCOMES: readonly VerificationOutcome[] = [
  'studying_elsewhere',
  'living_elsewhere',
  'deceased',
  'emigrated',
  'out_of_school',
];

export const FINDINGS_ROLES: readonly Role[] = [
  'bureau_admin',
  'bureau_analyst',
  'township_official',
  'principal',
  'deputy_head',
];
export const VERIFY_ROLES: readonly Role[] = ['bureau_admin', 'township_official'];

/** Tag colour of a link reason: agreeing fields green, tolerated slips gold, disagreement red. */
export function reasonColor(code: string): string {
  if (/(_exact|_agrees|^exact_id|^region_|^confirmed)/.test(code)) return 'green';
  if (/(_differs|_missing)$/.test(code)) return 'red';
  return 'gold';
}

/** 0.8780 → "87.8%". */
export const percent = (score: number) => `${(score * 100).toFixed(1)}%`;

/**
 * The county whose findings a user reads: a bureau user's (picked when several), a township's
 * from its region code, a school's from the school list (a school grant carries no region).
 */
export function useFindingsCounty() {
  const me = useMe();
  const bureau = useCountyChoice(['bureau_admin', 'bureau_analyst']);
  const regional = me.data?.grants.find(
    (g) => FINDINGS_ROLES.includes(g.role) && g.regionCode && g.level === 'township',
  );
  const schoolOnly = !bureau.hasGrant && !regional && hasAnyRole(me.data, FINDINGS_ROLES);
  const school = useQuery({
    queryKey: keys.schools({ pageSize: 1 }),
    queryFn: () => api.schools({ pageSize: 1 }),
    enabled: schoolOnly,
  });
  if (bureau.hasGrant) return { ...bureau, loading: false };
  const countyCode = regional?.regionCode?.slice(0, 6) ?? school.data?.items[0]?.countyCode ?? null;
  return { ...bureau, countyCode, needsPicker: false, loading: schoolOnly && school.isLoading };
}
