/**
 * Feeders (issue 16): one row per feeder with its definition, its cursor, its running figures and
 * its lease (the node running it, until when), and the items it could not turn into alerts; and
 * workflows with their audit cursor, figures and lease.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';
import { bigint, withId } from './columns.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const big = bigint(dialect);
  await db.schema
    .createTable('feeder')
    .addColumn('name', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    /** JSON: the checked definition (secrets included; never returned by the API). */
    .addColumn('definition', 'text', (c) => c.notNull())
    /** `config` (the YAML file, rewritten at each start) or `api`. */
    .addColumn('origin', 'varchar(16)', (c) => c.notNull())
    /** Set by the API over the definition's `enabled`; null follows the definition. */
    .addColumn('enabled_override', 'integer')
    .addColumn('cursor', 'text')
    .addColumn('created_count', big, (c) => c.notNull().defaultTo(0))
    .addColumn('duplicate_count', big, (c) => c.notNull().defaultTo(0))
    .addColumn('failed_count', big, (c) => c.notNull().defaultTo(0))
    .addColumn('lag', big)
    .addColumn('last_run_at', big)
    .addColumn('last_success_at', big)
    .addColumn('last_error', 'text')
    .addColumn('last_error_at', big)
    .addColumn('lease_owner', 'varchar(128)')
    .addColumn('lease_until', big)
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('updated_at', big)
    .execute();
  await withId(db.schema.createTable('feeder_failure'), dialect)
    .addColumn('feeder', 'varchar(64)', (c) => c.notNull().references('feeder.name').onDelete('cascade'))
    .addColumn('ref', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('feeder_failure_feeder')
    .on('feeder_failure')
    .columns(['feeder', 'id'])
    .execute();
  await db.schema
    .createTable('workflow')
    .addColumn('name', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('definition', 'text', (c) => c.notNull())
    /** The last audit id read; set to the newest audit id when the workflow is first defined. */
    .addColumn('cursor', big, (c) => c.notNull())
    .addColumn('matched_count', big, (c) => c.notNull().defaultTo(0))
    .addColumn('failed_count', big, (c) => c.notNull().defaultTo(0))
    .addColumn('last_run_at', big)
    .addColumn('last_error', 'text')
    .addColumn('last_error_at', big)
    .addColumn('lease_owner', 'varchar(128)')
    .addColumn('lease_until', big)
    .addColumn('created_at', big, (c) => c.notNull())
    .execute();
}
