/**
 * The durable queue of notifications and their delivery log (migration 0014): rows are queued by the
 * fan-out (once per notification, notifier and audit event: the unique key ignores a second queuing),
 * claimed by delivery nodes, and left delivered or dead. Org-admins read and replay their own
 * organisation's rows; the claim and the statistics are the engine's and span organisations.
 */
import {
  type Insertable,
  type Kysely,
  type Selectable,
  sql,
  type Transaction,
  type Updateable,
} from 'kysely';
import type { Database, NotificationDeliveryTable } from '../schema.js';

export type DeliveryRow = Selectable<NotificationDeliveryTable>;
type Db = Kysely<Database> | Transaction<Database>;

export type DeliveryStatus = 'pending' | 'sending' | 'delivered' | 'dead';

export async function enqueueDeliveries(
  trx: Db,
  rows: ReadonlyArray<Insertable<NotificationDeliveryTable>>,
): Promise<number> {
  let queued = 0;
  for (let i = 0; i < rows.length; i += 200) {
    const result = await trx
      .insertInto('notification_delivery')
      .values(rows.slice(i, i + 200))
      .onConflict((oc) =>
        oc.columns(['notification_id', 'notifier_index', 'object_key', 'audit_id']).doNothing(),
      )
      .executeTakeFirst();
    queued += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return queued;
}

/** Whether any delivery is due (a cheap read before a claiming transaction). */
export async function hasDueDeliveries(db: Db, now: number): Promise<boolean> {
  const row = await db
    .selectFrom('notification_delivery')
    .select('id')
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', now)]),
        eb.and([eb('status', '=', 'sending'), eb('lease_until', '<', now)]),
      ]),
    )
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * The rows a claim may take (`status` pending: due now; sending: lease run out), in event order,
 * never one with an earlier event of the same object still undelivered (per-object order): read
 * along (status, audit_id), stopping after `limit` rows, so a claim costs the same whatever the
 * backlog (a retry waiting for its time is stepped over). The "earlier event of this object" lookup
 * can only be served by the index on (notification, notifier, object, event) (migration 0038). On
 * PostgreSQL the rows read are locked with SKIP LOCKED, so concurrent nodes claim different rows.
 */
export function claimCandidates(
  db: Db,
  postgres: boolean,
  status: 'pending' | 'sending',
  now: number,
  limit: number,
  /** Notifiers with no room at all (`<notification id>:<notifier index>`): not even read. */
  full: readonly string[] = [],
) {
  let q = db
    .selectFrom('notification_delivery as d')
    .select(['d.id', 'd.notification_id', 'd.notifier_index'])
    .where('d.status', '=', status)
    .where(
      status === 'pending' ? 'd.next_attempt_at' : 'd.lease_until',
      status === 'pending' ? '<=' : '<',
      now,
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('notification_delivery as e')
            .select('e.id')
            .whereRef('e.notification_id', '=', 'd.notification_id')
            .whereRef('e.notifier_index', '=', 'd.notifier_index')
            .whereRef('e.object_key', '=', 'd.object_key')
            .whereRef('e.audit_id', '<', 'd.audit_id')
            // undelivered, said as "neither delivered nor dead": a condition no index on status can
            // serve, so the lookup goes by object whatever the statistics say (migration 0038)
            .where('e.status', 'not in', ['delivered', 'dead']),
        ),
      ),
    )
    .orderBy('d.audit_id')
    .limit(limit);
  for (const key of full.slice(0, 100)) {
    const [notification, index] = key.split(':').map(Number) as [number, number];
    q = q.where((eb) =>
      eb.not(eb.and([eb('d.notification_id', '=', notification), eb('d.notifier_index', '=', index)])),
    );
  }
  return postgres ? q.forUpdate('d').skipLocked() : q;
}

/**
 * Claims due deliveries (`claimCandidates`, up to `limit × 4` of each status read), marking them
 * sending until `leaseUntil`. `room` says how many more rows of a notifier
 * (`<notification id>:<notifier index>`) this node can take now: rows beyond it are left pending,
 * not claimed and given back.
 */
export async function claimDueDeliveries(
  trx: Transaction<Database>,
  postgres: boolean,
  now: number,
  leaseUntil: number,
  limit: number,
  room: (notifier: string) => number,
  /** Notifiers with no room at all: not even read. */
  full: readonly string[] = [],
): Promise<DeliveryRow[]> {
  const candidates = (status: 'pending' | 'sending') =>
    claimCandidates(trx, postgres, status, now, limit * 4, full).execute();
  const found = [...(await candidates('sending')), ...(await candidates('pending'))];
  const taken = new Map<string, number>();
  const ids: number[] = [];
  for (const row of found) {
    if (ids.length >= limit) break;
    const key = `${row.notification_id}:${row.notifier_index}`;
    const n = taken.get(key) ?? 0;
    if (n >= room(key)) continue;
    taken.set(key, n + 1);
    ids.push(row.id);
  }
  if (ids.length === 0) return [];
  return trx
    .updateTable('notification_delivery')
    .set({ status: 'sending', lease_until: leaseUntil, attempts: sql`attempts + 1` })
    .where('id', 'in', ids)
    .returningAll()
    .execute();
}

/**
 * Ends the sending of delivery `id` with `set`, its lease released; nothing when it is no longer
 * being sent (its lease ran out and another node took it).
 */
async function endSending(db: Db, id: number, set: Updateable<NotificationDeliveryTable>): Promise<void> {
  await db
    .updateTable('notification_delivery')
    .set({ ...set, lease_until: null })
    .where('id', '=', id)
    .where('status', '=', 'sending')
    .execute();
}

