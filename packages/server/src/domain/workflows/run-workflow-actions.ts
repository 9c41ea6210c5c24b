/**
 * Performs a workflow's actions on one event's object, in order (after an `importAlert`, on the new
 * case), as the system actor of the
 * workflow's organisation with the request id `workflow:<name>:<audit id>` (so the audit trail
 * says which rule did what, and the rule's own writes are not events). HTTP calls are handed in by
 * the runner (`callWebhook`): the domain makes none itself.
 */
import { formatId, parseId } from '@propolis/core';
import { evaluateExpression } from '@propolis/feeder';
import { observablesOfAlerts, observablesOfCase } from '../../db/repositories/observables.js';
import { tasksOfCases } from '../../db/repositories/tasks.js';
import { visibleAlert } from '../alerts/guards.js';
import { importAlertAsCase, mergeAlertsIntoCase } from '../alerts/import-alert.js';
import { alertSimilarity } from '../alerts/similarity.js';
import { updateAlert } from '../alerts/update-alert.js';
import { updateCase } from '../cases/update-case.js';
import { type RequestContext, scopeOf } from '../context.js';
import type { Deps } from '../deps.js';
import { feederContext } from '../feeders/feeder-context.js';
import { createTasks } from '../tasks/create-tasks.js';
import type { AnalysisPort } from './analysis-port.js';
import type { WorkflowAction, WorkflowDefinition } from './workflow-definition.js';
import { WORKFLOW_REQUEST_PREFIX, type WorkflowEventRow } from './workflow-events.js';
import type { Subject } from './workflow-subject.js';

export interface WebhookCall {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

export type CallWebhook = (call: WebhookCall) => Promise<void>;

/** `${object.alerts.0.sourceRef}` in a URL: a dotted path into {event, object}, URL-encoded. */
function fillUrl(url: string, data: unknown): string {
  return url.replace(/\$\{([^}]+)\}/g, (_, path: string) => {
    let cur: unknown = data;
    for (const part of path.trim().split('.'))
      cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[part] : undefined;
    if (cur === undefined || cur === null)
      throw new Error(`the URL needs ${path}, which this event does not have`);
    return encodeURIComponent(String(cur));
  });
}

/** Describes what an action would do (dry runs). */
export function describeAction(action: WorkflowAction): string {
  switch (action.kind) {
    case 'importAlert':
      return `import the alert into a new case${action.caseTemplate ? ` from template ${action.caseTemplate}` : ''}`;
    case 'mergeIntoSimilarCase':
      return 'merge the alert into the newest open case sharing an observable with it';
    case 'addTags':
      return `add tags ${action.tags.join(', ')}`;
    case 'assign':
      return `assign to ${action.login}`;
    case 'addTask':
      return `add the task "${action.title}"`;
    case 'webhook':
      return `${action.method} ${action.url}`;
    case 'runAnalyzers':
      return `run the analyzers ${action.analyzers.join(', ')} on the observables`;
  }
}

/** The newest open case of the organisation that shares an observable with the alert. */
async function openSimilarCase(
  deps: Deps,
  ctx: RequestContext,
  alertId: string,
): Promise<string | undefined> {
  const alert = await visibleAlert(deps.db, ctx, alertId);
  const { cases } = await alertSimilarity(deps.db, scopeOf(ctx), alert, { cases: true });
  const open = cases
    .map((c) => c.case)
    .filter((c) => c.stage !== 'Closed')
    .sort((a, b) => b.created_at - a.created_at)[0];
  return open === undefined ? undefined : formatId(open.id);
}

export async function runWorkflowActions(
  deps: Deps,
  workflow: WorkflowDefinition,
  organisation: { id: number; name: string },
  event: WorkflowEventRow,
  subject: Subject,
  callWebhook: CallWebhook,
  analysis?: AnalysisPort,
): Promise<void> {
  const ctx = feederContext(
    workflow.name,
    organisation,
    `${WORKFLOW_REQUEST_PREFIX}${workflow.name}:${event.auditId}`,
  );
  const data = {
    event: { type: event.event, auditId: event.auditId, requestId: event.requestId },
    object: subject,
  };
  // What the actions act on: the event's object, then the case an importAlert made.
  let target: { type: 'Alert' | 'Case'; id: string } = { type: subject._type, id: subject._id };
  for (const action of workflow.actions) {
    switch (action.kind) {
      case 'importAlert': {
        if (subject._type !== 'Alert') throw new Error('importAlert applies to alert events only');
        if (target.type === 'Case') break; // merged by an earlier action
        if (subject.caseId !== null) {
          target = { type: 'Case', id: String(subject.caseId) }; // already imported: nothing to do
          break;
        }
        const kase = await importAlertAsCase(deps, ctx, subject._id, {
          caseTemplate: action.caseTemplate,
          assignee: null,
        });
        target = { type: 'Case', id: formatId(kase.row.id) };
        break;
      }
      case 'mergeIntoSimilarCase': {
        if (subject._type !== 'Alert') throw new Error('mergeIntoSimilarCase applies to alert events only');
        if (subject.caseId !== null || target.type === 'Case') break;
        const open = await openSimilarCase(deps, ctx, subject._id);
        if (open === undefined) break; // none: the next actions still see the alert
        const kase = await mergeAlertsIntoCase(deps, ctx, [subject._id], open, 'merge');
        target = { type: 'Case', id: formatId(kase.row.id) };
        break;
      }
      case 'assign':
        if (target.type === 'Alert') await updateAlert(deps, ctx, target.id, { assignee: action.login });
        else await updateCase(deps, ctx, target.id, { assignee: action.login });
        break;
      case 'addTask': {
        if (target.type !== 'Case') throw new Error('addTask needs a case: import or merge the alert first');
        // A case a rule reaches twice (alerts merged into it) gets the task once.
        const caseId = parseId(target.id);
        const tasks = await tasksOfCases(deps.db, scopeOf(ctx), caseId === undefined ? [] : [caseId]);
        if (tasks.some((t) => t.title === action.title)) break;
        await createTasks(deps, ctx, target.id, [
          { title: action.title, group: action.group, description: action.description },
        ]);
        break;
      }
      case 'addTags':
        if (target.type === 'Alert') await updateAlert(deps, ctx, target.id, { addTags: action.tags });
        else await updateCase(deps, ctx, target.id, { addTags: action.tags });
        break;
      case 'runAnalyzers': {
        if (!analysis)
          throw new Error('runAnalyzers needs the analysis engine, which this server does not run');
        const id = parseId(target.id);
        if (id === undefined) break;
        const observables =
          target.type === 'Case'
            ? await observablesOfCase(deps.db, scopeOf(ctx), id)
            : ((await observablesOfAlerts(deps.db, scopeOf(ctx), [id])).get(id) ?? []);
        if (observables.length === 0) break;
        // the rule, written by an administrator in the configuration, may run analyzers
        const analyst: RequestContext = {
          ...ctx,
          actor: { ...ctx.actor, permissions: new Set([...ctx.actor.permissions, 'manageAnalyse']) },
        };
        await analysis.runAnalyzers(analyst, {
          analyzers: action.analyzers,
          observables: observables.map((o) => ({ id: formatId(o.id), dataType: o.data_type })),
        });
        break;
      }
      case 'webhook': {
        const body = action.body === undefined ? data : await evaluateExpression(action.body, data);
        await callWebhook({
          url: fillUrl(action.url, data),
          method: action.method,
          headers: action.headers,
          body: action.method === 'GET' ? undefined : JSON.stringify(body),
        });
        break;
      }
    }
  }
}
