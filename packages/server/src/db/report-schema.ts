/**
 * Table of migration 0025-case-report-templates, listed in schema.ts's Database.
 */
import type { Generated } from 'kysely';

export interface CaseReportTemplateTable {
  id: Generated<number>;
  organisation_id: number;
  name: string;
  description: Generated<string>;
  content: string;
  created_at: number;
  created_by: string;
  updated_at: number | null;
  updated_by: string | null;
}
