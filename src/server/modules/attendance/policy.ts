import { definePermissions } from '../../auth/permissions.ts';

export const attendancePermissions = definePermissions({
  /** Take or correct a class's roll call: its homeroom teacher (or an assigned substitute) and school leaders. */
  'attendance.record': ['homeroom_teacher', 'deputy_head', 'principal'],
  'attendance.read': [
    'bureau_admin',
    'bureau_analyst',
    'township_official',
    'principal',
    'deputy_head',
    'homeroom_teacher',
  ],
  'leave.record': ['homeroom_teacher', 'deputy_head', 'principal'],
  /** The service checks the approver's role against the policy's approval level for the request. */
  'leave.decide': ['homeroom_teacher', 'deputy_head', 'principal'],
  'rollCall.status': ['bureau_admin', 'bureau_analyst', 'township_official', 'principal', 'deputy_head'],
  'substitute.assign': ['principal', 'deputy_head'],
});
