/**
 * The analysis engine (packages/analysis): analyzers and responders enabled per organisation
 * (`analysis_worker`, Cortex's "worker") and their jobs (`analysis_job`), which are also the queue.
 *
 * - A worker's id is Cortex's: md5 of "<organisation>_<name>_<type>", so one worker per name per
 *   organisation and the id a Cortex client computes or caches stays valid.
 * - Jobs are claimed from `Waiting` by one node at a time (SQLite: the single writer; PostgreSQL:
 *   FOR UPDATE SKIP LOCKED) and hold a lease (`lease_owner`, `lease_until`) that the runner renews; a
 *   job whose lease ran out (its node died) is put back to `Waiting` or failed (`attempts`).
 * - `cortex_id`/`remote_job_id`: a job run by an external Cortex server (TheHive's connector to
 *   `analysis.cortexServers`), followed by polling instead of being claimed.
 * - `observable_id` links a job to the platform observable it analyses (TheHive's connector);
 *   `object_type`/`object_id` name the case, task, alert, observable or log a responder acts on.
 * - `auto_run` (a Propolis addition) runs the analyzer on every new observable it accepts;
 *   `analysis_cursor` holds how far the auto-run reader has read the audit outbox.
 * Indexes serve the claim (status, id), the cache (cache_tag), the rate limit (worker, created_at)
 * and the lists (organisation, created_at; observable; object).
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';
import { bigint, withId } from './columns.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const big = bigint(dialect);
  await db.schema
    .createTable('analysis_worker')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('organisation_id', big, (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('type', 'varchar(16)', (c) => c.notNull())
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('definition_id', 'varchar(255)', (c) => c.notNull())
    .addColumn('configuration', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('rate', 'integer')
    .addColumn('rate_unit', 'varchar(16)')
    .addColumn('job_cache', 'integer')
    .addColumn('job_timeout', 'integer')
    .addColumn('auto_run', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('created_by', 'varchar(255)', (c) => c.notNull())
    .addColumn('updated_at', big)
    .addColumn('updated_by', 'varchar(255)')
    .execute();
  await db.schema
    .createIndex('analysis_worker_org_name')
    .on('analysis_worker')
    .columns(['organisation_id', 'type', 'name'])
    .unique()
    .execute();

  await db.schema
    .createTable('analysis_cursor')
    .addColumn('name', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('position', big, (c) => c.notNull())
    .execute();

  await withId(db.schema.createTable('analysis_job'), dialect)
    .addColumn('organisation_id', big, (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('type', 'varchar(16)', (c) => c.notNull())
    .addColumn('worker_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('worker_name', 'varchar(255)', (c) => c.notNull())
    .addColumn('worker_definition_id', 'varchar(255)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('data_type', 'varchar(64)', (c) => c.notNull())
    .addColumn('data', 'text')
    .addColumn('attachment', 'text')
    .addColumn('tlp', 'integer', (c) => c.notNull())
    .addColumn('pap', 'integer', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('parameters', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('label', 'text')
    .addColumn('cache_tag', 'varchar(64)')
    .addColumn('error_message', 'text')
    .addColumn('input', 'text')
    .addColumn('report', 'text')
    .addColumn('artifacts', 'text')
    .addColumn('applied_operations', 'text')
    .addColumn('cortex_id', 'varchar(64)')
    .addColumn('remote_job_id', 'varchar(255)')
    .addColumn('observable_id', big, (c) => c.references('observable.id').onDelete('set null'))
    .addColumn('object_type', 'varchar(32)')
    .addColumn('object_id', big)
    .addColumn('root_id', big)
    .addColumn('start_date', big)
    .addColumn('end_date', big)
    .addColumn('lease_owner', 'varchar(64)')
    .addColumn('lease_until', big)
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('created_by', 'varchar(255)', (c) => c.notNull())
    .addColumn('updated_at', big)
    .addColumn('updated_by', 'varchar(255)')
    .execute();
  await db.schema.createIndex('analysis_job_status').on('analysis_job').columns(['status', 'id']).execute();
  await db.schema
    .createIndex('analysis_job_org_created')
    .on('analysis_job')
    .columns(['organisation_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('analysis_job_worker_created')
    .on('analysis_job')
    .columns(['worker_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('analysis_job_cache')
    .on('analysis_job')
    .columns(['cache_tag', 'created_at'])
    .execute();
  await db.schema
    .createIndex('analysis_job_observable')
    .on('analysis_job')
    .columns(['observable_id', 'id'])
    .execute();
  await db.schema
    .createIndex('analysis_job_object')
    .on('analysis_job')
    .columns(['organisation_id', 'object_type', 'object_id', 'id'])
    .execute();
}
