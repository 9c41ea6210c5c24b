/**
 * `notification_delivery`'s two indexes led by (notification_id, notifier_index) become one: the
 * unique key gains `object_key` before `audit_id` and the plain index on the same four columns goes.
 *
 * Why: the claim asks, per candidate, "is an earlier event of this object still undelivered?"
 * (db/repositories/notification-deliveries.ts). With the table's statistics from an ANALYZE of a
 * handful of rows (a new table: a fresh install, a restore, the first minute of a benchmark),
 * PostgreSQL's planner answered it through the unique key, which has no `object_key`, or through
 * (status, audit_id) when the few rows analysed were delivered: each candidate then walked every
 * earlier delivery of its notification, or the whole backlog. Claims took 100–500 ms at 5,000 rows,
 * deliveries ran at ~90/s instead of ~550/s and waited tens of seconds. With one index by object,
 * and the subquery's status condition one that no status index serves ("neither delivered nor
 * dead"), the lookup goes by object whatever the statistics say.
 *
 * The key stays as unique as before: the fan-out derives `object_key` from the audit event (its
 * root, else its object), so one (notification, notifier, event) has one object key. The fan-out's
 * ON CONFLICT names the four columns.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('notification_delivery_event')
    .on('notification_delivery')
    .columns(['notification_id', 'notifier_index', 'object_key', 'audit_id'])
    .unique()
    .execute();
  await db.schema.dropIndex('notification_delivery_once').execute();
  await db.schema.dropIndex('notification_delivery_object').execute();
}
