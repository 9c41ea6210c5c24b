/**
 * Alerts: unique per organisation by (type, source, sourceRef); the import/merge date and the
 * handling duration are stored when an alert is linked to a case, so that filters, sorts and
 * aggregations on them use plain columns. Alert observables live in `observable` (alert_id).
 */
import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../database.js';
import { bigint, withId } from './columns.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const big = bigint(dialect);
  await withId(db.schema.createTable('alert'), dialect)
    .addColumn('organisation_id', big, (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('type', 'varchar(64)', (c) => c.notNull())
    .addColumn('source', 'varchar(255)', (c) => c.notNull())
    .addColumn('source_ref', 'varchar(255)', (c) => c.notNull())
    .addColumn('external_link', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('severity', 'integer', (c) => c.notNull())
    .addColumn('date', big, (c) => c.notNull())
    .addColumn('last_sync_date', big, (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('flag', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('tlp', 'integer', (c) => c.notNull())
    .addColumn('pap', 'integer', (c) => c.notNull())
    // TheHive 5 status (New, InProgress, Imported, Ignored, ...) and its stage.
    .addColumn('status', 'varchar(32)', (c) => c.notNull())
    .addColumn('stage', 'varchar(16)', (c) => c.notNull())
    // TheHive 4's read flag; with case_id it gives the v0 status (New, Updated, Ignored, Imported).
    .addColumn('read', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('follow', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('assignee', 'varchar(255)')
    .addColumn('summary', 'text')
    .addColumn('case_template', 'varchar(128)')
    .addColumn('case_id', big, (c) => c.references('case.id').onDelete('set null'))
    .addColumn('import_date', big)
    .addColumn('handling_duration', big)
    .addColumn('observable_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('in_progress_date', big)
    .addColumn('closed_date', big)
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('created_by', 'varchar(255)', (c) => c.notNull())
    .addColumn('updated_at', big)
    .addColumn('updated_by', 'varchar(255)')
    .execute();
  await db.schema
    .createIndex('alert_dedup')
    .on('alert')
    .columns(['organisation_id', 'type', 'source', 'source_ref'])
    .unique()
    .execute();
  await db.schema.createIndex('alert_org_date').on('alert').columns(['organisation_id', 'date']).execute();
  await db.schema
    .createIndex('alert_org_status_date')
    .on('alert')
    .columns(['organisation_id', 'status', 'date'])
    .execute();
  await db.schema
    .createIndex('alert_org_source_date')
    .on('alert')
    .columns(['organisation_id', 'source', 'date'])
    .execute();
  await db.schema
    .createIndex('alert_org_assignee_date')
    .on('alert')
    .columns(['organisation_id', 'assignee', 'date'])
    .execute();
  await db.schema
    .createIndex('alert_case')
    .on('alert')
    .columns(['case_id'])
    .where(sql.ref('case_id'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('observable_org_alert')
    .on('observable')
    .columns(['organisation_id', 'alert_id', 'id'])
    .execute();
}
