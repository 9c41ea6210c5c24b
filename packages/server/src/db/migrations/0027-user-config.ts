/**
 * Per-user configuration (TheHive 4/5 `/api/v1/config/user[/{path}]`): one JSON value per user and
 * path, kept for the user whatever organisation it acts in.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';
import { bigint } from './columns.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const big = bigint(dialect);
  await db.schema
    .createTable('user_config')
    .addColumn('user_id', big, (c) => c.notNull().references('user.id').onDelete('cascade'))
    .addColumn('path', 'varchar(128)', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', big, (c) => c.notNull())
    .addPrimaryKeyConstraint('user_config_pk', ['user_id', 'path'])
    .execute();
}
