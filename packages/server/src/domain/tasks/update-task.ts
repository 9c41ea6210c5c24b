/**
 * Updating tasks, one or in bulk: status transitions set start and end dates; a mandatory task
 * cannot be completed before it has a log.
 */
import { badRequest, formatId, notFound, parseId } from '@propolis/core';
import type { Updateable } from 'kysely';
import { countLogsOfTask } from '../../db/repositories/task-logs.js';
import {
  findTask,
  findTasksByIds,
  type TaskRow,
  updateTask as updateRow,
} from '../../db/repositories/tasks.js';
import type { TaskTable } from '../../db/schema.js';
import { appendAudit } from '../../events/audit.js';
import { auditedWrite } from '../audited-write.js';
import type { Access } from '../cases/guards.js';
import { type RequestContext, readScopeOf, requirePermission, scopeOf } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';
import { bitColumn, type FieldRules, fieldChanges } from '../field-changes.js';
import { sharedReadOnly } from '../sharing/shared-read-only.js';
import { checkAssignee } from '../users/assignee.js';
import { checkStatus, checkTitle, statusTransition, type TaskInput } from './task-input.js';

export async function visibleTask(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  id: string,
  access: Access = 'write',
): Promise<TaskRow> {
  const task = await findTask(deps.db, access === 'read' ? readScopeOf(ctx) : scopeOf(ctx), id);
  if (task) return task;
  if (access === 'write' && (await findTask(deps.db, readScopeOf(ctx), id)))
    throw sharedReadOnly(ctx, `Task ${id}`);
  throw notFound(`Task ${id} not found`);
}

const TASK_FIELDS: FieldRules<TaskInput, TaskTable> = {
  title: { column: 'title', check: checkTitle },
  group: { column: 'group_name', check: (v) => v.trim() || 'default' },
  description: { column: 'description' },
  flag: bitColumn('flag'),
  order: { column: 'order' },
  dueDate: { column: 'due_date' },
  startDate: { column: 'start_date' },
  endDate: { column: 'end_date' },
  mandatory: bitColumn('mandatory'),
};

async function changes(deps: Deps, ctx: RequestContext, task: TaskRow, input: TaskInput, now: number) {
  const { set, details } = fieldChanges(input, TASK_FIELDS);
  if (input.assignee !== undefined)
    set.assignee = details.assignee = await checkAssignee(deps.db, ctx, input.assignee);
  if (input.status !== undefined) {
    const status = checkStatus(input.status);
    if (status !== task.status) {
      if (
        status === 'Completed' &&
        (input.mandatory ?? task.mandatory === 1) &&
        (await countLogsOfTask(deps.db, scopeOf(ctx), task.id)) === 0
      ) {
        throw badRequest(
          `status: task "${task.title}" is mandatory and needs a log before it can be completed`,
        );
      }
      Object.assign(
        set,
        statusTransition(task, status, now),
        set.flag !== undefined ? { flag: set.flag } : {},
      );
      details.status = status;
    }
  }
  return { set, details };
}

export async function updateTask(
  deps: Deps,
  ctx: RequestContext,
  id: string,
  input: TaskInput,
): Promise<TaskRow> {
  requirePermission(ctx, 'manageTask');
  const task = await visibleTask(deps, ctx, id);
  const now = Date.now();
  const { set, details } = await changes(deps, ctx, task, input, now);
  await auditedWrite(
    deps,
    ctx,
    (trx) => updateRow(trx, scopeOf(ctx), task.id, { ...set, updated_at: now, updated_by: ctx.actor.login }),
    { action: 'update', objectType: 'Task', id: task.id, rootId: task.case_id, details },
  );
  return visibleTask(deps, ctx, formatId(task.id));
}

export async function bulkUpdateTasks(
  deps: Deps,
  ctx: RequestContext,
  ids: string[],
  input: TaskInput,
): Promise<TaskRow[]> {
  requirePermission(ctx, 'manageTask');
  const numeric = ids.map((id, i) => {
    const n = parseId(id);
    if (n === undefined) throw badRequest(`ids[${i}]: "${id}" is not a task id`);
    return n;
  });
  const tasks = await findTasksByIds(deps.db, scopeOf(ctx), numeric);
  const missing = ids.filter((_, i) => !tasks.some((t) => t.id === numeric[i]));
  if (missing.length > 0) throw notFound(`Task ${missing.join(', ')} not found`);
  const now = Date.now();
  const planned: Array<{ task: TaskRow; set: Updateable<TaskTable>; details: Record<string, unknown> }> = [];
  for (const task of tasks) planned.push({ task, ...(await changes(deps, ctx, task, input, now)) });
  await inTransaction(deps, async (trx) => {
    for (const { task, set } of planned)
      await updateRow(trx, scopeOf(ctx), task.id, { ...set, updated_at: now, updated_by: ctx.actor.login });
    await appendAudit(
      trx,
      ctx,
      planned.map(({ task, details }) => ({
        action: 'update' as const,
        objectType: 'Task',
        objectId: formatId(task.id),
        rootId: formatId(task.case_id),
        details,
      })),
    );
  });
  return findTasksByIds(deps.db, scopeOf(ctx), numeric);
}
