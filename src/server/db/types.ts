import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** Timestamps arrive as ISO strings (see connection.ts parsers) and are written as strings or Date. */
type Instant = ColumnType<string, string | Date | undefined, string | Date>;
type InstantNullable = ColumnType<string | null, string | Date | null | undefined, string | Date | null>;
type Json = ColumnType<Record<string, unknown>, string | undefined, string>;

export interface RegionTable {
  code: string;
  name: string;
  level: string;
  parent_code: string | null;
  county_code: string | null;
}

export interface CountyTable {
  county_code: string;
  region_code: string;
  name: string;
  created_at: Instant;
}

export interface SchoolTable {
  id: Generated<number>;
  code: string;
  name: string;
  type: string;
  county_code: string;
  region_code: string;
  township_code: string;
  catchment_townships: ColumnType<string[], string[] | undefined, string[]>;
  address: string | null;
  ended_on: string | null;
  version: Generated<number>;
  created_at: Instant;
}

export interface SchoolTermTable {
  county_code: string;
  school_year: number;
  term: number;
  starts_on: string;
  ends_on: string;
}

export interface SchoolClassTable {
  id: Generated<number>;
  school_id: number;
  county_code: string;
  school_year: number;
  grade: number;
  class_number: number;
  homeroom_teacher_id: number | null;
  version: Generated<number>;
  created_at: Instant;
}

export interface AppUserTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  phone: string | null;
  password_hash: string;
  must_change_password: Generated<boolean>;
  failed_sign_ins: Generated<number>;
  locked_until: InstantNullable;
  disabled_at: InstantNullable;
  version: Generated<number>;
  created_at: Instant;
}

export interface UserRoleTable {
  id: Generated<number>;
  user_id: number;
  role: string;
  scope_level: string;
  region_code: string | null;
  school_id: number | null;
  class_id: number | null;
  ended_at: InstantNullable;
  created_at: Instant;
}

export interface UserSessionTable {
  token_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: Instant;
  last_seen_at: Instant;
  expires_at: Instant;
  revoked_at: InstantNullable;
  ip: string | null;
  /** From the county policy at sign-in (0005); null: the server's default. */
  idle_minutes: number | null;
}

export interface DataSourceTable {
  county_code: string;
  id: Generated<number>;
  department: string;
  issuing_unit: string | null;
  cut_off_date: string | null;
  document_number: string | null;
  note: string | null;
  created_at: Instant;
  created_by: number | null;
}

export interface ChildTable {
  county_code: string;
  id: Generated<number>;
  id_type: Generated<string>;
  id_number: string | null;
  id_last4: string | null;
  name: string;
  name_initials: string;
  name_pinyin: string;
  sex: string;
  birth_date: string;
  ethnicity: string | null;
  hukou_region_code: string | null;
  hukou_address: string | null;
  hukou_nature: string | null;
  residence_address: string | null;
  student_number: string | null;
  boarding: string | null;
  health_status: string | null;
  school_id: number | null;
  class_id: number | null;
  grade: number | null;
  source_id: number | null;
  ended_at: InstantNullable;
  end_reason: string | null;
  version: Generated<number>;
  created_at: Instant;
  updated_at: Instant;
}

export interface GuardianTable {
  county_code: string;
  id: Generated<number>;
  child_id: number;
  name: string;
  relation: string;
  phone: string | null;
  id_number: string | null;
  is_guardian: Generated<boolean>;
  working_away: Generated<boolean>;
  work_place: string | null;
  ended_at: InstantNullable;
  version: Generated<number>;
  created_at: Instant;
}

export interface EnrollmentTable {
  county_code: string;
  id: Generated<number>;
  child_id: number;
  school_year: number;
  school_id: number;
  class_id: number | null;
  grade: number;
  started_on: string;
  ended_on: string | null;
  end_reason: string | null;
  created_at: Instant;
}

export interface GroupMembershipTable {
  county_code: string;
  id: Generated<number>;
  child_id: number;
  group_code: string;
  source_department: string;
  source_id: number | null;
  valid_from: string;
  valid_to: string | null;
  details: Json;
  ended_at: InstantNullable;
  end_reason: string | null;
  version: Generated<number>;
  created_at: Instant;
}

