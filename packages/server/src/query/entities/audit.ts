/**
 * The audit trail (v1 `Audit`, v0 `audit`): every write's rows, read newest first. v0 sees TheHive 3
 * names: `operation` Creation/Update/Delete, `base` for the main action, `startDate` for the date.
 */
import { sql } from 'kysely';
import { column } from '../fields-common.js';
import type { EntityDef, FieldDef } from '../types.js';

const operation: FieldDef = {
  kind: 'value',
  type: 'string',
  expr: (t) =>
    sql`CASE ${sql.ref(`${t}.action`)} WHEN 'create' THEN 'Creation' WHEN 'update' THEN 'Update' WHEN 'delete' THEN 'Delete' WHEN 'merge' THEN 'Update' ELSE ${sql.ref(`${t}.action`)} END`,
};

export const auditEntity: EntityDef = {
  name: 'audit',
  v0Types: ['audit'],
  v1Type: 'Audit',
  table: 'audit',
  scope: 'organisation',
  defaultSort: [{ field: '_createdAt', direction: 'desc' }],
  fields: {
    _createdAt: column('created_at', 'date'),
    _createdBy: column('user_login', 'string'),
    requestId: column('request_id', 'string'),
    action: column('action', 'string'),
    objectType: column('object_type', 'string'),
    objectId: column('object_id', 'string'),
    rootId: column('root_id', 'string', { nullable: true }),
    mainAction: column('main_action', 'boolean'),
  },
  v0Fields: {
    operation,
    base: column('main_action', 'boolean'),
    startDate: column('created_at', 'date'),
    user: column('user_login', 'string'),
  },
};
