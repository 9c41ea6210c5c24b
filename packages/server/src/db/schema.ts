/**
 * Table types for Kysely. Dates are epoch milliseconds, booleans are 0/1 integers and JSON is text,
 * on both SQLite and PostgreSQL, so that repositories read the same shapes from either.
 */
import type { Generated } from 'kysely';
import type { CollaborationTables } from './collaboration-schema.js';
import type { FeederFailureTable, FeederTable, WorkflowTable } from './feeder-schema.js';
import type { MispExportTable, MispServerTable } from './misp-schema.js';
import type { PreferenceTables } from './preference-schema.js';
import type { CaseReportTemplateTable } from './report-schema.js';
import type { SharingDatabase } from './sharing-schema.js';
import type { TaxiiRemoteTable, TaxiiStatusTable } from './taxii-schema.js';

export interface OrganisationTable {
  id: Generated<number>;
  name: string;
  description: string;
  created_at: number;
  created_by: string;
  updated_at: number | null;
  updated_by: string | null;
}

export interface ProfileTable {
  id: Generated<number>;
  name: string;
  /** JSON array of permission names. */
  permissions: string;
  builtin: number;
  created_at: number;
  created_by: string;
  updated_at: number | null;
  updated_by: string | null;
}

export interface UserTable {
  id: Generated<number>;
  login: string;
  name: string;
  email: string | null;
  type: string;
  password_hash: string | null;
  api_key_hash: string | null;
  locked: number;
  totp_secret: string | null;
  failed_attempts: number;
  last_failed_at: number | null;
  default_organisation_id: number | null;
  avatar: string | null;
  created_at: number;
  created_by: string;
  updated_at: number | null;
  updated_by: string | null;
}

export interface MembershipTable {
  user_id: number;
  organisation_id: number;
  profile_id: number;
}

export interface SessionTable {
  /** SHA-256 of the session token: the token itself is only in the cookie. */
  id: string;
  user_id: number;
  organisation_id: number | null;
  csrf_token: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  /** The single sign-on provider the session was opened through (migration 0020), null for a local login. */
  sso_provider?: string | null;
  /** The provider's ID token, for RP-initiated logout (OpenID Connect). */
  sso_id_token?: string | null;
}

/** A replaced password's hash (migration 0028). */
/** A user's own configuration value (migration 0027). */
export interface UserConfigTable {
  user_id: number;
  path: string;
  /** JSON */
  value: string;
  updated_at: number;
}

export interface PasswordHistoryTable {
  id: Generated<number>;
  user_id: number;
  password_hash: string;
  created_at: number;
}

/** A browser sign-in waiting for the identity provider's answer (migration 0020). */
export interface SsoRequestTable {
  id: string;
  provider: string;
  data: string;
  created_at: number;
  expires_at: number;
}

/** Signed daily alert count deltas (migration 0009), folded from time to time. */
export interface AlertRollupTable {
  id: Generated<number>;
  organisation_id: number;
  /** UTC day of the alert's `date` (date / 86400000). */
  day: number;
  status: string;
  imported: number;
  read: number;
  n: number;
  /** Alerts with a handling duration, and the sums of it in ms and whole s, min, h, days. */
  hd_n: number;
  hd_ms: number;
  hd_s: number;
  hd_m: number;
  hd_h: number;
  hd_d: number;
}

export interface AuditTable {
  id: Generated<number>;
  request_id: string;
  organisation_id: number | null;
  user_login: string;
  action: string;
  object_type: string;
  object_id: string;
  root_id: string | null;
  /** JSON object: the changed fields. */
  details: string;
  main_action: number;
  created_at: number;
  /** The organisation that made the change through a share, when not the owner (migration 0016). */
  acting_organisation_id?: number | null;
}

interface AuditedColumns {
  created_at: number;
  created_by: string;
  updated_at: number | null;
  updated_by: string | null;
}

export interface SequenceTable {
  organisation_id: number;
  name: string;
  value: number;
}

export interface ObservableTypeTable extends AuditedColumns {
  id: Generated<number>;
  name: string;
  is_attachment: number;
  is_case_sensitive: number;
  builtin: number;
}

export interface CustomFieldTable extends AuditedColumns {
  id: Generated<number>;
  name: string;
  display_name: string;
  description: string;
  /** string | integer | float | boolean | date | url */
  type: string;
  /** JSON array of allowed values. */
  options: string;
  mandatory: number;
  group_name: string | null;
}

export interface CaseTemplateTable extends AuditedColumns {
  id: Generated<number>;
  organisation_id: number;
  name: string;
  display_name: string;
  title_prefix: string | null;
  description: string | null;
  severity: number | null;
  /** JSON array of strings. */
  tags: string;
  flag: number;
  tlp: number | null;
  pap: number | null;
  summary: string | null;
  /** JSON array of task specifications. */
  tasks: string;
  /** JSON array of {name, value, order}. */
  custom_fields: string;
}

/** The columns a case and an alert share: their content, their triage state and its dates. */
interface CaseOrAlertColumns extends AuditedColumns {
  id: Generated<number>;
  organisation_id: number;
  title: string;
  description: string;
  severity: number;
  /** JSON array of strings; entity_tag holds the same for indexed lookups. */
  tags: string;
  flag: number;
  tlp: number;
  pap: number;
  /** TheHive 5 status (core model/case-status.ts, model/alert-status.ts). */
  status: string;
  /** New, InProgress or Closed, derived from status. */
  stage: string;
  summary: string | null;
  assignee: string | null;
  case_template: string | null;
  in_progress_date: number | null;
  closed_date: number | null;
}

