import { definePermissions } from '../../auth/permissions.ts';

/** Accounts are run by the system administrator, who sees no child data (DOMAIN 3). */
export const userPermissions = definePermissions({
  'user.manage': ['system_admin'],
});
