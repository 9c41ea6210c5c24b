/**
 * Cortex's base configurations (`/api/analyzerconfig`, `/api/responderconfig`): per organisation and
 * worker type, the values shared by every analyzer of one `baseConfig` group (an API key for all the
 * flavours of one service) and the `global`, `tlp` and `pap` groups. They fill the items an
 * administrator leaves out when enabling a worker (what Cortex's interface does with them).
 *
 * And TheHive's analyzer report templates (`/api/connector/cortex/analyzer/template`), platform-wide
 * as in TheHive 4: one Liquid template per analyzer (definition id or name) and report kind.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';
import { bigint, withId } from './columns.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const big = bigint(dialect);
  await db.schema
    .createTable('analysis_base_config')
    .addColumn('organisation_id', big, (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('type', 'varchar(16)', (c) => c.notNull())
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('config', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('updated_at', big, (c) => c.notNull())
    .addColumn('updated_by', 'varchar(255)', (c) => c.notNull())
    .addPrimaryKeyConstraint('analysis_base_config_pk', ['organisation_id', 'type', 'name'])
    .execute();
  await withId(db.schema.createTable('analysis_report_template'), dialect)
    .addColumn('analyzer_id', 'varchar(255)', (c) => c.notNull())
    .addColumn('report_type', 'varchar(8)', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('created_by', 'varchar(255)', (c) => c.notNull())
    .addColumn('updated_at', big)
    .addColumn('updated_by', 'varchar(255)')
    .execute();
  await db.schema
    .createIndex('analysis_report_template_analyzer')
    .on('analysis_report_template')
    .columns(['analyzer_id', 'report_type'])
    .unique()
    .execute();
}
