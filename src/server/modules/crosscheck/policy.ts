import { definePermissions } from '../../auth/permissions.ts';

export const crosscheckPermissions = definePermissions({
  /** Running the cross-check and working the review queue change what the county sees: the bureau's admin. */
  'crosscheck.run': ['bureau_admin'],
  'crosscheck.review': ['bureau_admin'],
  /** Findings are scoped in the query: a township sees its township's, a school its own students'. */
  'crosscheck.findings': ['bureau_admin', 'bureau_analyst', 'township_official', 'principal', 'deputy_head'],
  /** The township goes door to door; the bureau records outcomes it learns otherwise. */
  'crosscheck.verify': ['bureau_admin', 'township_official'],
  /** A child's household records on the child page, for the staff who see the child. */
  'crosscheck.household': ['bureau_admin', 'bureau_analyst', 'township_official', 'principal', 'deputy_head'],
});
