import type { Role, ScopeLevel } from '../../domain/index.ts';

/** One role held over one scope. */
export interface Grant {
  role: Role;
  level: ScopeLevel;
  /** Significant prefix of the region code (2, 4, 6 or 9 digits) for region-level scopes. */
  regionPrefix?: string;
  regionCode?: string;
  /** The school of a school grant, and also of a class grant. */
  schoolId?: number;
  classId?: number;
}

export interface Actor {
  userId: number;
  username: string;
  displayName: string;
  grants: Grant[];
  ip: string | null;
}

/** The CLI acts as this user; its audit rows say so. */
export const SYSTEM_ACTOR: Actor = {
  userId: 0,
  username: 'system',
  displayName: '系统',
  grants: [{ role: 'bureau_admin', level: 'national' }],
  ip: null,
};