export interface CaseTable extends CaseOrAlertColumns {
  number: number;
  start_date: number;
  end_date: number | null;
  impact_status: string | null;
  merged_into: number | null;
}

export interface TaskTable extends AuditedColumns {
  id: Generated<number>;
  organisation_id: number;
  case_id: number;
  title: string;
  group_name: string;
  description: string | null;
  status: string;
  flag: number;
  start_date: number | null;
  end_date: number | null;
  order: number;
  due_date: number | null;
  assignee: string | null;
  mandatory: number;
}

export interface TaskLogTable extends AuditedColumns {
  id: Generated<number>;
  organisation_id: number;
  task_id: number;
  case_id: number;
  message: string;
  date: number;
  owner: string;
  include_in_timeline: number | null;
}

export interface BlobTable {
  sha256: string;
  sha1: string;
  md5: string;
  size: number;
  data: Uint8Array | null;
  created_at: number;
}

export interface AttachmentTable {
  id: Generated<number>;
  organisation_id: number;
  blob_sha256: string;
  name: string;
  content_type: string;
  size: number;
  created_at: number;
  created_by: string;
}

export interface LogAttachmentTable {
  log_id: number;
  attachment_id: number;
}

export interface ObservableTable extends AuditedColumns {
  id: Generated<number>;
  organisation_id: number;
  case_id: number | null;
  alert_id: number | null;
  data_type: string;
  data: string | null;
  data_key: string;
  attachment_id: number | null;
  message: string | null;
  tlp: number;
  pap: number;
  tags: string;
  ioc: number;
  sighted: number;
  sighted_at: number | null;
  ignore_similarity: number;
  start_date: number;
  /** JSON object {analyzerName: {taxonomies: [...]}}. */
  reports: string;
}

export interface EntityTagTable {
  organisation_id: number;
  /** case | alert | observable */
  entity_type: string;
  entity_id: number;
  tag: string;
}

export interface CustomFieldValueTable {
  id: Generated<number>;
  organisation_id: number;
  /** case | alert | caseTemplate */
  entity_type: string;
  entity_id: number;
  field_id: number;
  order: number;
  string_value: string | null;
  number_value: number | null;
  boolean_value: number | null;
  date_value: number | null;
}

export interface AlertTable extends CaseOrAlertColumns {
  type: string;
  source: string;
  source_ref: string;
  external_link: string | null;
  date: number;
  last_sync_date: number;
  read: number;
  follow: number;
  case_id: number | null;
  import_date: number | null;
  handling_duration: number | null;
  observable_count: number;
}

/** A notification: one trigger, its notifiers (migration 0014, events/notify/). */
export interface NotificationTable {
  id: Generated<number>;
  organisation_id: number;
  name: string;
  /** JSON: the trigger ({name, filter?}). */
  trigger: string;
  /** JSON list of notifier settings, secrets included (never returned by the API). */
  notifiers: string;
  enabled: number;
  user_id: number | null;
  /** 'api' (v1) or 'config' (TheHive 4's organisation configuration). */
  origin: string;
  /** JSON: the TheHive 4 configuration entry as it was given (origin 'config'). */
  config_entry: string | null;
  start_audit_id: number;
  created_at: number;
  created_by: string;
  updated_at: number | null;
  updated_by: string | null;
}

/** One event to be told by one notifier: the durable queue and the delivery log. */
export interface NotificationDeliveryTable {
  id: Generated<number>;
  organisation_id: number;
  notification_id: number;
  notifier_index: number;
  audit_id: number;
  object_key: string;
  /** pending | sending | delivered | dead */
  status: string;
  attempts: number;
  next_attempt_at: number;
  lease_until: number | null;
  /** JSON: the event as rendered when it matched. */
  payload: string;
  last_error: string | null;
  /** When the audit row was written (lag is measured from it). */
  event_at: number;
  created_at: number;
  delivered_at: number | null;
}

export interface NotificationStateTable {
  key: string;
  value: string;
  owner: string | null;
  lease_until: number;
}

export interface Database extends SharingDatabase, CollaborationTables, PreferenceTables {
  organisation: OrganisationTable;
  profile: ProfileTable;
  user: UserTable;
  membership: MembershipTable;
  session: SessionTable;
  password_history: PasswordHistoryTable;
  user_config: UserConfigTable;
  sso_request: SsoRequestTable;
  alert_rollup: AlertRollupTable;
  audit: AuditTable;
  sequence: SequenceTable;
  observable_type: ObservableTypeTable;
  custom_field: CustomFieldTable;
  case_template: CaseTemplateTable;
  case: CaseTable;
  task: TaskTable;
  task_log: TaskLogTable;
  blob: BlobTable;
  attachment: AttachmentTable;
  log_attachment: LogAttachmentTable;
  observable: ObservableTable;
  entity_tag: EntityTagTable;
  custom_field_value: CustomFieldValueTable;
  alert: AlertTable;
  feeder: FeederTable;
  feeder_failure: FeederFailureTable;
  misp_server: MispServerTable;
  misp_export: MispExportTable;
  taxii_remote: TaxiiRemoteTable;
  taxii_status: TaxiiStatusTable;
  case_report_template: CaseReportTemplateTable;
  workflow: WorkflowTable;
  notification: NotificationTable;
  notification_delivery: NotificationDeliveryTable;
  notification_state: NotificationStateTable;
}
