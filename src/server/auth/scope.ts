import type { Actor, Grant } from './actor.ts';
import { grantsFor } from './permissions.ts';

/** Where a record sits, resolved by the route's locator before the guard decides. */
export interface RecordLocation {
  countyCode: string;
  /** Region the record belongs to at the finest known level (school township, or hukou region). */
  regionCode: string | null;
  schoolId: number | null;
  classId: number | null;
  /** Helpers currently paired with the child, for the paired-children scope. */
  helperUserIds: readonly number[];
  /** The record is a school itself: a homeroom teacher may open their own school's page. */
  isSchool?: boolean;
}

export function grantCovers(grant: Grant, location: RecordLocation, userId: number): boolean {
  switch (grant.level) {
    case 'national':
      return true;
    case 'province':
    case 'city':
    case 'county': {
      const prefix = grant.regionPrefix ?? '';
      return location.countyCode.startsWith(prefix.slice(0, 6));
    }
    case 'township':
      return location.regionCode?.startsWith(grant.regionPrefix ?? '-') ?? false;
    case 'school':
      return location.schoolId !== null && location.schoolId === grant.schoolId;
    case 'class':
      if (location.isSchool) return location.schoolId === grant.schoolId;
      return location.classId !== null && location.classId === grant.classId;
    case 'paired':
      return location.helperUserIds.includes(userId);
  }
}

export function actorMaySee(actor: Actor, permission: string, location: RecordLocation): boolean {
  return grantsFor(actor, permission).some((grant) => grantCovers(grant, location, actor.userId));
}
