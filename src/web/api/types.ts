// Mirrors the server's JSON contract (src/server/**/schema.ts). Kept as plain interfaces so the
// web bundle never pulls zod or the server code in.
import type { Role, ScopeLevel } from '../../domain/roles.ts';

export type Sex = 'male' | 'female';
export type Boarding = 'day' | 'boarding';

export interface Grant {
  role: Role;
  level: ScopeLevel;
  regionCode?: string;
  schoolId?: number;
  classId?: number;
  scopeName: string;
}

export interface Me {
  userId: number;
  username: string;
  displayName: string;
  mustChangePassword: boolean;
  csrfToken: string;
  grants: Grant[];
}

export interface Region {
  code: string;
  name: string;
  level: 'province' | 'city' | 'county' | 'township' | 'village';
}

export interface School {
  id: number;
  code: string;
  name: string;
  type: string;
  countyCode: string;
  townshipCode: string;
  townshipName: string;
  classCount: number;
  childCount: number;
}

export interface SchoolClass {
  id: number;
  schoolId: number;
  schoolYear: number;
  grade: number;
  classNumber: number;
  name: string;
  homeroomTeacherName: string | null;
  childCount: number;
}

export interface ClassList {
  school: { id: number; code: string; name: string; type: string };
  items: SchoolClass[];
}

export interface Page<T> {
  total: number;
  page?: number;
  pageSize?: number;
  items: T[];
}

export interface ChildSummary {
  id: number;
  name: string;
  sex: Sex;
  birthDate: string;
  idType: string;
  idNumberMasked: string | null;
  studentNumber: string | null;
  schoolId: number | null;
  schoolName: string | null;
  classId: number | null;
  className: string | null;
  grade: number | null;
  groups: string[];
}

export interface Guardian {
  id: number;
  name: string;
  relation: string;
  phone: string | null;
  idNumberMasked: string | null;
  isGuardian: boolean;
  workingAway: boolean;
  workPlace: string | null;
  endedAt: string | null;
  version: number;
}

export interface GroupMembership {
  id: number;
  group: string;
  sourceDepartment: string;
  validFrom: string;
  validTo: string | null;
  details: { disabilityCategory?: string; disabilityLevel?: string; note?: string; [key: string]: unknown };
  documentNumber: string | null;
  endedAt: string | null;
  endReason: string | null;
}

export interface Enrollment {
  id: number;
  schoolYear: number;
  schoolId: number;
  schoolName: string;
  classId: number | null;
  className: string | null;
  grade: number;
  startedOn: string;
  endedOn: string | null;
  endReason: string | null;
}

export interface ChildDetail extends ChildSummary {
  countyCode: string;
  ethnicity: string | null;
  hukouRegionCode: string | null;
  hukouRegionName: string | null;
  hukouAddress: string | null;
  hukouNature: string | null;
  residenceAddress: string | null;
  boarding: Boarding | null;
  healthStatus: string | null;
  mayRevealId: boolean;
  mayEdit: boolean;
  version: number;
  updatedAt: string;
  guardians: Guardian[];
  groupMemberships: GroupMembership[];
  enrollments: Enrollment[];
}

/** The editable profile fields, shared by create and update. */
export interface ChildFields {
  name?: string;
  sex?: Sex;
  birthDate?: string;
  idType?: string;
  idNumber?: string | null;
  studentNumber?: string | null;
  ethnicity?: string | null;
  hukouRegionCode?: string | null;
  hukouAddress?: string | null;
  hukouNature?: string | null;
  residenceAddress?: string | null;
  boarding?: Boarding | null;
  healthStatus?: string | null;
}

export interface ChildCreateInput extends ChildFields {
  classId: number;
  startedOn?: string;
}

export interface ChildUpdateInput extends ChildFields {
  version: number;
}

export interface GuardianInput {
  name: string;
  relation: string;
  phone?: string | null;
  idNumber?: string | null;
  isGuardian: boolean;
  workingAway: boolean;
  workPlace?: string | null;
}

export interface GroupMembershipInput {
  group: string;
  sourceDepartment: string;
  documentNumber?: string | null;
  validFrom: string;
  validTo?: string | null;
  details: { disabilityCategory?: string; disabilityLevel?: string; note?: string };
}

export interface AuditEntry {
  id: number;
  at: string;
  username: string | null;
  action: string;
  entity: string | null;
  entityId: string | number | null;
  countyCode: string | null;
  reason: string | null;
  detail: unknown;
  ip: string | null;
}

export interface ChildListParams {
  q?: string;
  schoolId?: number;
  classId?: number;
  grade?: number;
  group?: string;
  page?: number;
  pageSize?: number;
}

export interface SchoolListParams {
  q?: string;
  townshipCode?: string;
  type?: string;
  page?: number;
  pageSize?: number;
}

export interface AuditParams {
  username?: string;
  action?: string;
  entity?: string;
  entityId?: string;
  from?: string;
  to?: string;
  page?: number;
  pageSize?: number;
}

export type ApiErrorCode =
  | 'validation'
  | 'bad_request'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'locked'
  | 'rate_limited'
  | 'payload_too_large'
  | 'internal'
  | 'network';

export interface FieldError {
  field: string;
  message: string;
}

export interface UserSummary {
  id: number;
  username: string;
  displayName: string;
  phone: string | null;
  disabled: boolean;
  locked: boolean;
  mustChangePassword: boolean;
  roles: Array<{ role: Role; level: ScopeLevel; scopeName: string }>;
}

export interface UserListParams {
  q?: string;
  role?: Role;
  page?: number;
  pageSize?: number;
}

export interface UserCreateInput {
  username: string;
  displayName: string;
  phone?: string | null;
  role: Role;
  scope?: string;
}

/** A temporary password, shown to the system admin once. */
export interface TemporaryPassword {
  username: string;
  temporaryPassword: string;
}
