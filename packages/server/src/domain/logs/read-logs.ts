/**
 * Logs of a task, newest first.
 */
import { logsOfTasks } from '../../db/repositories/task-logs.js';
import { type RequestContext, readScopeOf } from '../context.js';
import type { Deps } from '../deps.js';
import { visibleTask } from '../tasks/update-task.js';
import { type LogView, toLogViews } from './log-view.js';

export async function logsOfTask(deps: Deps, ctx: RequestContext, taskId: string): Promise<LogView[]> {
  const task = await visibleTask(deps, ctx, taskId, 'read');
  return toLogViews(deps.db, readScopeOf(ctx), await logsOfTasks(deps.db, readScopeOf(ctx), [task.id]));
}
