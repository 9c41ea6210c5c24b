/**
 * TAXII 2.1 exchange (issue 18): one row per configured remote collection Propolis pulls from,
 * with its `added_after` cursor (the remote's X-TAXII-Date-Added-Last, kept as the server wrote
 * it), its lease (one node pulls at a time) and its last result; and the status resources of the
 * envelopes clients POSTed to a writable collection, per organisation.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';
import { bigint } from './columns.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const big = bigint(dialect);
  await db.schema
    .createTable('taxii_remote')
    .addColumn('name', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('cursor', 'varchar(64)')
    .addColumn('imported_count', big, (c) => c.notNull().defaultTo(0))
    .addColumn('objects_count', big, (c) => c.notNull().defaultTo(0))
    .addColumn('last_sync_at', big)
    .addColumn('last_error', 'text')
    .addColumn('last_error_at', big)
    .addColumn('lease_owner', 'varchar(128)')
    .addColumn('lease_until', big)
    .execute();
  await db.schema
    .createTable('taxii_status')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisation.id'))
    .addColumn('collection_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('taxii_status_org_created')
    .on('taxii_status')
    .columns(['organisation_id', 'created_at'])
    .execute();
}
