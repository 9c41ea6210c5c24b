/**
 * The MISP connector (issue 18): one row per configured MISP server with its import cursor (the MISP
 * `timestamp` of the newest event stored), its lease (one node pulls at a time) and its last result;
 * and one row per case exported to a MISP server with the MISP event it became.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';
import { bigint } from './columns.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const big = bigint(dialect);
  await db.schema
    .createTable('misp_server')
    .addColumn('name', 'varchar(64)', (c) => c.primaryKey())
    /** MISP `timestamp` (seconds) of the newest event stored; null before the first pull. */
    .addColumn('cursor', big)
    .addColumn('imported_count', big, (c) => c.notNull().defaultTo(0))
    .addColumn('updated_count', big, (c) => c.notNull().defaultTo(0))
    .addColumn('last_sync_at', big)
    .addColumn('last_error', 'text')
    .addColumn('last_error_at', big)
    .addColumn('lease_owner', 'varchar(128)')
    .addColumn('lease_until', big)
    .execute();
  await db.schema
    .createTable('misp_export')
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisation.id'))
    .addColumn('case_id', 'integer', (c) => c.notNull().references('case.id').onDelete('cascade'))
    .addColumn('server', 'varchar(64)', (c) => c.notNull())
    .addColumn('event_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('event_uuid', 'varchar(64)')
    .addColumn('exported_at', big, (c) => c.notNull())
    .addColumn('exported_by', 'varchar(255)', (c) => c.notNull())
    .addPrimaryKeyConstraint('misp_export_pk', ['case_id', 'server'])
    .execute();
}
