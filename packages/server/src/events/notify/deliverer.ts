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
  markDelivered,
  markFailed,
} from '../../db/repositories/notification-deliveries.js';
import { notificationsByIds } from '../../db/repositories/notifications.js';
import type { Database } from '../../db/schema.js';
import type { NotifierSpec } from '../../domain/notifications/notifiers.js';
import { type DeliveryContext, deliver } from './deliver.js';
import type { NotifyEvent } from './payloads.js';

export interface DelivererOptions {
  batch: number;
  concurrency: number;
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
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private readonly timer: NodeJS.Timeout;

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

  /** Delivers what is due (again after the round under way); resolves when that round is done. */
  wake(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.rounds().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running?.catch(() => {});
  }

  private async rounds(): Promise<void> {
    try {
      do {
        this.again = false;
        for (;;) {
          const n = await this.round();
          if (n < this.options.batch || this.stopped) break;
        }
      } while (this.again && !this.stopped);
    } catch (error) {
      this.warn(`notifications: claiming deliveries failed (${String(error)}); retrying`);
    }
  }

  private async round(): Promise<number> {
    const now = Date.now();
    const claimed = await this.inTransaction((trx) =>
      claimDueDeliveries(trx, this.postgres, now, now + this.options.leaseMs, this.options.batch),
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
    let next = 0;
    const worker = async () => {
      while (next < claimed.length) {
        const d = claimed[next++]!;
        await this.one(d, notifications.get(d.notification_id));
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency, claimed.length) }, worker));
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
