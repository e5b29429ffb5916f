import { ROLES_THAT_MAY_REVEAL_ID } from '../../../domain/index.ts';
import { definePermissions } from '../../auth/permissions.ts';

export const childPermissions = definePermissions({
  'child.read': [
    'bureau_admin',
    'bureau_analyst',
    'township_official',
    'principal',
    'deputy_head',
    'homeroom_teacher',
    'helper_teacher',
    'expert_committee',
  ],
  /** Schools keep their records; the bureau corrects them. */
  'child.write': ['bureau_admin', 'principal', 'deputy_head', 'homeroom_teacher'],
  'child.revealId': ROLES_THAT_MAY_REVEAL_ID,
});
