/**
 * Tasks of cases (v0 `case_task`: `owner` for assignee, parent `case`).
 */
import { taskActionRequired } from '../action-required.js';
import { column, metaFields } from '../fields-common.js';
import { childrenBy, parentsBy } from '../navigation.js';
import type { EntityDef } from '../types.js';

export const taskEntity: EntityDef = {
  name: 'task',
  v0Types: ['case_task', 'task'],
  v1Type: 'Task',
  table: 'task',
  scope: 'organisation',
  parents: { case: { entity: 'case', column: 'case_id' } },
  navigation: {
    ...childrenBy('task_id', { logs: 'log' }),
    ...parentsBy('case'),
  },
  defaultSort: [{ field: 'order', direction: 'asc' }],
  fulltext: { columns: ['title', 'description'], fields: { title: 'title', description: 'description' } },
  fields: {
    ...metaFields(),
    title: column('title', 'string', { text: true }),
    group: column('group_name', 'string'),
    description: column('description', 'string', { nullable: true, text: true, noSort: true }),
    status: column('status', 'string'),
    flag: column('flag', 'boolean'),
    startDate: column('start_date', 'date', { nullable: true }),
    endDate: column('end_date', 'date', { nullable: true }),
    order: column('order', 'number'),
    dueDate: column('due_date', 'date', { nullable: true }),
    mandatory: column('mandatory', 'boolean'),
    actionRequired: taskActionRequired,
  },
  v1Fields: { assignee: column('assignee', 'string', { nullable: true }) },
  v0Fields: { owner: column('assignee', 'string', { nullable: true }) },
};
