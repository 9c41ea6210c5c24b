/**
 * Logs of a task, newest first.
 */
import { logsOfTasks } from '../../db/repositories/task-logs.js';
import { type RequestContext, scopeOf } from '../context.js';
import type { Deps } from '../deps.js';
import { visibleTask } from '../tasks/update-task.js';
import { type LogView, toLogViews } from './log-view.js';

export async function logsOfTask(deps: Deps, ctx: RequestContext, taskId: string): Promise<LogView[]> {
  const task = await visibleTask(deps, ctx, taskId);
  return toLogViews(deps.db, scopeOf(ctx), await logsOfTasks(deps.db, scopeOf(ctx), [task.id]));
}
