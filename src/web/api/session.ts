import { useQuery } from '@tanstack/react-query';
import { ROLES_WITHOUT_CHILD_DATA, type Role } from '../../domain/roles.ts';
import { isApiError } from './client.ts';
import { api, keys } from './endpoints.ts';
import type { Me } from './types.ts';

/** The signed-in user, or null when there is no session. */
export async function fetchMe(): Promise<Me | null> {
  try {
    return await api.me();
  } catch (error) {
    if (isApiError(error) && error.status === 401) return null;
    throw error;
  }
}

/** The signed-in user, or null when there is no session. */
export function useMe() {
  return useQuery<Me | null>({
    queryKey: keys.me,
    queryFn: fetchMe,
    staleTime: 5 * 60_000,
    retry: false,
  });
}

const CHILD_CREATORS: readonly Role[] = ['principal', 'deputy_head', 'homeroom_teacher', 'bureau_admin'];

export function roles(me: Me | null | undefined): Role[] {
  return [...new Set((me?.grants ?? []).map((g) => g.role))];
}

export function seesChildren(me: Me | null | undefined): boolean {
  return roles(me).some((role) => !ROLES_WITHOUT_CHILD_DATA.includes(role));
}

/** A helper teacher's scope is the paired children, never a school: the server lists no schools to it. */
export function seesSchools(me: Me | null | undefined): boolean {
  return (me?.grants ?? []).some((g) => !ROLES_WITHOUT_CHILD_DATA.includes(g.role) && g.level !== 'paired');
}

export function isAuditor(me: Me | null | undefined): boolean {
  return roles(me).includes('auditor');
}

export function mayCreateChild(me: Me | null | undefined): boolean {
  return roles(me).some((role) => CHILD_CREATORS.includes(role));
}

export function isSystemAdmin(me: Me | null | undefined): boolean {
  return roles(me).includes('system_admin');
}

export function hasAnyRole(me: Me | null | undefined, wanted: readonly Role[]): boolean {
  return roles(me).some((role) => wanted.includes(role));
}

/** Who sees overdue steps one level down (the 下级逾期 tab and the 逾期督办 page). */
export const SUPERVISOR_ROLES: readonly Role[] = [
  'principal',
  'deputy_head',
  'township_official',
  'bureau_admin',
  'bureau_analyst',
];
/** The county policy page: the bureau edits it, its analysts read it. */
export const POLICY_ROLES: readonly Role[] = ['bureau_admin', 'bureau_analyst'];
/** The calendar page: the bureau keeps the county's, a school's head its closures. */
export const CALENDAR_ROLES: readonly Role[] = ['bureau_admin', 'principal', 'deputy_head'];

/** Where a user lands after sign-in. */
export function homePath(me: Me | null | undefined): string {
  if (seesChildren(me)) return '/children';
  if (isSystemAdmin(me)) return '/users';
  if (isAuditor(me)) return '/audit';
  return '/welcome';
}
