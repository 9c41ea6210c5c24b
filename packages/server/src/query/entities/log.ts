/**
 * Task logs (v0 `case_task_log`: `startDate` for date, parent `case_task`).
 */
import { column, metaFields } from '../fields-common.js';
import { parentsBy } from '../navigation.js';
import type { EntityDef } from '../types.js';

export const logEntity: EntityDef = {
  name: 'log',
  v0Types: ['case_task_log', 'log'],
  v1Type: 'Log',
  table: 'task_log',
  scope: 'organisation',
  navigation: parentsBy('task', 'case'),
  parents: {
    case_task: { entity: 'task', column: 'task_id' },
    task: { entity: 'task', column: 'task_id' },
  },
  defaultSort: [{ field: 'date', direction: 'desc' }],
  fulltext: { columns: ['message'], fields: { message: 'message' } },
  fields: {
    ...metaFields(),
    message: column('message', 'string', { text: true, noSort: true }),
    date: column('date', 'date'),
    owner: column('owner', 'string'),
    includeInTimeline: column('include_in_timeline', 'date', { nullable: true }),
  },
  v0Fields: { startDate: column('date', 'date') },
};
