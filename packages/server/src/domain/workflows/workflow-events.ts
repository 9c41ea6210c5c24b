/**
 * From audit rows to workflow events: alerts and cases created or updated, once per request and
 * object. Rows written by workflows themselves (request id `workflow:…`) are never events: a
 * workflow's actions cannot trigger a workflow, so rules cannot loop.
 */
import type { AuditRow } from '../../db/repositories/audit-feed.js';
import type { WorkflowEvent } from './workflow-definition.js';

export interface WorkflowEventRow {
  auditId: number;
  event: WorkflowEvent;
  objectType: 'Alert' | 'Case';
  objectId: string;
  requestId: string;
}

const NAMES: Record<string, WorkflowEvent> = {
  'Alert create': 'AlertCreated',
  'Alert update': 'AlertUpdated',
  'Case create': 'CaseCreated',
  'Case update': 'CaseUpdated',
};

export const WORKFLOW_REQUEST_PREFIX = 'workflow:';

export function eventsOf(rows: readonly AuditRow[]): WorkflowEventRow[] {
  const seen = new Set<string>();
  const out: WorkflowEventRow[] = [];
  for (const row of rows) {
    if (row.request_id.startsWith(WORKFLOW_REQUEST_PREFIX)) continue;
    const event = NAMES[`${row.object_type} ${row.action}`];
    if (!event) continue;
    const key = `${row.request_id}|${row.object_id}|${event}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      auditId: row.id,
      event,
      objectType: row.object_type as 'Alert' | 'Case',
      objectId: row.object_id,
      requestId: row.request_id,
    });
  }
  return out;
}
