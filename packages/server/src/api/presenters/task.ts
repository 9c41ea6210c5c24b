/**
 * Tasks on the wire: v1 OutputTask and v0 `case_task`.
 */

import { formatId, type TaskOutputV0, type TaskOutputV1 } from '@propolis/core';
import type { TaskRow } from '../../db/repositories/tasks.js';
import { auditedRow, metaV0, metaV1, optional } from './meta.js';

export function taskV1(t: TaskRow, extraData: TaskOutputV1['extraData'] = {}): TaskOutputV1 {
  const out = {
    ...metaV1(formatId(t.id), 'Task', auditedRow(t)),
    title: t.title,
    group: t.group_name,
    status: t.status,
    flag: t.flag === 1,
    order: t.order,
    mandatory: t.mandatory === 1,
  } as TaskOutputV1;
  optional(out, 'description', t.description);
  optional(out, 'startDate', t.start_date);
  optional(out, 'endDate', t.end_date);
  optional(out, 'assignee', t.assignee);
  optional(out, 'dueDate', t.due_date);
  out.extraData = extraData;
  return out;
}

export function taskV0(t: TaskRow): TaskOutputV0 {
  const out: TaskOutputV0 = {
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
