/**
 * The delivery claim reads pending rows in event order (status, audit_id) and stops at its limit,
 * instead of sorting every due row of a backlog on each claim (db/repositories/notification-deliveries.ts).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('notification_delivery_queue')
    .on('notification_delivery')
    .columns(['status', 'audit_id'])
    .execute();
}