/** Delivered; `last_error` stays: the log then tells why the attempts before this one failed. */
export async function markDelivered(db: Db, id: number, now: number): Promise<void> {
  await endSending(db, id, { status: 'delivered', delivered_at: now });
}

export async function markFailed(
  db: Db,
  id: number,
  error: string,
  next: { dead: true } | { dead: false; at: number },
): Promise<void> {
  await endSending(db, id, {
    status: next.dead ? 'dead' : 'pending',
    next_attempt_at: next.dead ? 0 : next.at,
    last_error: error.slice(0, 1000),
  });
}

export async function listDeliveries(
  db: Db,
  organisationId: number,
  notificationId: number,
  options: { status?: DeliveryStatus; from: number; size: number },
): Promise<{ rows: DeliveryRow[]; total: number }> {
  let q = db
    .selectFrom('notification_delivery')
    .where('organisation_id', '=', organisationId)
    .where('notification_id', '=', notificationId);
  if (options.status) q = q.where('status', '=', options.status);
  const rows = await q
    .selectAll()
    .orderBy('audit_id', 'desc')
    .orderBy('id', 'desc')
    .offset(options.from)
    .limit(options.size)
    .execute();
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  return { rows, total: Number(total?.n ?? 0) };
}

/** Queues deliveries again (a replay): by id, or every dead one of the notification. Returns how many. */
export async function replayDeliveries(
  db: Db,
  organisationId: number,
  notificationId: number,
  which: { id: number } | { status: 'dead' | 'delivered' },
  now: number,
): Promise<number> {
  let q = db
    .updateTable('notification_delivery')
    .set({
      status: 'pending',
      attempts: 0,
      next_attempt_at: now,
      lease_until: null,
      last_error: null,
      delivered_at: null,
    })
    .where('organisation_id', '=', organisationId)
    .where('notification_id', '=', notificationId)
    .where('status', 'in', ['dead', 'delivered']);
  q = 'id' in which ? q.where('id', '=', which.id) : q.where('status', '=', which.status);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows ?? 0);
}

/** Forgets delivered and dead rows older than `before`. */
export async function purgeDeliveries(db: Db, before: number): Promise<number> {
  const result = await db
    .deleteFrom('notification_delivery')
    .where('status', 'in', ['delivered', 'dead'])
    .where('created_at', '<', before)
    .executeTakeFirst();
  return Number(result.numDeletedRows ?? 0);
}

export interface DeliveryStats {
  notification_id: number;
  notifier_index: number;
  status: string;
  n: number;
  oldest: number | null;
}

/** Rows per notifier and status, with the oldest event time of each (the metrics). */
export async function deliveryStats(db: Db): Promise<DeliveryStats[]> {
  const rows = await db
    .selectFrom('notification_delivery')
    .select((eb) => [
      'notification_id',
      'notifier_index',
      'status',
      eb.fn.countAll<number>().as('n'),
      eb.fn.min('event_at').as('oldest'),
    ])
    .groupBy(['notification_id', 'notifier_index', 'status'])
    .execute();
  return rows.map((r) => ({
    notification_id: Number(r.notification_id),
    notifier_index: Number(r.notifier_index),
    status: r.status,
    n: Number(r.n),
    oldest: r.oldest === null ? null : Number(r.oldest),
  }));
}

/** The stored state of a component (the fan-out's cursor) and its lease. */
export async function readState(
  db: Db,
  key: string,
): Promise<{ value: string; owner: string | null; lease_until: number } | undefined> {
  return db
    .selectFrom('notification_state')
    .select(['value', 'owner', 'lease_until'])
    .where('key', '=', key)
    .executeTakeFirst();
}

/** Takes or renews the lease of `key` for `owner` until `until`; false when another owner holds it. */
export async function takeLease(
  db: Db,
  key: string,
  owner: string,
  now: number,
  until: number,
  initial: string,
): Promise<boolean> {
  const row = await db
    .insertInto('notification_state')
    .values({ key, value: initial, owner, lease_until: until })
    .onConflict((oc) =>
      oc
        .column('key')
        .doUpdateSet({ owner, lease_until: until })
        .where((eb) =>
          eb.or([eb('notification_state.owner', '=', owner), eb('notification_state.lease_until', '<', now)]),
        ),
    )
    .returning('owner')
    .executeTakeFirst();
  return row?.owner === owner;
}

/** Takes over the lease from `from` (an owner known to be dead). */
export async function takeLeaseFrom(
  db: Db,
  key: string,
  from: string,
  owner: string,
  until: number,
): Promise<boolean> {
  const result = await db
    .updateTable('notification_state')
    .set({ owner, lease_until: until })
    .where('key', '=', key)
    .where('owner', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows ?? 0) > 0;
}

export async function releaseLease(db: Db, key: string, owner: string): Promise<void> {
  await db
    .updateTable('notification_state')
    .set({ owner: null, lease_until: 0 })
    .where('key', '=', key)
    .where('owner', '=', owner)
    .execute();
}

/** Stores the value of `key` if `owner` still holds its lease. */
export async function saveState(db: Db, key: string, owner: string, value: string): Promise<boolean> {
  const result = await db
    .updateTable('notification_state')
    .set({ value })
    .where('key', '=', key)
    .where('owner', '=', owner)
    .executeTakeFirst();
  return Number(result.numUpdatedRows ?? 0) > 0;
}
