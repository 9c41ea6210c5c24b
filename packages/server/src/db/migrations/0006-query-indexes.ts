/**
 * Indexes for the query engine's common lists (checked with EXPLAIN in query/explain.test.ts):
 * cases by TheHive 5 status (v0 status filters use stage, already indexed), tasks by status,
 * observables by data type (the data itself is found through `data_key`, see the observable
 * entity's `data` rewrite, and the existing observable_similar index).
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createIndex('case_org_status_value')
    .on('case')
    .columns(['organisation_id', 'status', 'start_date'])
    .execute();
  await db.schema.createIndex('task_org_status').on('task').columns(['organisation_id', 'status']).execute();
  await db.schema
    .createIndex('observable_org_type')
    .on('observable')
    .columns(['organisation_id', 'data_type', 'start_date'])
    .execute();
}
