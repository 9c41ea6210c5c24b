/**
 * The fan-out: reads the audit outbox by increasing id (the live stream's OutboxReader, with its
 * handling of ids committed out of order on PostgreSQL), matches every event against the enabled
 * notifications of its organisation, renders the object of those that match, and queues one
 * delivery per matching notifier (`notification_delivery`), in one transaction with its stored
 * cursor.
 *
 * One node at a time does it: the lease `fanout` in `notification_state`, renewed every few seconds,
 * taken over by another node when it runs out. The stored cursor is a low-water mark: every id at or
 * below it was queued or is known to be missing (ids the reader still awaits, or rows still waiting
 * in memory, keep it below them). After a crash or a take-over the reader starts again from it;
 * what it queues a second time is ignored by the unique key (notification, notifier, audit id), so
 * every event is queued once, none lost.
 */
import { hostname } from 'node:os';
import type { Insertable, Kysely, Transaction } from 'kysely';
import { type AuditRow, lastAuditId } from '../../db/repositories/audit-feed.js';
import {
  enqueueDeliveries,
  purgeDeliveries,
  readState,
  releaseLease,
  saveState,
  takeLease,
  takeLeaseFrom,
} from '../../db/repositories/notification-deliveries.js';
import {
  emailsOfLogins,
  enabledNotifications,
  type NotificationRow,
} from '../../db/repositories/notifications.js';
import type { Database, NotificationDeliveryTable } from '../../db/schema.js';
import { defaultReaderOptions, OutboxReader } from '../stream/outbox-reader.js';
import { onNotificationsChanged } from './changes.js';
import type { EventRenderer, RenderedEvent } from './event-renderer.js';
import type { NotifierSpec } from './notifiers.js';
import type { NotifyEvent } from './payloads.js';
import { matches, mayMatch, needsObject, type TriggerEvent, type TriggerSpec } from './triggers.js';

const LEASE_KEY = 'fanout';
const BATCH = 500;
const RELOAD_MS = 2000;
const PURGE_EVERY_MS = 3600_000;

interface Loaded {
  row: NotificationRow & { organisation_name: string; user_login: string | null };
  trigger: TriggerSpec;
  notifiers: NotifierSpec[];
  withV0: boolean;
  needsObject: boolean;
}

export interface FanOutOptions {
  nodeId: string;
  leaseMs: number;
  pollMs: number;
  maxPayloadBytes: number;
  retentionMs: number;
  /** Webhook endpoints of the configuration file, by name → version (v0 payloads need v0 objects). */
  endpointVersion(name: string): 0 | 1 | undefined;
}

