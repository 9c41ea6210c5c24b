/**
 * Workflows seen by platform administrators: each with its figures, and a dry run that replays the
 * organisation's recent events through a rule and tells what it would have done, doing nothing.
 */
import { matchesFilter, notFound } from '@propolis/core';
import { organisationByName } from '../../db/repositories/organisations.js';
import {
  findWorkflowRow,
  listWorkflowRows,
  recentAudits,
  type WorkflowRow,
} from '../../db/repositories/workflows.js';
import { type RequestContext, requirePermission } from '../context.js';
import type { Deps } from '../deps.js';
import { FEEDER_PERMISSION } from '../feeders/read-feeders.js';
import { describeAction } from './run-workflow-actions.js';
import { parseWorkflow, type WorkflowDefinition } from './workflow-definition.js';
import { eventsOf } from './workflow-events.js';
import { loadSubject } from './workflow-subject.js';

export const workflowOf = (row: WorkflowRow): WorkflowDefinition =>
  parseWorkflow(JSON.parse(row.definition), `workflow ${row.name}`);

export interface WorkflowView {
  name: string;
  organisation: string;
  origin: 'config' | 'api';
  enabled: boolean;
  event: string;
  filter: unknown;
  actions: string[];
  status: {
    cursor: number;
    matched: number;
    failed: number;
    lastRunAt: number | null;
    lastError: string | null;
    lastErrorAt: number | null;
    runningOn: string | null;
  };
}

export function toWorkflowView(row: WorkflowRow): WorkflowView {
  const def = workflowOf(row);
  const leased = row.lease_until !== null && row.lease_until > Date.now();
  return {
    name: row.name,
    organisation: def.organisation,
    origin: row.origin,
    enabled: def.enabled,
    event: def.event,
    filter: def.rawFilter ?? null,
    actions: def.actions.map(describeAction),
    status: {
      cursor: row.cursor,
      matched: row.matched_count,
      failed: row.failed_count,
      lastRunAt: row.last_run_at,
      lastError: row.last_error,
      lastErrorAt: row.last_error_at,
      runningOn: leased ? row.lease_owner : null,
    },
  };
}

export async function listWorkflows(deps: Deps, ctx: RequestContext): Promise<WorkflowView[]> {
  requirePermission(ctx, FEEDER_PERMISSION);
  return (await listWorkflowRows(deps.db)).map(toWorkflowView);
}

export interface DryRunMatch {
  auditId: number;
  event: string;
  objectId: string;
  title: string;
  actions: string[];
}

/** The `limit` newest events of the workflow's organisation up to its cursor, through the rule. */
export async function dryRunWorkflow(
  deps: Deps,
  ctx: RequestContext,
  name: string,
  limit: number,
): Promise<{ examined: number; matches: DryRunMatch[] }> {
  requirePermission(ctx, FEEDER_PERMISSION);
  const row = await findWorkflowRow(deps.db, name);
  if (!row) throw notFound(`Workflow ${name} not found`);
  const def = workflowOf(row);
  const org = await organisationByName(deps.db, def.organisation);
  if (!org) return { examined: 0, matches: [] };
  const scope = { organisationId: org.id, platformAdmin: false };
  const events = eventsOf((await recentAudits(deps.db, org.id, Number.MAX_SAFE_INTEGER, limit)).reverse());
  const matches: DryRunMatch[] = [];
  for (const event of events) {
    if (event.event !== def.event) continue;
    const subject = await loadSubject(deps, scope, event.objectType, event.objectId);
    if (!subject || (def.filter && !matchesFilter(def.filter, subject))) continue;
    matches.push({
      auditId: event.auditId,
      event: event.event,
      objectId: subject._id,
      title: String(subject.title ?? ''),
      actions: def.actions.map(describeAction),
    });
  }
  return { examined: events.length, matches };
}