export interface PairingTable {
  county_code: string;
  id: Generated<number>;
  child_id: number;
  helper_user_id: number;
  started_on: string;
  ended_on: string | null;
  created_at: Instant;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Instant;
  user_id: number | null;
  username: string;
  action: string;
  entity: string;
  entity_id: string | null;
  county_code: string | null;
  reason: string | null;
  detail: Json;
  ip: string | null;
}

export interface SchemaMigrationTable {
  name: string;
  applied_at: Instant;
}

export interface CountyPolicyTable {
  county_code: string;
  version: number;
  effective_from: string;
  policy: Json;
  reason: string | null;
  created_by: number | null;
  created_at: Instant;
}

export interface CalendarEntryTable {
  county_code: string;
  id: Generated<number>;
  day: string;
  school_id: number | null;
  kind: string;
  note: string | null;
  created_by: number | null;
  created_at: Instant;
}

export interface RollCallTable {
  county_code: string;
  id: Generated<number>;
  class_id: number;
  school_id: number;
  day: string;
  revision: Generated<number>;
  submitted_by: number | null;
  submitted_at: Instant;
  updated_by: number | null;
  updated_at: Instant;
}

export interface AbsenceTable {
  county_code: string;
  roll_call_id: number;
  child_id: number;
  day: string;
  kind: string;
  portion: Generated<string>;
  reason: string | null;
  symptoms: string | null;
  note: string | null;
}

export interface LeaveRequestTable {
  county_code: string;
  id: Generated<number>;
  child_id: number;
  kind: string;
  starts_on: string;
  ends_on: string;
  school_days: number;
  reason: string | null;
  symptoms: string | null;
  requested_by: string;
  requested_via: string;
  recorded_by: number | null;
  recorded_at: Instant;
  recorded_late: Generated<boolean>;
  approver_role: string;
  status: string;
  decided_by: number | null;
  decided_at: InstantNullable;
  decision_note: string | null;
  policy_version: number;
}

export interface EscalationTaskTable {
  county_code: string;
  id: Generated<number>;
  child_id: number;
  school_id: number;
  class_id: number | null;
  township_code: string;
  run_started_on: string;
  step_number: number;
  step_day: number;
  action: string;
  roles: string[];
  trigger_day: string;
  due_at: Instant;
  policy_version: number;
  supervisor_level: string;
  unstaffed_roles: ColumnType<string[], string[] | undefined, string[]>;
  status: Generated<string>;
  outcome: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  outcome_by: number | null;
  outcome_at: InstantNullable;
  closed_at: InstantNullable;
  closed_reason: string | null;
  created_at: Instant;
}

export interface EscalationTaskOwnerTable {
  county_code: string;
  task_id: number;
  user_id: number;
  role: string;
  via_role: string;
  kind: string;
}

export interface SuspectedDropoutTable {
  county_code: string;
  child_id: number;
  run_started_on: string;
  entered_on: string;
  school_id: number;
  policy_version: number;
  resolved_on: string | null;
  resolution: string | null;
  created_at: Instant;
}

export interface EscalationRunTable {
  county_code: string;
  id: Generated<number>;
  day: string;
  trigger: string;
  tasks_created: number;
  tasks_closed: number;
  dropouts_entered: number;
  elapsed_ms: number;
  ran_at: Instant;
}

export interface ListImportTable {
  county_code: string;
  id: Generated<number>;
  kind: string;
  source_id: number;
  issuing_unit: Generated<string>;
  file_name: string;
  format: string;
  encoding: string | null;
  status: string;
  read_rows: number;
  accepted: number;
  rejected: number;
  header_row: number;
  header_cells: ColumnType<unknown[], string | undefined, string>;
  column_mapping: Json;
  superseded_by: number | null;
  created_by: number | null;
  created_at: Instant;
}

export interface ListRecordTable {
  county_code: string;
  import_id: number;
  list_row: number;
  id_number: string | null;
  id_valid: Generated<boolean>;
  name: string | null;
  sex: string | null;
  birth_date: string | null;
  region_code: string | null;
  township_code: string | null;
  village_code: string | null;
  address: string | null;
  hukou_status: string | null;
  group_code: string | null;
  student_number: string | null;
  details: Json;
}

