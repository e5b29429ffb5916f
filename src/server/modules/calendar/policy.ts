import { definePermissions } from '../../auth/permissions.ts';

export const calendarPermissions = definePermissions({
  /** A school's calendar (with the county's holidays and its own closures). */
  'calendar.read': [
    'bureau_admin',
    'bureau_analyst',
    'township_official',
    'principal',
    'deputy_head',
    'homeroom_teacher',
  ],
  /** The county calendar page is the bureau's. */
  'calendar.county.read': ['bureau_admin', 'bureau_analyst'],
  /** Holidays for years the official list lacks, make-up days and county-wide closures. */
  'calendar.county.write': ['bureau_admin'],
  /** A school's own closure (e.g. its road flooded). */
  'calendar.school.write': ['bureau_admin', 'principal'],
});
