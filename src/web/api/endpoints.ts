import { get, patch, post, put, request, upload, withQuery } from './client.ts';
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
  CrosscheckRun,
  CrosscheckRunList,
  EscalationTask,
  Finding,
  FindingParams,
  FindingSummary,
  GroupMembership,
  GroupMembershipInput,
  Guardian,
  GuardianInput,
  HouseholdRecord,
  ImportJob,
  ImportStart,
  ImportSummary,
  LeaveDecision,
  LeaveListParams,
  LeaveRequest,
  LeaveRequestCreate,
  ListPreview,
  Me,
  OverdueSummary,
  Page,
  Region,
  RejectedRows,
  ReviewDecision,
  ReviewItem,
  ReviewPage,
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
  VerificationImportResult,
  VerificationInput,
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

  previewList: (countyCode: string, form: FormData) =>
    upload<ListPreview>(withQuery('/api/imports/preview', { countyCode }), form),
  startImport: (body: ImportStart) => post<{ jobId: string }>('/api/imports', body),
  importJob: (jobId: string) => get<ImportJob>(`/api/imports/jobs/${jobId}`),
  imports: (countyCode: string) => get<{ imports: ImportSummary[] }>('/api/imports', { countyCode }),
  rejectedRows: (importId: number, page: number) =>
    get<RejectedRows>(`/api/imports/${importId}/rejected`, { page, pageSize: 50 }),
  rejectedXlsxUrl: (importId: number) => `/api/imports/${importId}/rejected.xlsx`,

  crosscheckRuns: (countyCode: string) => get<CrosscheckRunList>('/api/crosscheck/runs', { countyCode }),
  runCrosscheck: (countyCode: string, asOf?: string) =>
    post<CrosscheckRun>('/api/crosscheck/runs', { countyCode, asOf }),
  reviewQueue: (countyCode: string) =>
    get<ReviewPage>('/api/crosscheck/review', { countyCode, pageSize: 20 }),
  decideReview: (item: ReviewItem, countyCode: string, decision: ReviewDecision) =>
    post<{ decision: ReviewDecision; stored: boolean; remaining: number }>(
      '/api/crosscheck/review/decision',
      {
        countyCode,
        runId: item.runId,
        importId: item.importId,
        listRow: item.listRow,
        childId: item.child.childId,
        decision,
      },
    ),
  findings: (params: FindingParams) =>
    get<Page<Finding> & { runId: number | null }>('/api/crosscheck/findings', { ...params }),
  findingSummary: (countyCode: string) =>
    get<FindingSummary>('/api/crosscheck/findings/summary', { countyCode }),
  verify: (body: VerificationInput) =>
    post<{ verificationId: number; returnCaseId: number | null }>('/api/crosscheck/verifications', body),
  importVerifications: (form: FormData) =>
    upload<VerificationImportResult>('/api/crosscheck/verifications/import', form),
  checkSheetUrl: (runId: number, township: string, village?: string) =>
    withQuery(`/api/crosscheck/${runId}/check-sheet.xlsx`, { township, village }),
  household: (childId: number) => get<{ items: HouseholdRecord[] }>(`/api/children/${childId}/household`),
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
  imports: (countyCode: string) => ['imports', countyCode] as const,
  importJob: (jobId: string) => ['importJob', jobId] as const,
  rejectedRows: (importId: number, page: number) => ['rejectedRows', importId, page] as const,
  /** Everything a cross-check run changes: runs, review queue, findings, summaries. */
  crosscheck: ['crosscheck'] as const,
  crosscheckRuns: (countyCode: string) => ['crosscheck', 'runs', countyCode] as const,
  reviewQueue: (countyCode: string) => ['crosscheck', 'review', countyCode] as const,
  findings: (params: FindingParams) => ['crosscheck', 'findings', params] as const,
  findingSummary: (countyCode: string) => ['crosscheck', 'summary', countyCode] as const,
  household: (childId: number) => ['household', childId] as const,
};
