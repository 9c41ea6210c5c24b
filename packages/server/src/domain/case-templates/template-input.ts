/**
 * Case template fields as commands take them (v1 names, TLP 0–4; the v0 face maps its scale and
 * `owner` before calling), and their checks. Template tasks are task specifications, stored as
 * JSON on the template and turned into real tasks when a case is created from it.
 */
import { badRequest, DEFAULT_TASK_STATUS } from '@propolis/core';
import type { Kysely, Updateable } from 'kysely';
import type { CaseTemplateTable, Database } from '../../db/schema.js';
import type { RequestContext } from '../context.js';
import { customFieldAuditDetails, resolveCustomFieldInput } from '../custom-fields/values.js';
import { checkRange, checkTags } from '../input-rules.js';
import { checkStatus, checkTitle, type TaskInput, type TaskStatus } from '../tasks/task-input.js';
import { checkAssignee } from '../users/assignee.js';

export interface CaseTemplateInput {
  name?: string;
  displayName?: string | null;
  titlePrefix?: string | null;
  description?: string | null;
  severity?: number | null;
  tags?: string[];
  flag?: boolean;
  tlp?: number | null;
  pap?: number | null;
  summary?: string | null;
  tasks?: TaskInput[];
  /** Any accepted custom-field form (v1 list, object, v0 map). */
  customFields?: unknown;
}

/** A task of a template: what a case created from it gets (assignable to TaskInput). */
export interface TemplateTask {
  title: string;
  group: string;
  description: string | null;
  status: TaskStatus;
  flag: boolean;
  order: number;
  dueDate: number | null;
  assignee: string | null;
  mandatory: boolean;
}

export function checkTemplateName(name: string | undefined, field = 'name'): string {
  const value = (name ?? '').trim();
  if (!value) throw badRequest(`${field}: is required and must not be empty`);
  if (value.length > 128) throw badRequest(`${field}: must be at most 128 characters`);
  // "~<n>" addresses templates by id, so a name cannot look like one.
  if (/^~\d+$/.test(value) || /\p{Cc}/u.test(value))
    throw badRequest(`${field}: "${name}" is not a valid template name`);
  return value;
}

export function optionalText(
  value: string | null | undefined,
  field: string,
  max: number,
): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === null) return null;
  if (value.length > max) throw badRequest(`${field}: must be at most ${max} characters`);
  return value.trim() === '' ? null : value;
}

export const optionalRange = (
  value: number | null | undefined,
  field: string,
  min: number,
  max: number,
): number | null | undefined =>
  value === undefined || value === null ? value : checkRange(value, field, min, max);

export { checkTags };

export async function checkTemplateTasks(
  db: Kysely<Database>,
  ctx: RequestContext,
  tasks: readonly TaskInput[],
): Promise<TemplateTask[]> {
  if (tasks.length > 500) throw badRequest('tasks: at most 500 tasks');
  const out: TemplateTask[] = [];
  for (const [i, t] of tasks.entries()) {
    const where = `tasks[${i}].`;
    if (t === null || typeof t !== 'object') throw badRequest(`tasks[${i}]: must be an object`);
    out.push({
      title: checkTitle(t.title, `${where}title`),
      group: t.group?.trim() || 'default',
      description: t.description ?? null,
      status: checkStatus(t.status ?? DEFAULT_TASK_STATUS, `${where}status`),
      flag: t.flag === true,
      order: t.order ?? i,
      dueDate: t.dueDate ?? null,
      assignee: await checkAssignee(db, ctx, t.assignee, `${where}assignee`),
      mandatory: t.mandatory === true,
    });
  }
  return out;
}

/**
 * The checked columns of the fields `input` carries (absent fields are left out), the audit
 * details that describe them, and the resolved custom fields when given. An empty displayName
 * falls back to `fallbackName`.
 */
export async function templateColumns(
  db: Kysely<Database>,
  ctx: RequestContext,
  input: CaseTemplateInput,
  fallbackName: string,
) {
  const set: Updateable<CaseTemplateTable> = {};
  const details: Record<string, unknown> = {};
  if (input.name !== undefined) set.name = details.name = checkTemplateName(input.name);
  if (input.displayName !== undefined)
    set.display_name = details.displayName =
      optionalText(input.displayName, 'displayName', 255) ?? set.name ?? fallbackName;
  if (input.titlePrefix !== undefined)
    set.title_prefix = details.titlePrefix = optionalText(input.titlePrefix, 'titlePrefix', 255);
  if (input.description !== undefined)
    set.description = details.description = optionalText(input.description, 'description', 1_048_576);
  if (input.severity !== undefined)
    set.severity = details.severity = optionalRange(input.severity, 'severity', 1, 4);
  if (input.tags !== undefined) {
    const tags = checkTags(input.tags);
    set.tags = JSON.stringify(tags);
    details.tags = tags;
  }
  if (input.flag !== undefined) {
    set.flag = input.flag ? 1 : 0;
    details.flag = input.flag;
  }
  if (input.tlp !== undefined) set.tlp = details.tlp = optionalRange(input.tlp, 'tlp', 0, 4);
  if (input.pap !== undefined) set.pap = details.pap = optionalRange(input.pap, 'pap', 0, 3);
  if (input.summary !== undefined)
    set.summary = details.summary = optionalText(input.summary, 'summary', 1_048_576);
  if (input.tasks !== undefined) {
    const tasks = await checkTemplateTasks(db, ctx, input.tasks ?? []);
    set.tasks = JSON.stringify(tasks);
    details.tasks = tasks.length;
  }
  const customFields =
    input.customFields === undefined
      ? undefined
      : await resolveCustomFieldInput(db, input.customFields, { enforceMandatory: false });
  if (customFields) details.customFields = customFieldAuditDetails(customFields);
  return { set, details, customFields };
}
