/**
 * Adds tasks to a case (POST /case/{id}/task), and the shared insertion used when a case is
 * created with tasks or from a template.
 */

import { DEFAULT_TASK_STATUS, formatId } from '@propolis/core';
import type { Transaction } from 'kysely';
import { insertTasks, type TaskRow } from '../../db/repositories/tasks.js';
import type { Database } from '../../db/schema.js';
import { appendAudit } from '../../events/audit.js';
import { visibleCase } from '../cases/guards.js';
import { createdNow, type RequestContext, requirePermission } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';
import { checkAssignee } from '../users/assignee.js';
import { checkStatus, checkTitle, statusTransition, type TaskInput } from './task-input.js';

/** Inserts tasks of a case inside the caller's transaction and appends their audit rows. */
export async function insertCaseTasks(
  trx: Transaction<Database>,
  ctx: RequestContext,
  caseId: number,
  inputs: TaskInput[],
  /** Prefix of field names in error messages, e.g. "tasks" when tasks come inside a case. */
  prefix?: string,
): Promise<TaskRow[]> {
  const now = Date.now();
  const rows = [];
  for (const [i, t] of inputs.entries()) {
    const where = prefix ? `${prefix}[${i}].` : '';
    const status = checkStatus(t.status ?? DEFAULT_TASK_STATUS, `${where}status`);
    const transition = statusTransition(undefined, status, now);
    rows.push({
      organisation_id: ctx.actor.organisationId,
      case_id: caseId,
      title: checkTitle(t.title, `${where}title`),
      group_name: t.group?.trim() || 'default',
      description: t.description ?? null,
      status,
      flag: t.flag ? 1 : 0,
      start_date: t.startDate ?? (transition.start_date as number | undefined) ?? null,
      end_date: t.endDate ?? (transition.end_date as number | undefined) ?? null,
      order: t.order ?? i,
      due_date: t.dueDate ?? null,
      assignee: await checkAssignee(trx, ctx, t.assignee, `${where}assignee`),
      mandatory: t.mandatory ? 1 : 0,
      ...createdNow(ctx, now),
    });
  }
  const inserted = await insertTasks(trx, rows);
  await appendAudit(
    trx,
    ctx,
    inserted.map((t) => ({
      action: 'create' as const,
      objectType: 'Task',
      objectId: formatId(t.id),
      rootId: formatId(caseId),
      details: { title: t.title, group: t.group_name, status: t.status },
    })),
  );
  return inserted;
}

export async function createTasks(
  deps: Deps,
  ctx: RequestContext,
  caseIdOrNumber: string,
  inputs: TaskInput[],
): Promise<TaskRow[]> {
  requirePermission(ctx, 'manageTask');
  const kase = await visibleCase(deps.db, ctx, caseIdOrNumber);
  return inTransaction(deps, (trx) => insertCaseTasks(trx, ctx, kase.id, inputs));
}
