/**
 * Table types of migration 0019: organisation links, shares, case access restrictions, attachment
 * links of cases and organisations, dashboards.
 */
import type { Generated } from 'kysely';

export interface OrganisationLinkTable {
  organisation_id: number;
  linked_id: number;
  link_type: string;
  created_at: number;
  created_by: string;
}

export interface ShareTable {
  id: Generated<number>;
  case_id: number;
  /** The organisation the case is shared with (the owner is `case.organisation_id`). */
  organisation_id: number;
  /** A permission profile: what that organisation's users may do on the case, at most. */
  profile_name: string;
  task_rule: string;
  observable_rule: string;
  created_at: number;
  created_by: string;
  updated_at: number | null;
  updated_by: string | null;
}

export interface TaskShareTable {
  task_id: number;
  organisation_id: number;
  share_id: number;
}

export interface ObservableShareTable {
  observable_id: number;
  organisation_id: number;
  share_id: number;
}

/** A task's "action required" for one organisation (migration 0016). */
export interface TaskActionTable {
  task_id: number;
  organisation_id: number;
  required: number;
  updated_at: number;
  updated_by: string;
}

export interface CaseRestrictionTable {
  case_id: number;
  organisation_id: number;
}

export interface CaseAccessTable {
  case_id: number;
  user_id: number;
}

export interface CaseAttachmentTable {
  case_id: number;
  attachment_id: number;
}

export interface OrganisationAttachmentTable {
  organisation_id: number;
  attachment_id: number;
}

export interface DashboardTable {
  id: Generated<number>;
  organisation_id: number;
  title: string;
  description: string;
  group_name: string | null;
  /** Private | Shared */
  status: string;
  /** Login of the owner. */
  owner: string;
  /** JSON object text (TheHive's definition: period, items of widgets). */
  definition: string;
  version: number;
  created_at: number;
  created_by: string;
  updated_at: number | null;
  updated_by: string | null;
}

export interface SharingDatabase {
  organisation_link: OrganisationLinkTable;
  share: ShareTable;
  task_share: TaskShareTable;
  task_action: TaskActionTable;
  observable_share: ObservableShareTable;
  case_restriction: CaseRestrictionTable;
  case_access: CaseAccessTable;
  case_attachment: CaseAttachmentTable;
  organisation_attachment: OrganisationAttachmentTable;
  dashboard: DashboardTable;
}
