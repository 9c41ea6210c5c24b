/**
 * One index of observables by value, instead of two that every alert observable entered.
 *
 * observable_similar (organisation, data key, type) served lookups by value, and the partial
 * observable_similar_alert (the same, then alert id and ioc, for observables that take part in
 * similarity) served similar alerts. Both are keyed by the value's hash, so each alert observable
 * landed on a random page of each: at 1.8M alerts and 17M observables on SQLite, ingestion ran at
 * about 1,430 alerts/s with both and about 2,000/s with one (docs/performance.md, 2026-12-06 night).
 *
 * observable_value holds every observable: (organisation, data key, type, alert id,
 * ignore_similarity, ioc). Lookups by value use its first three columns; similar alerts read the
 * range `alert_id > 0` of a value newest alert first and test `ignore_similarity` on the index, so
 * that read still never touches the table (db/repositories/similarity.ts). Case observables have no
 * alert id and sort before that range. The case side keeps its partial indexes (migration 0010):
 * cases are far fewer than alerts, and their reads need the case id.
 *
 * `alert_id` comes before `ignore_similarity` on purpose: a similar-cases read (which states
 * `ignore_similarity = 0` but not the alert id) then finds three equal columns here as in
 * observable_similar_case, which also gives it the case id range and order, and SQLite keeps
 * choosing that one (EXPLAIN tests in db/repositories/similarity.test.ts).
 *
 * The condition `data_key IS NOT NULL` holds for every row (the column is NOT NULL): it is there
 * for the planners. A query can only use a partial index when its own conditions imply the
 * index's, and only a comparison of `data_key` implies this one. Without it SQLite, which plans
 * without statistics here, took this index for queries that never name a value, such as an alert's
 * keys (`organisation_id = ? AND alert_id = ?`): it covers them, so SQLite preferred scanning a
 * whole organisation's entries to reading observable_org_alert and the table.
 *
 * Building it reads the observable table once: about 40 s at 17M observables on SQLite.
 */
import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../database.js';

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.dropIndex('observable_similar_alert').execute();
  await db.schema.dropIndex('observable_similar').execute();
  await db.schema
    .createIndex('observable_value')
    .on('observable')
    .columns(['organisation_id', 'data_key', 'data_type', 'alert_id', 'ignore_similarity', 'ioc'])
    .where(sql.ref('data_key'), 'is not', null)
    .execute();
}
