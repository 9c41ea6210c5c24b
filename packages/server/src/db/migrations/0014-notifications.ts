/**
 * Notifications (events/notify/, docs/notifications.md): what an organisation asked to be told, and
 * the durable queue of what is to be told.
 *
 * `notification`: one trigger and its notifiers (a JSON list, secrets included: the API never
 * returns them), enabled or not, optionally for one user; `origin` tells a TheHive 4 configuration
 * entry (`PUT /api/config/organisation/notification`, kept as given in `config_entry`) from a v1 one.
 * `start_audit_id`: events after this audit id concern it (the end of the outbox when it was made).
 *
 * `notification_delivery`: one row per (notification, notifier, audit event) that matched, written by
 * the fan-out with the event as it was rendered then (`payload`); delivery nodes claim due rows
 * (`FOR UPDATE SKIP LOCKED` on PostgreSQL), retry with backoff, and leave them `delivered` or `dead`.
 * It is also the delivery log org-admins read and replay. The unique key makes the fan-out idempotent
 * (a restart reads again from its stored cursor; what was already queued is not queued twice).
 *
 * `notification_state`: the fan-out's stored cursor (and the ids it still awaits) and its lease.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';
import { bigint, withId } from './columns.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const big = bigint(dialect);
  await withId(db.schema.createTable('notification'), dialect)
    .addColumn('organisation_id', big, (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('name', 'varchar(128)', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('notifiers', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('user_id', big, (c) => c.references('user.id').onDelete('cascade'))
    .addColumn('origin', 'varchar(16)', (c) => c.notNull())
    .addColumn('config_entry', 'text')
    .addColumn('start_audit_id', big, (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('created_by', 'varchar(255)', (c) => c.notNull())
    .addColumn('updated_at', big)
    .addColumn('updated_by', 'varchar(255)')
    .execute();
  await db.schema
    .createIndex('notification_org_name')
    .on('notification')
    .columns(['organisation_id', 'name'])
    .unique()
    .execute();

  await withId(db.schema.createTable('notification_delivery'), dialect)
    .addColumn('organisation_id', big, (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('notification_id', big, (c) => c.notNull().references('notification.id').onDelete('cascade'))
    .addColumn('notifier_index', 'integer', (c) => c.notNull())
    .addColumn('audit_id', big, (c) => c.notNull())
    .addColumn('object_key', 'varchar(255)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', big, (c) => c.notNull())
    .addColumn('lease_until', big)
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('event_at', big, (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('delivered_at', big)
    .execute();
  await db.schema
    .createIndex('notification_delivery_once')
    .on('notification_delivery')
    .columns(['notification_id', 'notifier_index', 'audit_id'])
    .unique()
    .execute();
  // the claim: due rows in order, and "is an earlier event of this object still undelivered?"
  await db.schema
    .createIndex('notification_delivery_due')
    .on('notification_delivery')
    .columns(['status', 'next_attempt_at', 'audit_id'])
    .execute();
  await db.schema
    .createIndex('notification_delivery_object')
    .on('notification_delivery')
    .columns(['notification_id', 'notifier_index', 'object_key', 'audit_id'])
    .execute();

  await db.schema
    .createTable('notification_state')
    .addColumn('key', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('owner', 'varchar(128)')
    .addColumn('lease_until', big, (c) => c.notNull())
    .execute();
}