export class FanOut {
  private readonly reader: OutboxReader;
  private queue: AuditRow[] = [];
  private processing: Promise<void> | undefined;
  private leader = false;
  private stopped = false;
  private maxHandled = 0;
  /** Some notification is enabled: only then is the outbox read. */
  private active = false;
  /** The cursor stored last (or read when the lease was taken). */
  private storedCursor = 0;
  private loaded: Loaded[] | undefined;
  private loadedAt = 0;
  private lastPurge = 0;
  private readonly timer: NodeJS.Timeout;
  private readonly unsubscribe: () => void;
  /** Resolves when the current lease round is done (tests, start). */
  private leaseRound: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly inTransaction: <T>(fn: (trx: Transaction<Database>) => Promise<T>) => Promise<T>,
    private readonly render: EventRenderer,
    private readonly queued: () => void,
    private readonly warn: (message: string) => void,
    private readonly options: FanOutOptions,
  ) {
    this.reader = new OutboxReader(
      db,
      (rows) => {
        this.queue.push(...rows);
        this.kick();
      },
      () => this.leader && this.active && !this.stopped,
      (m) => warn(`notifications: ${m.replace(/^live stream: /, '')}`),
      { ...defaultReaderOptions, pollMs: options.pollMs, batch: BATCH },
    );
    this.unsubscribe = onNotificationsChanged(() => {
      this.loaded = undefined;
      this.renew();
    });
    this.timer = setInterval(() => this.renew(), Math.max(100, options.leaseMs / 3)).unref();
  }

  /** Takes the lease if it is free and starts reading. */
  start(): Promise<void> {
    this.renew();
    return this.leaseRound;
  }

  isLeader(): boolean {
    return this.leader;
  }

  /** Reads what is new now (tests; commits of this process wake it anyway). */
  async wake(): Promise<void> {
    await this.reader.wake();
    while (this.processing) await this.processing;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.unsubscribe();
    this.reader.stop();
    await this.leaseRound;
    while (this.processing) await this.processing.catch(() => {});
    if (this.leader) await releaseLease(this.db, LEASE_KEY, this.options.nodeId).catch(() => {});
    this.leader = false;
  }

  private renew(): void {
    if (this.stopped) return;
    this.leaseRound = this.leaseRound.then(async () => {
      if (this.stopped) return;
      try {
        const now = Date.now();
        const initial = JSON.stringify({ cursor: await lastAuditId(this.db) });
        let held = await takeLease(
          this.db,
          LEASE_KEY,
          this.options.nodeId,
          now,
          now + this.options.leaseMs,
          initial,
        );
        if (!held) {
          // a node of this host that died (kill -9, crash) need not be waited for
          const owner = (await readState(this.db, LEASE_KEY))?.owner;
          if (owner && deadLocalOwner(owner))
            held = await takeLeaseFrom(
              this.db,
              LEASE_KEY,
              owner,
              this.options.nodeId,
              now + this.options.leaseMs,
            );
        }
        if (held && !this.leader) {
          const state = await readState(this.db, LEASE_KEY);
          const cursor = Number((JSON.parse(state?.value ?? '{}') as { cursor?: number }).cursor ?? 0);
          while (this.processing) await this.processing.catch(() => {});
          this.queue = [];
          this.storedCursor = cursor;
          this.active = false;
          this.leader = true;
        } else if (!held && this.leader) {
          this.leader = false;
          this.queue = [];
        }
        if (this.leader) await this.refreshActive();
        if (this.leader && now - this.lastPurge > PURGE_EVERY_MS) {
          this.lastPurge = now;
          await purgeDeliveries(this.db, now - this.options.retentionMs);
        }
      } catch (error) {
        this.warn(`notifications: the fan-out lease could not be renewed (${String(error)})`);
      }
    });
  }

  /**
   * Reads the outbox only while some notification is enabled (an idle platform pays nothing). When
   * the first one appears, reading starts at the stored cursor or at the oldest start of the enabled
   * notifications, whichever is later: no notification wants anything before its start.
   */
  private async refreshActive(): Promise<void> {
    const loaded = await this.notifications();
    if (loaded.length === 0) {
      this.active = false;
      return;
    }
    if (this.active) return;
    const from = Math.max(this.storedCursor, Math.min(...loaded.map((n) => n.row.start_audit_id)));
    while (this.processing) await this.processing.catch(() => {});
    this.queue = [];
    this.maxHandled = from;
    this.reader.restart(from);
    this.active = true;
    void this.reader.wake();
  }

  private kick(): void {
    if (this.processing || this.stopped) return;
    this.processing = (async () => {
      try {
        while (this.queue.length > 0 && this.leader && !this.stopped) {
          const batch = this.queue.splice(0, BATCH);
          try {
            await this.handle(batch);
          } catch (error) {
            // the database is unreachable or refused the batch: keep it, try again shortly
            this.queue.unshift(...batch);
            this.warn(`notifications: queuing events failed (${String(error)}); retrying`);
            await new Promise((r) => setTimeout(r, 1000));
          }
        }
      } finally {
        this.processing = undefined;
      }
    })();
  }

  private async notifications(fresh = false): Promise<Loaded[]> {
    if (!fresh && this.loaded && Date.now() - this.loadedAt < RELOAD_MS) return this.loaded;
    const rows = await enabledNotifications(this.db);
    this.loaded = rows.map((row) => {
      const trigger = JSON.parse(row.trigger) as TriggerSpec;
      const notifiers = JSON.parse(row.notifiers) as NotifierSpec[];
      return {
        row,
        trigger,
        notifiers,
        needsObject: needsObject(trigger),
        withV0: notifiers.some(
          (n) =>
            n.name === 'Webhook' &&
            (n.endpoint !== undefined
              ? this.options.endpointVersion(n.endpoint) === 0
              : (n.version ?? 0) === 0),
        ),
      };
    });
    this.loadedAt = Date.now();
    return this.loaded;
  }

  private async handle(batch: AuditRow[]): Promise<void> {
    // read again for every batch: a notification committed before these rows must see them, even one
    // made on another node a moment ago (one small query per batch of up to 500 rows)
    const all = await this.notifications(true);
    const byOrg = new Map<number, Loaded[]>();
    for (const n of all) byOrg.set(n.row.organisation_id, [...(byOrg.get(n.row.organisation_id) ?? []), n]);
    // candidates per organisation: rows some notification may match
    const candidates = new Map<number, Array<{ row: AuditRow; event: TriggerEvent; who: Loaded[] }>>();
    for (const row of batch) {
      if (row.organisation_id === null) continue;
      const mine = byOrg.get(row.organisation_id);
      if (!mine) continue;
      const event = triggerEvent(row, mine[0]!.row.organisation_name);
      const who = mine.filter((n) => row.id > n.row.start_audit_id && mayMatch(n.trigger, event));
      if (who.length === 0) continue;
      const list = candidates.get(row.organisation_id) ?? [];
      list.push({ row, event, who });
      candidates.set(row.organisation_id, list);
    }
    const deliveries: Array<Insertable<NotificationDeliveryTable>> = [];
    const now = Date.now();
    for (const [organisationId, list] of candidates) {
      const organisation = { id: organisationId, name: list[0]!.event.organisation };
      const rendered = await this.render(
        organisation,
        list.map((c) => c.row),
        list.some((c) => c.who.some((n) => n.withV0)),
      );
      const matched: Array<{
        row: AuditRow;
        event: TriggerEvent;
        n: Loaded;
        objects: RenderedEvent | undefined;
      }> = [];
      for (const c of list) {
        const objects = rendered.get(c.row.id);
        const event: TriggerEvent = {
          ...c.event,
          ...(objects?.v1 ? { object: objects.v1 } : {}),
          ...(objects?.task ? { task: objects.task } : {}),
          ...(objects?.observableOf ? { observableOf: objects.observableOf } : {}),
        };
        for (const n of c.who)
          if (matches(n.trigger, event, n.row.user_login)) matched.push({ row: c.row, event, n, objects });
      }
      const recipients = new Set<string>();
      for (const m of matched) {
        const r = concernedUser(m.event, m.n);
        if (r && m.n.notifiers.some((x) => x.name === 'EmailerToUser')) recipients.add(r);
      }
      const emails = await emailsOfLogins(this.db, [...recipients]);
      for (const m of matched) {
        const login = concernedUser(m.event, m.n);
        const email = login ? emails.get(login) : undefined;
        const payload = this.payload(
          m.row,
          m.event,
          m.n,
          m.objects,
          login && email ? { login, email } : undefined,
        );
        m.n.notifiers.forEach((notifier, index) => {
          if (notifier.name === 'EmailerToUser' && !email) return; // nobody to write to
          deliveries.push({
            organisation_id: organisationId,
            notification_id: m.n.row.id,
            notifier_index: index,
            audit_id: m.row.id,
            object_key: `${m.row.root_id ?? m.row.object_id}`.slice(0, 255),
            status: 'pending',
            attempts: 0,
            next_attempt_at: now,
            lease_until: null,
            payload,
            last_error: null,
            event_at: m.row.created_at,
            created_at: now,
            delivered_at: null,
          });
        });
      }
    }
    for (const row of batch) this.maxHandled = Math.max(this.maxHandled, row.id);
    const watermark = this.watermark();
    this.storedCursor = watermark;
    const lost = await this.inTransaction(async (trx) => {
      if (deliveries.length > 0) await enqueueDeliveries(trx, deliveries);
      return !(await saveState(trx, LEASE_KEY, this.options.nodeId, JSON.stringify({ cursor: watermark })));
    });
    if (lost) this.leader = false;
    if (deliveries.length > 0) this.queued();
  }

  /** Every id at or below it is queued or known missing. */
  private watermark(): number {
    let w = this.maxHandled;
    const awaited = this.reader.awaitedUpTo(Number.MAX_SAFE_INTEGER);
    if (awaited.length > 0) w = Math.min(w, Math.min(...awaited) - 1);
    for (const r of this.queue) w = Math.min(w, r.id - 1);
    return w;
  }

  private payload(
    row: AuditRow,
    event: TriggerEvent,
    n: Loaded,
    objects: RenderedEvent | undefined,
    recipient: { login: string; email: string } | undefined,
  ): string {
    const e: NotifyEvent = {
      audit: {
        id: row.id,
        action: row.action,
        objectType: row.object_type,
        objectId: row.object_id,
        rootId: row.root_id,
        requestId: row.request_id,
        details: event.details,
        mainAction: row.main_action === 1,
        createdBy: row.user_login,
        createdAt: row.created_at,
      },
      organisation: event.organisation,
      organisationId: `~${row.organisation_id}`,
      notification: { id: `~${n.row.id}`, name: n.row.name, trigger: n.trigger.name },
      ...(objects?.v1 ? { object: objects.v1 } : {}),
      ...(n.withV0 && objects?.v0 ? { objectV0: objects.v0 } : {}),
      ...(recipient ? { recipient } : {}),
    };
    const text = JSON.stringify(e);
    if (Buffer.byteLength(text) <= this.options.maxPayloadBytes) return text;
    const { object: _o, objectV0: _v, ...rest } = e;
    return JSON.stringify({ ...rest, objectOmitted: true });
  }
}

/** Whether a node id (`<host>-<pid>-<random>`) names a process of this host that no longer runs. */
export function deadLocalOwner(owner: string): boolean {
  const prefix = `${hostname()}-`;
  if (!owner.startsWith(prefix)) return false;
  const pid = Number(owner.slice(prefix.length).split('-')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function parseDetails(text: string): Record<string, unknown> {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function triggerEvent(row: AuditRow, organisation: string): TriggerEvent {
  return {
    action: row.action,
    objectType: row.object_type,
    objectId: row.object_id,
    rootId: row.root_id,
    requestId: row.request_id,
    details: parseDetails(row.details),
    createdBy: row.user_login,
    createdAt: row.created_at,
    organisation,
  };
}

/** Whom an EmailerToUser writes to: the notification's user, else the one the event concerns. */
function concernedUser(e: TriggerEvent, n: Loaded): string | undefined {
  if (n.row.user_login) return n.row.user_login;
  if (e.objectType === 'Log') return e.task?.assignee ?? undefined;
  if (typeof e.details.assignee === 'string') return e.details.assignee;
  const a = e.object?.assignee ?? e.object?.owner;
  return typeof a === 'string' ? a : undefined;
}
