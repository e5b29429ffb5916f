import { definePermissions } from '../../auth/permissions.ts';

/**
 * The county's bureau sets the policy and reads its versions; schools and teachers meet its values
 * where they apply (leave approval, deadlines on tasks), each recorded with its version.
 */
export const countyPolicyPermissions = definePermissions({
  'countyPolicy.read': ['bureau_admin', 'bureau_analyst', 'auditor'],
  'countyPolicy.write': ['bureau_admin'],
});
