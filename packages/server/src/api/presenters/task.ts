/**
 * Tasks on the wire: v1 OutputTask and v0 `case_task`.
 */

import { formatId } from '@propolis/core';
import type { TaskRow } from '../../db/repositories/tasks.js';
import { auditedRow, metaV0, metaV1 } from './meta.js';

const optional = (out: Record<string, unknown>, key: string, value: unknown) => {
  if (value !== null && value !== undefined) out[key] = value;
};

export function taskV1(t: TaskRow, extraData: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ...metaV1(formatId(t.id), 'Task', auditedRow(t)),
    title: t.title,
    group: t.group_name,
    status: t.status,
    flag: t.flag === 1,
    order: t.order,
    mandatory: t.mandatory === 1,
  };
  optional(out, 'description', t.description);
  optional(out, 'startDate', t.start_date);
  optional(out, 'endDate', t.end_date);
  optional(out, 'assignee', t.assignee);
  optional(out, 'dueDate', t.due_date);
  out.extraData = extraData;
  return out;
}

export function taskV0(t: TaskRow): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ...metaV0(formatId(t.id), 'case_task', auditedRow(t)),
    _parent: formatId(t.case_id),
    title: t.title,
    group: t.group_name,
    description: t.description ?? '',
    status: t.status,
    flag: t.flag === 1,
    order: t.order,
  };
  optional(out, 'startDate', t.start_date);
  optional(out, 'endDate', t.end_date);
  optional(out, 'owner', t.assignee);
  optional(out, 'dueDate', t.due_date);
  return out;
}
