import { definePermissions } from '../../auth/permissions.ts';

export const importPermissions = definePermissions({
  /** Importing a list replaces the county's current list from that source: the bureau's administrators. */
  'list.import': ['bureau_admin'],
  'list.read': ['bureau_admin', 'bureau_analyst'],
});
