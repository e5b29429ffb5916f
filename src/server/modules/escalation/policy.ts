import { definePermissions } from '../../auth/permissions.ts';

const STAFF = [
  'bureau_admin',
  'bureau_analyst',
  'township_official',
  'principal',
  'deputy_head',
  'homeroom_teacher',
] as const;

export const escalationPermissions = definePermissions({
  'escalation.read': STAFF,
  /** Owners record outcomes; the service checks the user is one of the task's owners. */
  'escalation.outcome': ['bureau_admin', 'township_official', 'principal', 'deputy_head', 'homeroom_teacher'],
  'escalation.oversee': ['bureau_admin', 'bureau_analyst', 'township_official', 'principal', 'deputy_head'],
});
