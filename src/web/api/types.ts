// Mirrors the server's JSON contract (src/server/**/schema.ts). Kept as plain interfaces so the
// web bundle never pulls zod or the server code in.
import type { CountyPolicy, PolicyChange } from '../../domain/countyPolicy.ts';
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

// ---------- attendance and leave (src/server/modules/attendance/schema.ts) ----------
export type MarkKind = 'absent' | 'late' | 'left_early' | 'leave';
export type MarkPortion = 'whole' | 'morning' | 'afternoon';
export type AbsenceReason = 'sick' | 'personal' | 'other' | 'unknown';
export type LeaveKind = 'sick' | 'personal' | 'other';
export type LeaveChannel = 'in_person' | 'phone' | 'message' | 'note';
export type LeaveStatus = 'pending' | 'approved' | 'rejected' | 'cancelled';
export type DayKind = 'school_day' | 'makeup_day' | 'weekend' | 'holiday' | 'closure' | 'outside_term';

export interface AttendanceMark {
  kind: MarkKind;
  portion: MarkPortion;
  reason: AbsenceReason | null;
  symptoms: string | null;
  note: string | null;
}

export interface DayInfo {
  day: string;
  kind: DayKind;
  schoolDay: boolean;
  label: string;
}

export interface LeaveRequest {
  id: number;
  childId: number;
  childName: string;
  className: string | null;
  kind: LeaveKind;
  startsOn: string;
  endsOn: string;
  schoolDays: number;
  reason: string | null;
  symptoms: string | null;
  requestedBy: string;
  requestedVia: LeaveChannel;
  recordedAt: string;
  recordedByName: string | null;
  /** 补假: recorded after the leave had started. */
  recordedLate: boolean;
  approverRole: Role;
  status: LeaveStatus;
  decidedAt: string | null;
  decidedByName: string | null;
  decisionNote: string | null;
  policyVersion: number;
}

export interface RollCallChild {
  childId: number;
  name: string;
  sex: Sex;
  grade: number | null;
  studentNumber: string | null;
  mark: AttendanceMark | null;
  /** Approved leave in force that day. */
  leave: { id: number; kind: LeaveKind; startsOn: string; endsOn: string } | null;
}

export interface RollCallSheet {
  classId: number;
  className: string;
  schoolId: number;
  schoolName: string;
  day: string;
  today: string;
  dayInfo: DayInfo;
  /** Today's roll call may be submitted and changed; past days are read-only. */
  editable: boolean;
  submitted: {
    revision: number;
    submittedAt: string;
    submittedByName: string | null;
    updatedAt: string;
    updatedByName: string | null;
  } | null;
  children: RollCallChild[];
}

export interface RollCallSubmit {
  day: string;
  /** null for the day's first submission, else the revision read (optimistic lock). */
  revision: number | null;
  marks: Array<AttendanceMark & { childId: number }>;
}

export interface RollCallSaved extends RollCallSheet {
  tasksOpened: number;
}

export interface ClassAttendanceMonth {
  classId: number;
  /** The server's today: school days before it without a roll call show as unsubmitted. */
  today: string;
  className: string;
  schoolName: string;
  month: string;
  days: Array<DayInfo & { submitted: boolean }>;
  children: Array<{
    childId: number;
    name: string;
    marks: Array<{
      day: string;
      kind: MarkKind;
      portion: MarkPortion;
      reason: AttendanceMark['reason'];
      excused: boolean;
    }>;
    unexcusedDays: number;
  }>;
}

export interface ChildAbsence extends AttendanceMark {
  day: string;
  excused: boolean;
}

export interface ChildAttendance {
  childId: number;
  name: string;
  from: string;
  to: string;
  absences: ChildAbsence[];
  leaves: LeaveRequest[];
  summary: { unexcusedDays: number; excusedDays: number; late: number; leftEarly: number; sickDays: number };
}

export interface LeaveRequestCreate {
  kind: LeaveKind;
  startsOn: string;
  endsOn: string;
  reason?: string | null;
  symptoms?: string | null;
  requestedBy: string;
  requestedVia: LeaveChannel;
}

export interface LeaveDecision {
  decision: 'approve' | 'reject';
  note?: string | null;
}

export interface LeaveListParams {
  status?: LeaveStatus;
  page?: number;
  pageSize?: number;
}

// ---------- escalation (src/server/modules/escalation/schema.ts) ----------
export type TaskStatus = 'open' | 'overdue' | 'done' | 'closed';

