/**
 * Writes through a share and actions asked of organisations (docs/sharing.md):
 * - `audit.acting_organisation_id`: the audit row of a change another organisation made on a case
 *   shared with it belongs to the case's owner (so the owner's stream and flow carry it) and names,
 *   here, the organisation that acted;
 * - `task_action`: TheHive's "action required" of a task, per organisation (the owner or one the
 *   task is shared with), set by `PUT /task/{id}/actionRequired/{org}` and cleared by `actionDone`.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';
import { bigint } from './columns.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const big = bigint(dialect);
  await db.schema.alterTable('audit').addColumn('acting_organisation_id', big).execute();
  await db.schema
    .createTable('task_action')
    .addColumn('task_id', big, (c) => c.notNull().references('task.id').onDelete('cascade'))
    .addColumn('organisation_id', big, (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('required', 'integer', (c) => c.notNull())
    .addColumn('updated_at', big, (c) => c.notNull())
    .addColumn('updated_by', 'varchar(255)', (c) => c.notNull())
    .addPrimaryKeyConstraint('task_action_pk', ['task_id', 'organisation_id'])
    .execute();
}
