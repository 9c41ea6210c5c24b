/**
 * Case report templates (issue 18): Mustache templates of an organisation, rendered over a case
 * as Markdown, then HTML or PDF (docs/reports.md). A name is unique in its organisation.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';
import { bigint, withId } from './columns.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const big = bigint(dialect);
  await withId(db.schema.createTable('case_report_template'), dialect)
    .addColumn('organisation_id', big, (c) => c.notNull().references('organisation.id'))
    .addColumn('name', 'varchar(128)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('created_by', 'varchar(255)', (c) => c.notNull())
    .addColumn('updated_at', big)
    .addColumn('updated_by', 'varchar(255)')
    .execute();
  await db.schema
    .createIndex('case_report_template_name')
    .on('case_report_template')
    .columns(['organisation_id', 'name'])
    .unique()
    .execute();
}
