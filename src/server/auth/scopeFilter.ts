import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { DB } from '../db/types.ts';
import type { Grant } from './actor.ts';

/**
 * SQL twins of grantCovers (scope.ts) for list queries: each returns the OR of the grants' scopes,
 * or FALSE when there are none, so a query can never widen past the user's jurisdiction.
 */
export function childScopeFilter(
  eb: ExpressionBuilder<DB & { c: DB['child'] }, 'c'>,
  grants: readonly Grant[],
  userId: number,
): Expression<SqlBool> {
  const parts = grants.map((grant) => childGrantPredicate(eb, grant, userId));
  return parts.length === 0 ? sql<boolean>`false` : eb.or(parts);
}

function childGrantPredicate(
  eb: ExpressionBuilder<DB & { c: DB['child'] }, 'c'>,
  grant: Grant,
  userId: number,
): Expression<SqlBool> {
  switch (grant.level) {
    case 'national':
      return sql<boolean>`true`;
    case 'province':
    case 'city':
    case 'county':
      return eb('c.county_code', 'like', `${(grant.regionPrefix ?? '').slice(0, 6)}%`);
    case 'township':
      return eb(
        'c.school_id',
        'in',
        eb
          .selectFrom('school')
          .select('school.id')
          .where('school.township_code', 'like', `${grant.regionPrefix}%`),
      );
    case 'school':
      return eb('c.school_id', '=', grant.schoolId ?? -1);
    case 'class':
      return eb('c.class_id', '=', grant.classId ?? -1);
    case 'paired':
      return eb(
        'c.id',
        'in',
        eb
          .selectFrom('pairing')
          .select('pairing.child_id')
          .where('pairing.helper_user_id', '=', userId)
          .where('pairing.ended_on', 'is', null),
      );
  }
}

export function schoolScopeFilter(
  eb: ExpressionBuilder<DB & { s: DB['school'] }, 's'>,
  grants: readonly Grant[],
): Expression<SqlBool> {
  const parts = grants.map((grant) => schoolGrantPredicate(eb, grant));
  return parts.length === 0 ? sql<boolean>`false` : eb.or(parts);
}

function schoolGrantPredicate(
  eb: ExpressionBuilder<DB & { s: DB['school'] }, 's'>,
  grant: Grant,
): Expression<SqlBool> {
  switch (grant.level) {
    case 'national':
      return sql<boolean>`true`;
    case 'province':
    case 'city':
    case 'county':
      return eb('s.county_code', 'like', `${(grant.regionPrefix ?? '').slice(0, 6)}%`);
    case 'township':
      return eb('s.township_code', 'like', `${grant.regionPrefix}%`);
    case 'school':
      return eb('s.id', '=', grant.schoolId ?? -1);
    case 'class':
      return eb('s.id', '=', grant.schoolId ?? -1);
    case 'paired':
      // A helper works from the paired children themselves, not from school pages (as grantCovers).
      return sql<boolean>`false`;
  }
}
