/**
 * Task bodies as v1 and v0 clients send them.
 */
import type { TaskBodyV0 } from '@propolis/core';
import type { TaskInput } from '../../domain/tasks/task-input.js';

export const taskFromV0 = ({ owner, id: _id, ...rest }: TaskBodyV0): TaskInput => ({
  ...rest,
  ...(owner !== undefined ? { assignee: owner } : {}),
});
