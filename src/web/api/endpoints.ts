import { get, patch, post, put, request } from './client.ts';
import type {
  AuditEntry,
  AuditParams,
  CalendarEntryCreate,
  CalendarMonth,
  ChildAttendance,
  ChildCreateInput,
  ChildDetail,
  ChildListParams,
  ChildSummary,
  ChildUpdateInput,
  ClassAttendanceMonth,
  ClassList,
  CountyPolicyOverview,
  CountyPolicySave,
  CountyPolicySaved,
  EscalationTask,
  GroupMembership,
  GroupMembershipInput,
  Guardian,
  GuardianInput,
  LeaveDecision,
  LeaveListParams,
  LeaveRequest,
  LeaveRequestCreate,
  Me,
  OverdueSummary,
  Page,
  Region,
  RollCallSaved,
  RollCallSheet,
  RollCallStatus,
  RollCallSubmit,
  School,
  SchoolListParams,
  SuspectedDropout,
  TaskListParams,
  TaskOutcome,
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

  rollCall: (classId: number, day?: string) =>
    get<RollCallSheet>(`/api/classes/${classId}/roll-call`, { day }),
  submitRollCall: (classId: number, body: RollCallSubmit) =>
    put<RollCallSaved>(`/api/classes/${classId}/roll-call`, body),
  classAttendance: (classId: number, month: string) =>
    get<ClassAttendanceMonth>(`/api/classes/${classId}/attendance`, { month }),
  childAttendance: (childId: number, range: { from?: string; to?: string } = {}) =>
    get<ChildAttendance>(`/api/children/${childId}/attendance`, range),
  createLeave: (childId: number, body: LeaveRequestCreate) =>
    post<LeaveRequest>(`/api/children/${childId}/leave-requests`, body),
  leaveRequests: (params: LeaveListParams) => get<Page<LeaveRequest>>('/api/leave-requests', { ...params }),
  decideLeave: (id: number, body: LeaveDecision) =>
    post<LeaveRequest>(`/api/leave-requests/${id}/decision`, body),
  tasks: (params: TaskListParams) => get<Page<EscalationTask>>('/api/tasks', { ...params }),

  recordOutcome: (taskId: number, body: TaskOutcome) =>
    post<EscalationTask>(`/api/tasks/${taskId}/outcome`, body),
  overdue: (groupBy: OverdueSummary['groupBy']) =>
    get<OverdueSummary>('/api/escalations/overdue', { groupBy }),
  suspectedDropouts: (page: number) => get<Page<SuspectedDropout>>('/api/suspected-dropouts', { page }),
  rollCallStatus: (day?: string) => get<RollCallStatus>('/api/roll-call-status', { day }),
  countyPolicy: (code: string) => get<CountyPolicyOverview>(`/api/counties/${code}/policy`),
  saveCountyPolicy: (code: string, body: CountyPolicySave) =>
    post<CountyPolicySaved>(`/api/counties/${code}/policy`, body),
  countyCalendar: (code: string, month: string) =>
    get<CalendarMonth>(`/api/counties/${code}/calendar`, { month }),
  schoolCalendar: (schoolId: number, month: string) =>
    get<CalendarMonth>(`/api/schools/${schoolId}/calendar`, { month }),
  addCountyEntry: (code: string, body: CalendarEntryCreate) =>
    post<{ id: number }>(`/api/counties/${code}/calendar-entries`, body),
  removeCountyEntry: (code: string, id: number) =>
    request<void>('DELETE', `/api/counties/${code}/calendar-entries/${id}`),
  addSchoolClosure: (schoolId: number, body: { day: string; note: string }) =>
    post<{ id: number }>(`/api/schools/${schoolId}/closures`, body),
  removeSchoolClosure: (schoolId: number, entryId: number) =>
    request<void>('DELETE', `/api/schools/${schoolId}/closures/${entryId}`),
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
  rollCall: (classId: number, day: string | undefined) => ['rollCall', classId, day ?? ''] as const,
  classAttendance: (classId: number, month: string) => ['classAttendance', classId, month] as const,
  childAttendance: (childId: number) => ['childAttendance', childId] as const,
  leaveRequests: (params: LeaveListParams) => ['leaveRequests', params] as const,
  tasks: (params: TaskListParams) => ['tasks', params] as const,
  overdue: (groupBy: string) => ['overdue', groupBy] as const,
  suspectedDropouts: (page: number) => ['suspectedDropouts', page] as const,
  rollCallStatus: (day: string | undefined) => ['rollCallStatus', day ?? ''] as const,
  countyPolicy: (code: string) => ['countyPolicy', code] as const,
  /** scope: 'county:341802' or 'school:12'. */
  calendar: (scope: string, month: string) => ['calendar', scope, month] as const,
};
