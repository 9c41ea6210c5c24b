/**
 * A case template as commands return it: the row with tags and tasks parsed and its custom field
 * values resolved (they live in custom_field_value with entity type `caseTemplate`; the row's
 * legacy `custom_fields` JSON column is not used).
 */
import type { Kysely } from 'kysely';
import type { CaseTemplateRow } from '../../db/repositories/case-templates.js';
import type { Database } from '../../db/schema.js';
import { type CustomFieldValueView, readCustomFieldValues } from '../custom-fields/values.js';
import type { TemplateTask } from './template-input.js';

export interface CaseTemplateView {
  id: number;
  name: string;
  displayName: string;
  titlePrefix: string | null;
  description: string | null;
  severity: number | null;
  tags: string[];
  flag: boolean;
  tlp: number | null;
  pap: number | null;
  summary: string | null;
  /** Task specifications, in order; assignable to the task commands' TaskInput. */
  tasks: TemplateTask[];
  customFields: CustomFieldValueView[];
  row: CaseTemplateRow;
}

export async function toCaseTemplateViews(
  db: Kysely<Database>,
  rows: readonly CaseTemplateRow[],
): Promise<CaseTemplateView[]> {
  const values = await readCustomFieldValues(
    db,
    'caseTemplate',
    rows.map((r) => r.id),
  );
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    displayName: row.display_name,
    titlePrefix: row.title_prefix,
    description: row.description,
    severity: row.severity,
    tags: JSON.parse(row.tags) as string[],
    flag: row.flag === 1,
    tlp: row.tlp,
    pap: row.pap,
    summary: row.summary,
    tasks: (JSON.parse(row.tasks) as TemplateTask[]).sort((a, b) => a.order - b.order),
    customFields: values.get(row.id) ?? [],
    row,
  }));
}