export interface ListRejectedRowTable {
  county_code: string;
  import_id: number;
  row_number: number;
  list_row: number | null;
  reason: string;
  cells: ColumnType<unknown[], string, string>;
}

export interface ListColumnMappingTable {
  county_code: string;
  kind: string;
  issuing_unit: Generated<string>;
  mapping: Json;
  updated_by: number | null;
  updated_at: Instant;
}

export interface CrosscheckRunTable {
  county_code: string;
  id: Generated<number>;
  as_of: string;
  import_ids: ColumnType<number[], number[] | undefined, number[]>;
  counts: Json;
  elapsed_ms: number | null;
  created_by: number | null;
  created_at: Instant;
}

export interface ListLinkTable {
  county_code: string;
  run_id: number;
  import_id: number;
  list_row: number;
  child_county_code: string;
  child_id: number;
  score: number;
  decision: string;
  reasons: ColumnType<string[], string[] | undefined, string[]>;
}

/** The auto links of one run and list as parallel arrays (0004_crosscheck.sql). */
export interface ListLinkSetTable {
  county_code: string;
  run_id: number;
  import_id: number;
  list_rows: number[];
  child_ids: number[];
  child_counties: string[];
  county_of: number[] | null;
  scores: number[];
  reason_sets: string[];
  reason_of: number[] | null;
}

export interface ReviewDecisionTable {
  county_code: string;
  list_fingerprint: string;
  child_county_code: string;
  child_id: number;
  decision: string;
  decided_by: number | null;
  decided_at: Instant;
}

export interface FindingTable {
  county_code: string;
  run_id: number;
  id: Generated<number>;
  code: string;
  kind: string | null;
  import_id: number | null;
  list_row: number | null;
  child_county_code: string | null;
  child_id: number | null;
  school_id: number | null;
  township_code: string | null;
  village_code: string | null;
  subject_key: string;
  detail: string | null;
}

export interface FindingVerificationTable {
  county_code: string;
  subject_key: string;
  id: Generated<number>;
  outcome: string;
  school_name: string | null;
  proof: string | null;
  note: string | null;
  verified_by: number | null;
  verified_at: Instant;
}

export interface ReturnCasePendingTable {
  county_code: string;
  id: Generated<number>;
  subject_key: string;
  verification_id: number;
  name: string | null;
  id_number: string | null;
  birth_date: string | null;
  township_code: string | null;
  village_code: string | null;
  opened_by: number | null;
  opened_at: Instant;
}

export interface DB {
  region: RegionTable;
  county: CountyTable;
  school: SchoolTable;
  school_term: SchoolTermTable;
  school_class: SchoolClassTable;
  app_user: AppUserTable;
  user_role: UserRoleTable;
  user_session: UserSessionTable;
  data_source: DataSourceTable;
  child: ChildTable;
  guardian: GuardianTable;
  enrollment: EnrollmentTable;
  group_membership: GroupMembershipTable;
  pairing: PairingTable;
  audit_log: AuditLogTable;
  schema_migration: SchemaMigrationTable;
  county_policy: CountyPolicyTable;
  calendar_entry: CalendarEntryTable;
  roll_call: RollCallTable;
  absence: AbsenceTable;
  leave_request: LeaveRequestTable;
  escalation_task: EscalationTaskTable;
  escalation_task_owner: EscalationTaskOwnerTable;
  suspected_dropout: SuspectedDropoutTable;
  escalation_run: EscalationRunTable;
  list_import: ListImportTable;
  list_record: ListRecordTable;
  list_rejected_row: ListRejectedRowTable;
  list_column_mapping: ListColumnMappingTable;
  crosscheck_run: CrosscheckRunTable;
  list_link: ListLinkTable;
  list_link_set: ListLinkSetTable;
  review_decision: ReviewDecisionTable;
  finding: FindingTable;
  finding_verification: FindingVerificationTable;
  return_case_pending: ReturnCasePendingTable;
}

export type ChildRow = Selectable<ChildTable>;
export type NewChild = Insertable<ChildTable>;
export type SchoolRow = Selectable<SchoolTable>;
export type AppUserRow = Selectable<AppUserTable>;