export interface TaskOutcome {
  reached: 'guardian' | 'child' | 'relative' | 'nobody';
  channel: 'phone' | 'visit' | 'message' | 'other';
  reasonGiven: string | null;
  expectedReturn: string | null;
  childReturned: boolean;
  note: string | null;
}

export interface EscalationTask {
  id: number;
  childId: number;
  childName: string;
  studentNumber: string | null;
  classId: number | null;
  className: string | null;
  schoolId: number;
  schoolName: string;
  townshipName: string;
  /** The step's place in the county's ladder (1, 2, 3…). */
  step: number;
  /** The day of consecutive unexcused absence that opens it (1/2/3 by default, 1/3/5 in some counties). */
  runDay: number;
  action: 'contact_guardians' | 'home_visit' | 'report';
  roles: Role[];
  runStartedOn: string;
  triggerDay: string;
  dueAt: string;
  status: TaskStatus;
  policyVersion: number;
  unstaffedRoles: Role[];
  owners: Array<{ userId: number; name: string; role: Role; viaRole: Role; kind: 'owner' | 'notify' }>;
  mine: boolean;
  outcome: TaskOutcome | null;
  outcomeAt: string | null;
  outcomeByName: string | null;
  closedReason: 'returned' | 'excused' | null;
}

export interface TaskListParams {
  view?: 'mine' | 'supervise' | 'all';
  status?: TaskStatus;
  childId?: number;
  page?: number;
  pageSize?: number;
}

// ---------- oversight (src/server/modules/{escalation,attendance}/schema.ts) ----------
export interface OverdueGroup {
  key: string;
  name: string;
  township: string | null;
  open: number;
  overdue: number;
  oldestDueAt: string | null;
}

export interface OverdueSummary {
  groupBy: 'school' | 'township';
  groups: OverdueGroup[];
  suspectedDropouts: number;
}

export interface SuspectedDropout {
  childId: number;
  childName: string;
  schoolName: string;
  className: string | null;
  runStartedOn: string;
  enteredOn: string;
  policyVersion: number;
}

export interface RollCallStatus {
  day: string;
  dayIsSchoolDay: boolean;
  /** The policy's roll-call hour, HH:MM. */
  rollCallBy: string;
  pastDeadline: boolean;
  totals: { classes: number; submitted: number; missing: number };
  schools: Array<{
    schoolId: number;
    schoolName: string;
    townshipName: string;
    classes: number;
    submitted: number;
    missing: Array<{ classId: number; className: string; teacherName: string | null }>;
  }>;
}

// ---------- county policy (src/server/modules/policy/schema.ts) ----------
export interface CountyPolicyVersion {
  version: number;
  effectiveFrom: string;
  reason: string | null;
  createdAt: string;
  createdByName: string | null;
  state: 'current' | 'scheduled' | 'past';
  policy: CountyPolicy;
}

export interface CountyPolicyOverview {
  countyCode: string;
  today: string;
  current: number;
  versions: CountyPolicyVersion[];
}

export interface CountyPolicySave {
  policy: CountyPolicy;
  effectiveFrom: string;
  reason?: string | null;
}

export interface CountyPolicySaved {
  version: number;
  changes: PolicyChange[];
}

// ---------- school calendar (src/server/modules/calendar/schema.ts) ----------
export type CalendarEntryKind = 'holiday' | 'workday' | 'closure';

export interface CalendarEntry {
  id: number;
  day: string;
  kind: CalendarEntryKind;
  note: string | null;
  /** null: a county-wide entry. */
  schoolId: number | null;
  schoolName: string | null;
}

export interface CalendarMonth {
  countyCode: string;
  schoolId: number | null;
  month: string;
  /** Whether the official public-holiday list covers this year; if not, the bureau enters it. */
  officialListCovers: boolean;
  days: DayInfo[];
  entries: CalendarEntry[];
  terms: Array<{ startsOn: string; endsOn: string }>;
}

export interface CalendarEntryCreate {
  day: string;
  kind: CalendarEntryKind;
  note?: string | null;
}

// Government lists and the cross-check (src/server/modules/imports, crosscheck).
export type ListKind = 'students' | 'police' | 'poverty' | 'disabled' | 'civil';
export type ListSex = '1' | '2';

export interface ListPreview {
  uploadId: string;
  format: string;
  encoding: string | null;
  headerRow: number;
  headers: Array<{ index: number; header: string; field: string | null }>;
  preview: string[][];
  unmatched: string[];
  remembered: boolean;
  refusal: string | null;
}

