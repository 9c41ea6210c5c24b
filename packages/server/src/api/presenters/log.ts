/**
 * Task logs on the wire: v1 OutputLog (TheHive 5 `attachments`, TheHive 4 `attachment`) and v0 `case_task_log`.
 */

import { formatId, type LogOutputV0, type LogOutputV1 } from '@propolis/core';
import type { AttachmentRow, TaskLogRow } from '../../db/repositories/task-logs.js';
import { attachmentRef } from './attachment-ref.js';
import { auditedRow, metaV0, metaV1 } from './meta.js';

export function logV1(
  l: TaskLogRow,
  attachments: AttachmentRow[] = [],
  extraData: LogOutputV1['extraData'] = {},
): LogOutputV1 {
  const out = {
    ...metaV1(formatId(l.id), 'Log', auditedRow(l)),
    message: l.message,
    date: l.date,
    owner: l.owner,
    attachments: attachments.map(attachmentRef),
  } as LogOutputV1;
  if (attachments[0]) out.attachment = attachmentRef(attachments[0]);
  if (l.include_in_timeline !== null) out.includeInTimeline = l.include_in_timeline;
  out.extraData = extraData;
  return out;
}

export function logV0(l: TaskLogRow, attachments: AttachmentRow[] = []): LogOutputV0 {
  const out: LogOutputV0 = {
    ...metaV0(formatId(l.id), 'case_task_log', auditedRow(l)),
    _parent: formatId(l.task_id),
    message: l.message,
    startDate: l.date,
    owner: l.owner,
    status: 'Ok',
  };
  if (attachments[0]) out.attachment = attachmentRef(attachments[0]);
  return out;
}
