/**
 * Delivery: every node claims due deliveries (db/repositories/notification-deliveries.ts: SKIP
 * LOCKED on PostgreSQL, so two nodes never claim the same row; never a later event of an object
 * whose earlier one is still undelivered), sends them a few at a time, and records the outcome:
 * delivered; or failed, to be tried again after an exponential backoff (doubling from
 * `retryInitialMs` up to `retryMaxMs`, with a little jitter); or dead after `maxAttempts` attempts,
 * kept in the delivery log for an org-admin to replay. A node killed mid-delivery leaves its rows
 * `sending`; once their lease (the timeout and a margin) runs out, any node claims them again, so the
 * event is delivered at least once.
 */
import type { Kysely, Transaction } from 'kysely';
import {
  claimDueDeliveries,
  type DeliveryRow,
  hasDueDeliveries,
  markDelivered,
  markFailed,
} from '../../db/repositories/notification-deliveries.js';
import { notificationsByIds } from '../../db/repositories/notifications.js';
import type { Database } from '../../db/schema.js';
import { type DeliveryContext, deliver } from './deliver.js';
import type { NotifierSpec } from './notifiers.js';
import type { NotifyEvent } from './payloads.js';

export interface DelivererOptions {
  batch: number;
  /** Deliveries under way at once in this process... */
  concurrency: number;
  /** ...and of one notifier. */
  perNotifier: number;
  pollMs: number;
  /** How long a claimed row stays ours (must exceed the delivery timeout). */
  leaseMs: number;
  maxAttempts: number;
  retryInitialMs: number;
  retryMaxMs: number;
}

export interface Outcome {
  delivery: DeliveryRow;
  notifier: string;
  notification: string;
  organisationId: number;
  result: 'delivered' | 'failed' | 'dead';
  lagMs: number;
}

export function backoffMs(
  attempts: number,
  o: Pick<DelivererOptions, 'retryInitialMs' | 'retryMaxMs'>,
): number {
  const base = Math.min(o.retryMaxMs, o.retryInitialMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.9 + Math.random() * 0.2));
}

export class Deliverer {
  private pumping: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private readonly timer: NodeJS.Timeout;
  /** Deliveries under way, by notifier (`<notification id>:<index>`). */
  private readonly inFlight = new Map<string, number>();
  private inFlightTotal = 0;
  private readonly settled = new Set<Promise<void>>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly postgres: boolean,
    private readonly inTransaction: <T>(fn: (trx: Transaction<Database>) => Promise<T>) => Promise<T>,
    private readonly context: DeliveryContext,
    private readonly options: DelivererOptions,
    private readonly observe: (outcome: Outcome) => void,
    private readonly warn: (message: string) => void,
  ) {
    this.timer = setInterval(() => void this.wake(), options.pollMs).unref();
  }

  /**
   * Claims what is due while there is room (`concurrency` deliveries at once, at most
   * `perNotifier` of one notifier, so a slow receiver does not hold the others back); resolves when
   * the claiming is done (deliveries may still be under way).
   */
  wake(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.pumping) {
      this.again = true;
      return this.pumping;
    }
    this.pumping = this.pump().finally(() => {
      this.pumping = undefined;
    });
    return this.pumping;
  }

  /** Stops claiming and waits for the deliveries under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.pumping?.catch(() => {});
    await Promise.all([...this.settled]);
  }

  private async pump(): Promise<void> {
    try {
      do {
        this.again = false;
        while (!this.stopped && this.inFlightTotal < this.options.concurrency) {
          const claimed = await this.claim(this.options.concurrency - this.inFlightTotal);
          if (claimed === 0) break;
        }
      } while (this.again && !this.stopped);
    } catch (error) {
      this.warn(`notifications: claiming deliveries failed (${String(error)}); retrying`);
    }
  }

  private async claim(room: number): Promise<number> {
    const now = Date.now();
    // most wake-ups find nothing due: ask with a read before opening a write transaction
    if (!(await hasDueDeliveries(this.db, now))) return 0;
    const full = [...this.inFlight].filter(([, n]) => n >= this.options.perNotifier).map(([k]) => k);
    const claimed = await this.inTransaction((trx) =>
      claimDueDeliveries(
        trx,
        this.postgres,
        now,
        now + this.options.leaseMs,
        Math.min(room, this.options.batch),
        (key) => this.options.perNotifier - (this.inFlight.get(key) ?? 0),
        full,
      ),
    );
    if (claimed.length === 0) return 0;
    const notifications = new Map(
      (
        await notificationsByIds(
          this.db,
          claimed.map((d) => d.notification_id),
        )
      ).map((n) => [n.id, n]),
    );
    for (const d of claimed) {
      const key = `${d.notification_id}:${d.notifier_index}`;
      this.inFlight.set(key, (this.inFlight.get(key) ?? 0) + 1);
      this.inFlightTotal++;
      const done: Promise<void> = this.one(d, notifications.get(d.notification_id))
        .catch((e) => this.warn(`notifications: delivery ~${d.id} failed unexpectedly (${String(e)})`))
        .finally(() => {
          const left = (this.inFlight.get(key) ?? 1) - 1;
          if (left <= 0) this.inFlight.delete(key);
          else this.inFlight.set(key, left);
          this.inFlightTotal--;
          this.settled.delete(done);
          // a slot is free, and the next event of this object may now be due
          void this.wake();
        });
      this.settled.add(done);
    }
    return claimed.length;
  }

  private async one(
    d: DeliveryRow,
    notification: { name: string; notifiers: string; organisation_id: number } | undefined,
  ): Promise<void> {
    const spec = notification
      ? (JSON.parse(notification.notifiers) as NotifierSpec[])[d.notifier_index]
      : undefined;
    const base = {
      delivery: d,
      notifier: spec ? `${d.notifier_index}:${spec.name}` : String(d.notifier_index),
      notification: notification?.name ?? `~${d.notification_id}`,
      organisationId: d.organisation_id,
    };
    let error: string;
    try {
      if (!spec) throw new Error('the notifier no longer exists');
      await deliver(spec, JSON.parse(d.payload) as NotifyEvent, this.context);
      const at = Date.now();
      await markDelivered(this.db, d.id, at);
      this.observe({ ...base, result: 'delivered', lagMs: at - d.event_at });
      return;
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    const dead = d.attempts >= this.options.maxAttempts || !spec;
    try {
      await markFailed(
        this.db,
        d.id,
        error,
        dead ? { dead: true } : { dead: false, at: Date.now() + backoffMs(d.attempts, this.options) },
      );
    } catch (e) {
      this.warn(`notifications: recording a failed delivery failed (${String(e)})`);
    }
    this.observe({ ...base, result: dead ? 'dead' : 'failed', lagMs: Date.now() - d.event_at });
    if (dead)
      this.warn(
        `notifications: delivery ~${d.id} of notification ${base.notification} (${base.notifier}) is dead after ${d.attempts} attempts: ${error}`,
      );
  }
}
