/**
 * Deleting a task (v1). v0 clients "delete" by setting the status to Cancel instead.
 */

import { deleteTask as deleteRow } from '../../db/repositories/tasks.js';
import { auditedWrite } from '../audited-write.js';
import { type RequestContext, requirePermission, scopeOf } from '../context.js';
import type { Deps } from '../deps.js';
import { visibleTask } from './update-task.js';

export async function deleteTask(deps: Deps, ctx: RequestContext, id: string): Promise<void> {
  requirePermission(ctx, 'manageTask');
  const task = await visibleTask(deps, ctx, id);
  await auditedWrite(deps, ctx, (trx) => deleteRow(trx, scopeOf(ctx), task.id), {
    action: 'delete',
    objectType: 'Task',
    id: task.id,
    rootId: task.case_id,
    details: { title: task.title },
  });
}
