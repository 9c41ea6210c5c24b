/**
 * "Action required" on tasks (TheHive 4/5, docs/sharing.md): the owner of a case, or an
 * organisation a task is shared with, asks an organisation among them to act on the task
 * (`PUT /task/{id}/actionRequired/{org}`) and marks it done (`PUT /task/{id}/actionDone/{org}`);
 * `GET /task/{id}/actionRequired` tells, per organisation, whether an action is awaited.
 */
import { badRequest, formatId } from '@propolis/core';
import { organisationNameOf, organisationsOfTaskShares } from '../../db/repositories/shares.js';
import { actionsOfTasks, setTaskAction } from '../../db/repositories/task-actions.js';
import type { TaskRow } from '../../db/repositories/tasks.js';
import { appendAudit } from '../../events/audit.js';
import { type RequestContext, requirePermission } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';
import { visibleTask } from './update-task.js';

/** The organisations that take part in a task: its owner, and those it is shared with. */
async function partiesOf(
  deps: Pick<Deps, 'db'>,
  task: TaskRow,
): Promise<Array<{ id: number; name: string }>> {
  const owner = {
    id: task.organisation_id,
    name: (await organisationNameOf(deps.db, task.organisation_id)) ?? '',
  };
  const shared = await organisationsOfTaskShares(deps.db, task.id);
  return [owner, ...shared.map((s) => ({ id: s.organisation_id, name: s.organisation_name }))];
}

export async function taskActions(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  id: string,
): Promise<Record<string, boolean>> {
  const task = await visibleTask(deps, ctx, id, 'read');
  const actions = (await actionsOfTasks(deps.db, [task.id])).get(task.id);
  const out: Record<string, boolean> = {};
  for (const p of await partiesOf(deps, task)) out[p.name] = actions?.get(p.id) ?? false;
  return out;
}

export async function markTaskAction(
  deps: Deps,
  ctx: RequestContext,
  id: string,
  organisation: string,
  required: boolean,
): Promise<void> {
  requirePermission(ctx, 'manageTask');
  const task = await visibleTask(deps, ctx, id, 'write');
  const parties = await partiesOf(deps, task);
  const org = parties.find((p) => p.name === organisation || formatId(p.id) === organisation);
  if (!org)
    throw badRequest(
      `organisation: "${organisation}" is neither the owner of task ${id} nor an organisation it is shared with (${parties.map((p) => p.name).join(', ')})`,
    );
  await inTransaction(deps, async (trx) => {
    await setTaskAction(trx, task.id, org.id, required, Date.now(), ctx.actor.login);
    await appendAudit(trx, ctx, [
      {
        action: 'update',
        objectType: 'Task',
        objectId: formatId(task.id),
        rootId: formatId(task.case_id),
        details: { actionRequired: { [org.name]: required } },
      },
    ]);
  });
}