export interface ImportStart {
  uploadId: string;
  kind: ListKind;
  countyCode: string;
  unit?: string;
  cutOffDate?: string;
  documentNumber?: string;
  /** Header text → field, '' for a column left unused. */
  mapping?: Record<string, string>;
}

export interface ImportResult {
  importId: number;
  read: number;
  accepted: number;
  rejected: number;
}

export interface ImportJob {
  state: 'running' | 'done' | 'failed';
  rowsRead: number;
  result?: ImportResult;
  error?: { code: string; message: string };
}

export interface ImportSummary extends Omit<ImportResult, 'importId'> {
  id: number;
  countyCode: string;
  kind: ListKind;
  department: string;
  unit: string;
  fileName: string;
  format: string;
  encoding: string | null;
  cutOffDate: string | null;
  documentNumber: string | null;
  status: 'current' | 'superseded' | 'empty';
  supersededBy: number | null;
  createdAt: string;
  createdBy: string | null;
}

export interface RejectedRows {
  importId: number;
  fileName: string;
  header: string[];
  total: number;
  page: number;
  pageSize: number;
  rows: Array<{ rowNumber: number; listRow: number | null; reason: string; cells: string[] }>;
}

export type FindingCode =
  | 'not_enrolled'
  | 'hukou_cancelled'
  | 'hukou_mismatch'
  | 'duplicate_hukou'
  | 'no_hukou_record'
  | 'group_unknown_to_school';
export type VerificationOutcome =
  | 'studying_elsewhere'
  | 'living_elsewhere'
  | 'deceased'
  | 'emigrated'
  | 'out_of_school';

export interface CrosscheckRun {
  runId: number;
  countyCode: string;
  asOf: string;
  /** By finding code, plus links and review. */
  counts: Record<string, number>;
  elapsedMs: number;
}

export interface CrosscheckRunList {
  items: Array<
    Omit<CrosscheckRun, 'countyCode' | 'elapsedMs'> & {
      elapsedMs: number | null;
      createdAt: string;
      createdByName: string | null;
    }
  >;
}

interface PersonFields {
  name: string | null;
  sex: ListSex | null;
  birthDate: string | null;
  idNumber: string | null;
}

export type ReviewField = 'name' | 'sex' | 'birthDate' | 'idNumber';

export interface ReviewItem {
  runId: number;
  importId: number;
  listRow: number;
  kind: string;
  score: number;
  reasons: Array<{ code: string; label: string }>;
  differing: ReviewField[];
  listRecord: PersonFields & { address: string | null; townshipCode: string | null };
  child: PersonFields & {
    childId: number;
    countyCode: string;
    studentNumber: string | null;
    schoolName: string | null;
    grade: number | null;
  };
}

export interface ReviewPage {
  runId: number | null;
  total: number;
  items: ReviewItem[];
}

export type ReviewDecision = 'confirm' | 'reject' | 'skip';

export interface Finding {
  id: number;
  code: FindingCode;
  label: string;
  kind: string | null;
  listRow: number | null;
  name: string | null;
  sex: ListSex | null;
  birthDate: string | null;
  idNumber: string | null;
  childId: number | null;
  schoolId: number | null;
  schoolName: string | null;
  townshipCode: string | null;
  townshipName: string | null;
  villageCode: string | null;
  subjectKey: string;
  detail: string | null;
  verification: VerificationOutcome | null;
}

export interface FindingParams {
  countyCode: string;
  code?: FindingCode;
  township?: string;
  page?: number;
  pageSize?: number;
}

export interface FindingSummary {
  runId: number | null;
  asOf: string | null;
  rows: Array<{
    code: FindingCode;
    label: string;
    townshipCode: string | null;
    townshipName: string | null;
    total: number;
    unverified: number;
    verified: Record<string, number>;
  }>;
}

export interface VerificationInput {
  countyCode: string;
  findingId: number;
  outcome: VerificationOutcome;
  schoolName?: string;
  proof?: string;
  note?: string;
}

export interface VerificationImportResult {
  read: number;
  accepted: number;
  rejected: number;
  rejectedRows: Array<{ rowNumber: number; listRow: number; reason: string }>;
}

export interface HouseholdRecord {
  countyCode: string;
  runId: number;
  asOf: string;
  kind: string;
  importId: number;
  listRow: number;
  score: number;
  decision: 'auto' | 'review' | 'confirmed';
  name: string | null;
  sex: ListSex | null;
  birthDate: string | null;
  idNumber: string | null;
  address: string | null;
  hukouStatus: string | null;
  groupCode: string | null;
  issuingUnit: string;
}
