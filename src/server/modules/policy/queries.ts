import type { Kysely } from 'kysely';
import type { CountyPolicy } from '../../../domain/index.ts';
import type { RecordLocation } from '../../auth/scope.ts';
import type { DB } from '../../db/types.ts';

export function policyVersions(db: Kysely<DB>, countyCode: string) {
  return db
    .selectFrom('county_policy as p')
    .leftJoin('app_user as u', 'u.id', 'p.created_by')
    .select([
      'p.version',
      'p.effective_from',
      'p.policy',
      'p.reason',
      'p.created_at',
      'u.display_name as created_by_name',
    ])
    .where('p.county_code', '=', countyCode)
    .orderBy('p.version')
    .execute();
}

/** The next version number is taken under the primary key: two saves at once cannot share one. */
export function insertPolicyVersion(
  db: Kysely<DB>,
  row: {
    countyCode: string;
    version: number;
    effectiveFrom: string;
    policy: CountyPolicy;
    reason: string | null;
    createdBy: number | null;
  },
) {
  return db
    .insertInto('county_policy')
    .values({
      county_code: row.countyCode,
      version: row.version,
      effective_from: row.effectiveFrom,
      policy: JSON.stringify(row.policy),
      reason: row.reason,
      created_by: row.createdBy,
    })
    .onConflict((oc) => oc.columns(['county_code', 'version']).doNothing())
    .returning('version')
    .executeTakeFirst();
}

export async function locateCounty(
  db: Kysely<DB>,
  countyCode: string | undefined,
): Promise<RecordLocation | null> {
  if (!countyCode || !/^[0-9]{6}$/.test(countyCode)) return null;
  const county = await db
    .selectFrom('county')
    .select(['county_code', 'region_code'])
    .where('county_code', '=', countyCode)
    .executeTakeFirst();
  return county
    ? { countyCode: county.county_code, regionCode: null, schoolId: null, classId: null, helperUserIds: [] }
    : null;
}
