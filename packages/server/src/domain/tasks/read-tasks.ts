/**
 * Reading tasks: one, or those of a case.
 */
import { type TaskRow, tasksOfCases } from '../../db/repositories/tasks.js';
import { visibleCase } from '../cases/guards.js';
import { type RequestContext, readScopeOf } from '../context.js';
import type { Deps } from '../deps.js';
import { visibleTask } from './update-task.js';

export const getTask = (deps: Deps, ctx: RequestContext, id: string): Promise<TaskRow> =>
  visibleTask(deps, ctx, id, 'read');

export async function tasksOfCase(
  deps: Deps,
  ctx: RequestContext,
  caseIdOrNumber: string,
): Promise<TaskRow[]> {
  const kase = await visibleCase(deps.db, ctx, caseIdOrNumber, 'read');
  return tasksOfCases(deps.db, readScopeOf(ctx), [kase.id]);
}
