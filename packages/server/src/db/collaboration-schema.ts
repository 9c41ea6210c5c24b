/**
 * Row types of the collaboration tables (migration 0018-collaboration): comments, pages, page
 * templates, the pattern catalog, procedures, custom events and case links.
 */
import type { Generated } from 'kysely';

interface Audited {
  created_at: number;
  created_by: string;
  updated_at: number | null;
  updated_by: string | null;
}

export interface CommentTable extends Audited {
  id: Generated<number>;
  organisation_id: number;
  case_id: number | null;
  alert_id: number | null;
  message: string;
  is_edited: number;
}

/** A case page (case_id set) or a knowledge-base page of the organisation (case_id null). */
export interface PageTable extends Audited {
  id: Generated<number>;
  organisation_id: number;
  case_id: number | null;
  title: string;
  category: string;
  content: string;
  order: number;
}

export interface PageTemplateTable extends Audited {
  id: Generated<number>;
  organisation_id: number;
  title: string;
  category: string;
  content: string;
  order: number;
}

export interface CaseTemplatePageTable {
  case_template_id: number;
  page_template_id: number;
}

/** An ATT&CK technique or sub-technique; list columns hold JSON arrays of strings. */
export interface PatternTable extends Audited {
  id: Generated<number>;
  pattern_id: string;
  stix_id: string;
  name: string;
  description: string | null;
  tactics: string;
  url: string;
  pattern_type: string;
  capec_id: string | null;
  capec_url: string | null;
  revoked: number;
  deprecated: number;
  data_sources: string;
  defense_bypassed: string;
  detection: string | null;
  permissions_required: string;
  platforms: string;
  remote_support: number;
  system_requirements: string;
  version: string;
  parent_id: number | null;
}

export interface ProcedureTable extends Audited {
  id: Generated<number>;
  organisation_id: number;
  case_id: number | null;
  alert_id: number | null;
  pattern_id: number;
  tactic: string | null;
  occur_date: number;
  description: string | null;
}

export interface CustomEventTable extends Audited {
  id: Generated<number>;
  organisation_id: number;
  case_id: number;
  date: number;
  end_date: number | null;
  title: string;
  description: string | null;
}

export interface CaseLinkTable {
  id: Generated<number>;
  organisation_id: number;
  case_id: number;
  linked_case_id: number;
  link_type: string;
  created_at: number;
  created_by: string;
}

export interface ExternalLinkTable {
  id: Generated<number>;
  organisation_id: number;
  case_id: number;
  url: string;
  link_type: string;
  created_at: number;
  created_by: string;
}

export interface TaxonomyTable extends Audited {
  id: Generated<number>;
  namespace: string;
  description: string;
  version: number;
  enabled: number;
}

export interface TaxonomyTagTable extends Audited {
  id: Generated<number>;
  taxonomy_id: number;
  namespace: string;
  predicate: string;
  value: string | null;
  description: string | null;
  colour: string;
}

export interface FreeTagTable {
  organisation_id: number;
  tag: string;
  colour: string;
  description: string | null;
}

/** An organisation's own case (`kind` case) or alert (`kind` alert) status. */
export interface CustomStatusTable extends Audited {
  id: Generated<number>;
  organisation_id: number;
  kind: string;
  value: string;
  stage: string;
  colour: string;
  order: number;
  hidden: number;
}

export interface CollaborationTables {
  custom_status: CustomStatusTable;
  taxonomy: TaxonomyTable;
  taxonomy_tag: TaxonomyTagTable;
  free_tag: FreeTagTable;
  comment: CommentTable;
  page: PageTable;
  page_template: PageTemplateTable;
  case_template_page: CaseTemplatePageTable;
  pattern: PatternTable;
  procedure: ProcedureTable;
  custom_event: CustomEventTable;
  case_link: CaseLinkTable;
  external_link: ExternalLinkTable;
}
