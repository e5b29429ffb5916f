import type { Role } from '../../../domain/roles.ts';
import { roles } from '../../api/session.ts';
import type { Grant, Me } from '../../api/types.ts';

/** The classes a user takes the roll call of: their homeroom (or substitute) class grants. */
export function rollCallGrants(me: Me | null | undefined): Array<Grant & { classId: number }> {
  return (me?.grants ?? []).filter(
    (g): g is Grant & { classId: number } => g.role === 'homeroom_teacher' && g.classId !== undefined,
  );
}

// The server's 'leave.record' and 'leave.decide' roles (src/server/modules/attendance/policy.ts).
const LEAVE_ROLES: readonly Role[] = ['principal', 'deputy_head', 'homeroom_teacher'];

/**
 * Leave is school work: these roles record it and see the approvals page (which request each may
 * decide is the county policy's, checked on the server). A bureau admin may edit a child's
 * profile but records no leave.
 */
export function handlesLeave(me: Me | null | undefined): boolean {
  return roles(me).some((role) => LEAVE_ROLES.includes(role));
}
