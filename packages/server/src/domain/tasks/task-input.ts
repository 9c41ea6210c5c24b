/**
 * Task fields as commands take them (v1 names; the v0 face maps `owner` to `assignee`), their
 * validation, and the dates that status changes set.
 */
import { badRequest, isTaskStatus, MAX_TITLE, TASK_STATUSES, type TaskStatus } from '@propolis/core';
import type { Updateable } from 'kysely';
import type { TaskRow } from '../../db/repositories/tasks.js';
import type { TaskTable } from '../../db/schema.js';
import { checkText } from '../input-rules.js';

export { TASK_STATUSES, type TaskStatus };

export interface TaskInput {
  title?: string;
  group?: string;
  description?: string | null;
  status?: string;
  flag?: boolean;
  startDate?: number | null;
  endDate?: number | null;
  order?: number;
  dueDate?: number | null;
  assignee?: string | null;
  mandatory?: boolean;
}

export function checkStatus(status: string, field = 'status'): TaskStatus {
  // TheHive 5's UI says "Cancelled"; the stored value is "Cancel".
  const value = status === 'Cancelled' ? 'Cancel' : status;
  if (!isTaskStatus(value)) {
    throw badRequest(`${field}: "${status}" is not a task status; allowed: ${TASK_STATUSES.join(', ')}`);
  }
  return value;
}

export const checkTitle = (title: string | undefined, field = 'title'): string =>
  checkText(title, field, MAX_TITLE);

/** Columns to set for a status change: start date on InProgress, end date (and flag off) on Completed. */
export function statusTransition(
  current: Pick<TaskRow, 'start_date' | 'end_date'> | undefined,
  status: TaskStatus,
  now: number,
) {
  const set: Updateable<TaskTable> = { status };
  if (status === 'InProgress' && !current?.start_date) set.start_date = now;
  if (status === 'Completed') {
    if (!current?.end_date) set.end_date = now;
    if (!current?.start_date) set.start_date = now;
    set.flag = 0;
  }
  if (status === 'Waiting') set.end_date = null;
  return set;
}
