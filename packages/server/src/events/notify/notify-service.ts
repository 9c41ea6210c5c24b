/**
 * Notifications of this process: the fan-out (one node at a time) and the deliverer (every node),
 * started by app.ts when `notification.enabled`, and their Prometheus figures: per notifier, the
 * deliveries done, failed and dead-lettered by this process, and from the database the deliveries
 * pending and dead and the lag (age of the oldest pending event).
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import path from 'node:path';
import type { Kysely, Transaction } from 'kysely';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Config } from '../../config.js';
import { deliveryStats } from '../../db/repositories/notification-deliveries.js';
import { notificationsByIds } from '../../db/repositories/notifications.js';
import type { Database } from '../../db/schema.js';
import { createMailer } from './deliver.js';
import { Deliverer, type Outcome } from './deliverer.js';
import type { EventRenderer } from './event-renderer.js';
import { FanOut } from './fan-out.js';
import type { NotifierSpec } from './notifiers.js';

export interface NotifyServiceOptions {
  db: Kysely<Database>;
  postgres: boolean;
  config: Config;
  inTransaction: <T>(fn: (trx: Transaction<Database>) => Promise<T>) => Promise<T>;
  render: EventRenderer;
  warn: (message: string) => void;
}

export class NotifyService {
  readonly fanOut: FanOut;
  readonly deliverer: Deliverer;
  readonly nodeId = `${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`;
  private readonly outcomes: Array<(o: Outcome) => void> = [];

  constructor(private readonly o: NotifyServiceOptions) {
    const n = o.config.notification;
    const timeoutMs = n.timeoutSeconds * 1000;
    this.deliverer = new Deliverer(
      o.db,
      o.postgres,
      o.inTransaction,
      {
        config: o.config,
        fileDirectory: n.fileDirectory || path.join(o.config.dataDir, 'notifications'),
        mailer: createMailer(o.config),
      },
      {
        batch: 50,
        concurrency: n.concurrency,
        perNotifier: Math.min(n.perNotifierConcurrency, n.concurrency),
        pollMs: 500,
        leaseMs: timeoutMs + 5000,
        maxAttempts: n.maxAttempts,
        retryInitialMs: n.retryInitialSeconds * 1000,
        retryMaxMs: n.retryMaxSeconds * 1000,
      },
      (outcome) => {
        for (const l of this.outcomes) l(outcome);
      },
      o.warn,
    );
    this.fanOut = new FanOut(o.db, o.inTransaction, o.render, () => void this.deliverer.wake(), o.warn, {
      nodeId: this.nodeId,
      leaseMs: 15_000,
      pollMs: 500,
      maxPayloadBytes: n.maxPayloadBytes,
      retentionMs: n.retentionDays * 86_400_000,
      endpointVersion: (name) => n.webhook.endpoints.find((e) => e.name === name)?.version,
    });
  }

  async start(): Promise<void> {
    await this.fanOut.start();
    void this.deliverer.wake();
  }

  async stop(): Promise<void> {
    await this.fanOut.stop();
    await this.deliverer.stop();
  }

  onOutcome(listener: (o: Outcome) => void): void {
    this.outcomes.push(listener);
  }

  registerMetrics(registry: Registry): void {
    const labels = ['organisation', 'notification', 'notifier'] as const;
    const done = new Counter({
      name: 'propolis_notification_deliveries_total',
      help: 'Delivery attempts of this process, by notifier and result (delivered, failed, dead)',
      labelNames: [...labels, 'result'] as const,
      registers: [registry],
    });
    const lag = new Histogram({
      name: 'propolis_notification_delivery_lag_seconds',
      help: 'Time from the audit event to its delivery, by notifier',
      labelNames: labels,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 3600],
      registers: [registry],
    });
    this.onOutcome((o) => {
      const l = { organisation: `~${o.organisationId}`, notification: o.notification, notifier: o.notifier };
      done.inc({ ...l, result: o.result });
      if (o.result === 'delivered') lag.observe(l, o.lagMs / 1000);
    });
    const db = this.o.db;
    let snapshot:
      | Promise<Array<{ labels: Record<string, string>; status: string; n: number; oldest: number | null }>>
      | undefined;
    let snapshotAt = 0;
    // one query for the three gauges of a scrape
    const stats = () => {
      if (!snapshot || Date.now() - snapshotAt > 1000) {
        snapshotAt = Date.now();
        snapshot = (async () => {
          const rows = await deliveryStats(db);
          const names = new Map(
            (
              await notificationsByIds(
                db,
                rows.map((r) => r.notification_id),
              )
            ).map((n) => [n.id, n]),
          );
          return rows.map((r) => {
            const n = names.get(r.notification_id);
            const spec = n ? (JSON.parse(n.notifiers) as NotifierSpec[])[r.notifier_index] : undefined;
            return {
              labels: {
                organisation: n ? `~${n.organisation_id}` : '',
                notification: n?.name ?? `~${r.notification_id}`,
                notifier: `${r.notifier_index}:${spec?.name ?? '?'}`,
              },
              status: r.status,
              n: r.n,
              oldest: r.oldest,
            };
          });
        })();
      }
      return snapshot;
    };
    const gauge = (
      name: string,
      help: string,
      fill: (g: Gauge<string>, rows: Awaited<ReturnType<typeof stats>>) => void,
    ) =>
      new Gauge({
        name,
        help,
        labelNames: labels,
        registers: [registry],
        async collect() {
          this.reset();
          fill(this, await stats());
        },
      });
    gauge('propolis_notification_pending', 'Deliveries waiting or under way, by notifier', (g, rows) => {
      for (const r of rows) if (r.status === 'pending' || r.status === 'sending') g.inc(r.labels, r.n);
    });
    gauge(
      'propolis_notification_dead',
      'Dead-lettered deliveries kept in the log, by notifier',
      (g, rows) => {
        for (const r of rows) if (r.status === 'dead') g.inc(r.labels, r.n);
      },
    );
    gauge(
      'propolis_notification_lag_seconds',
      'Age of the oldest event not delivered yet, by notifier (0: none)',
      (g, rows) => {
        const now = Date.now();
        for (const r of rows) {
          if (r.status !== 'pending' && r.status !== 'sending') continue;
          g.set(r.labels, Math.max(0, (now - (r.oldest ?? now)) / 1000));
        }
      },
    );
  }
}
