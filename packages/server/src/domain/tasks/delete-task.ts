/**
 * Deleting a task (v1). v0 clients "delete" by setting the status to Cancel instead.
 */

import { deleteTask as deleteRow } from '../../db/repositories/tasks.js';
import { auditedCaseRowDelete } from '../audited-write.js';
import { type RequestContext, requirePermission } from '../context.js';
import type { Deps } from '../deps.js';
import { visibleTask } from './update-task.js';

export async function deleteTask(deps: Deps, ctx: RequestContext, id: string): Promise<void> {
  requirePermission(ctx, 'manageTask');
  const task = await visibleTask(deps, ctx, id);
  await auditedCaseRowDelete(deps, ctx, deleteRow, 'Task', task, { title: task.title });
}
