/**
 * Case template fields as commands take them (v1 names, TLP 0–4; the v0 face maps its scale and
 * `owner` before calling), and their checks. Template tasks are task specifications, stored as
 * JSON on the template and turned into real tasks when a case is created from it.
 */
import { badRequest, DEFAULT_TASK_STATUS } from '@propolis/core';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { RequestContext } from '../context.js';
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
