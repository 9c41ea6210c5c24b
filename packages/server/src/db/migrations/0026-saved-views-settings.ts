/**
 * Saved list views (`saved_view`: an organisation member's named filters, sort and columns of the
 * alert or case list, private or shared with the organisation) and per-user UI settings
 * (`user_setting`: one JSON object per user and organisation).
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';
import { bigint, withId } from './columns.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const big = bigint(dialect);
  await withId(db.schema.createTable('saved_view'), dialect)
    .addColumn('organisation_id', big, (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('owner', 'varchar(255)', (c) => c.notNull())
    .addColumn('entity', 'varchar(16)', (c) => c.notNull())
    .addColumn('name', 'varchar(512)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('filters', 'text', (c) => c.notNull())
    .addColumn('sort', 'text', (c) => c.notNull())
    .addColumn('columns', 'text', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('created_by', 'varchar(255)', (c) => c.notNull())
    .addColumn('updated_at', big)
    .addColumn('updated_by', 'varchar(255)')
    .execute();
  await db.schema
    .createIndex('saved_view_org')
    .on('saved_view')
    .columns(['organisation_id', 'entity', 'owner'])
    .execute();

  await db.schema
    .createTable('user_setting')
    .addColumn('user_id', big, (c) => c.notNull().references('user.id').onDelete('cascade'))
    .addColumn('organisation_id', big, (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('updated_at', big, (c) => c.notNull())
    .addPrimaryKeyConstraint('user_setting_pk', ['user_id', 'organisation_id'])
    .execute();
}
