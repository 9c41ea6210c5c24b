/**
 * Cortex's base configurations (`/api/analyzerconfig`, `/api/responderconfig`): per organisation and
 * worker type, the values shared by every analyzer of one `baseConfig` group (an API key for all the
 * flavours of one service) and the `global`, `tlp` and `pap` groups. They fill the items an
 * administrator leaves out when enabling a worker (what Cortex's interface does with them).
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';
import { bigint } from './columns.js';

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
}
