/**
 * Kysely types of the analysis tables (migrations 0015-analysis and 0029-analysis-config-templates in packages/server), and the database
 * type that adds them to the platform's.
 */
import type { Database } from '@propolis/server/extension';
import type { Generated, Kysely, Transaction } from 'kysely';

export interface AnalysisWorkerTable {
  id: string;
  organisation_id: number;
  type: string;
  name: string;
  definition_id: string;
  /** JSON object. */
  configuration: string;
  rate: number | null;
  rate_unit: string | null;
  job_cache: number | null;
  job_timeout: number | null;
  /** 1: run on every new observable of an accepted data type (Propolis addition). */
  auto_run: Generated<number>;
  created_at: number;
  created_by: string;
  updated_at: number | null;
  updated_by: string | null;
}

export interface AnalysisJobTable {
  id: Generated<number>;
  organisation_id: number;
  type: string;
  worker_id: string;
  worker_name: string;
  worker_definition_id: string;
  status: string;
  data_type: string;
  data: string | null;
  /** JSON {name, hashes, size, contentType, id}. */
  attachment: string | null;
  tlp: number;
  pap: number;
  message: string;
  /** JSON object. */
  parameters: string;
  label: string | null;
  cache_tag: string | null;
  error_message: string | null;
  input: string | null;
  /** JSON {summary, full, operations}. */
  report: string | null;
  /** JSON list of artifacts. */
  artifacts: string | null;
  /** JSON list: the operations the platform applied, each with status and message. */
  applied_operations: string | null;
  /** The external Cortex server running the job (null: this engine), and its job id there. */
  cortex_id: string | null;
  remote_job_id: string | null;
  observable_id: number | null;
  object_type: string | null;
  object_id: number | null;
  root_id: number | null;
  start_date: number | null;
  end_date: number | null;
  lease_owner: string | null;
  lease_until: number | null;
  attempts: Generated<number>;
  created_at: number;
  created_by: string;
  updated_at: number | null;
  updated_by: string | null;
}

export interface AnalysisCursorTable {
  name: string;
  position: number;
}

/** An organisation's base configuration of one group (migration 0029-analysis-config-templates). */
export interface AnalysisBaseConfigTable {
  organisation_id: number;
  type: string;
  name: string;
  /** JSON object: item name → value. */
  config: string;
  updated_at: number;
  updated_by: string;
}

/** A report template stored through TheHive's connector routes (migration 0029). */
export interface AnalysisReportTemplateTable {
  id: Generated<number>;
  analyzer_id: string;
  report_type: string;
  content: string;
  created_at: number;
  created_by: string;
  updated_at: number | null;
  updated_by: string | null;
}

export interface AnalysisDatabase extends Database {
  analysis_report_template: AnalysisReportTemplateTable;
  analysis_base_config: AnalysisBaseConfigTable;
  analysis_cursor: AnalysisCursorTable;
  analysis_worker: AnalysisWorkerTable;
  analysis_job: AnalysisJobTable;
}

export type AnalysisDb = Kysely<AnalysisDatabase>;

/** The platform's database handle (or transaction) seen with the analysis tables. */
export const analysisDb = (db: Kysely<Database> | Transaction<Database>): AnalysisDb =>
  db as unknown as AnalysisDb;
