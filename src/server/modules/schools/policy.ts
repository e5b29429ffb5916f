import { definePermissions } from '../../auth/permissions.ts';

const CHILD_DATA_ROLES = [
  'bureau_admin',
  'bureau_analyst',
  'township_official',
  'principal',
  'deputy_head',
  'homeroom_teacher',
  'helper_teacher',
  'expert_committee',
] as const;

export const schoolPermissions = definePermissions({
  'school.read': CHILD_DATA_ROLES,
});
