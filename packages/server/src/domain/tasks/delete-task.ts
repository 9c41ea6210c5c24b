/**
 * Deleting a task (v1). v0 clients "delete" by setting the status to Cancel instead.
 */

import { formatId } from '@propolis/core';
import { deleteTask as deleteRow } from '../../db/repositories/tasks.js';
import { appendAudit } from '../../events/audit.js';
import { type RequestContext, requirePermission, scopeOf } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';
import { visibleTask } from './update-task.js';

export async function deleteTask(deps: Deps, ctx: RequestContext, id: string): Promise<void> {
  requirePermission(ctx, 'manageTask');
  const task = await visibleTask(deps, ctx, id);
  await inTransaction(deps, async (trx) => {
    await deleteRow(trx, scopeOf(ctx), task.id);
    await appendAudit(trx, ctx, [
      {
        action: 'delete',
        objectType: 'Task',
        objectId: formatId(task.id),
        rootId: formatId(task.case_id),
        details: { title: task.title },
      },
    ]);
  });
}
