import { get, patch, post } from './client.ts';
import type {
  AuditEntry,
  AuditParams,
  ChildCreateInput,
  ChildDetail,
  ChildListParams,
  ChildSummary,
  ChildUpdateInput,
  ClassList,
  GroupMembership,
  GroupMembershipInput,
  Guardian,
  GuardianInput,
  Me,
  Page,
  Region,
  School,
  SchoolListParams,
  TemporaryPassword,
  UserCreateInput,
  UserListParams,
  UserSummary,
} from './types.ts';

type Ok = { ok: true };

export const api = {
  signIn: (username: string, password: string) => post<Ok>('/api/auth/sign-in', { username, password }),
  signOut: () => post<Ok>('/api/auth/sign-out'),
  me: () => get<Me>('/api/auth/me'),
  changePassword: (currentPassword: string, newPassword: string) =>
    post<Ok>('/api/auth/password', { currentPassword, newPassword }),

  regions: (parent?: string) => get<{ items: Region[] }>('/api/regions', { parent }),

  schools: (params: SchoolListParams) => get<Page<School>>('/api/schools', { ...params }),
  classes: (schoolId: number) => get<ClassList>(`/api/schools/${schoolId}/classes`),

  children: (params: ChildListParams) => get<Page<ChildSummary>>('/api/children', { ...params }),
  child: (id: number) => get<ChildDetail>(`/api/children/${id}`),
  createChild: (body: ChildCreateInput) => post<ChildDetail>('/api/children', body),
  updateChild: (id: number, body: ChildUpdateInput) => patch<ChildDetail>(`/api/children/${id}`, body),
  revealId: (id: number, reason: string) =>
    post<{ idNumber: string | null }>(`/api/children/${id}/reveal-id`, { reason }),
  moveClass: (id: number, body: { classId: number; startedOn: string; reason: string }) =>
    post<ChildDetail>(`/api/children/${id}/enrollment`, body),

  addGuardian: (childId: number, body: GuardianInput) =>
    post<Guardian>(`/api/children/${childId}/guardians`, body),
  updateGuardian: (childId: number, guardianId: number, body: Partial<GuardianInput> & { version: number }) =>
    patch<Guardian>(`/api/children/${childId}/guardians/${guardianId}`, body),
  endGuardian: (childId: number, guardianId: number, reason: string) =>
    post<Ok>(`/api/children/${childId}/guardians/${guardianId}/end`, { reason }),

  addGroup: (childId: number, body: GroupMembershipInput) =>
    post<GroupMembership>(`/api/children/${childId}/groups`, body),
  endGroup: (childId: number, membershipId: number, reason: string) =>
    post<Ok>(`/api/children/${childId}/groups/${membershipId}/end`, { reason }),

  audit: (params: AuditParams) => get<Page<AuditEntry>>('/api/audit', { ...params }),

  users: (params: UserListParams) => get<Page<UserSummary>>('/api/users', { ...params }),
  createUser: (body: UserCreateInput) => post<TemporaryPassword & { userId: number }>('/api/users', body),
  resetUserPassword: (id: number) => post<TemporaryPassword>(`/api/users/${id}/reset-password`),
  disableUser: (id: number) => post<{ username: string; disabled: true }>(`/api/users/${id}/disable`),
};

export const keys = {
  me: ['me'] as const,
  regions: (parent: string | undefined) => ['regions', parent ?? ''] as const,
  schools: (params: SchoolListParams) => ['schools', params] as const,
  classes: (schoolId: number) => ['classes', schoolId] as const,
  children: (params: ChildListParams) => ['children', params] as const,
  child: (id: number) => ['child', id] as const,
  audit: (params: AuditParams) => ['audit', params] as const,
  users: (params: UserListParams) => ['users', params] as const,
};
