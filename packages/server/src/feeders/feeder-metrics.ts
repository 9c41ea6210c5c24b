/**
 * Feeder figures for /metrics, read from the `feeder` table at each scrape (so every node shows the
 * same totals, whichever runs the feeder).
 */
import { Gauge, type Registry } from 'prom-client';
import { listFeederRows } from '../db/repositories/feeders.js';
import type { Deps } from '../domain/deps.js';
import { healthOf, isEnabled } from '../domain/feeders/feeder-view.js';

export function feederMetrics(deps: Pick<Deps, 'db'>) {
  return (registry: Registry): void => {
    const labelNames = ['feeder', 'kind'] as const;
    const gauges = {
      up: new Gauge({
        name: 'propolis_feeder_up',
        help: '1 when the feeder is enabled and its last run succeeded',
        labelNames,
        registers: [registry],
        collect: load,
      }),
      created: new Gauge({
        name: 'propolis_feeder_alerts_created',
        help: 'Alerts created by the feeder since it was defined',
        labelNames,
        registers: [registry],
        collect: load,
      }),
      duplicates: new Gauge({
        name: 'propolis_feeder_duplicates',
        help: 'Items of the feeder that matched an existing alert',
        labelNames,
        registers: [registry],
        collect: load,
      }),
      failed: new Gauge({
        name: 'propolis_feeder_failures',
        help: 'Items the feeder could not turn into alerts',
        labelNames,
        registers: [registry],
        collect: load,
      }),
      lag: new Gauge({
        name: 'propolis_feeder_lag',
        help: 'What the feeder still has to read (bytes or messages), as last seen',
        labelNames,
        registers: [registry],
        collect: load,
      }),
      lastRun: new Gauge({
        name: 'propolis_feeder_last_run_seconds',
        help: 'Time of the last run of the feeder (Unix seconds)',
        labelNames,
        registers: [registry],
        collect: load,
      }),
    };
    // The registry collects every gauge at once: one read of the table per scrape serves them all.
    let pending: Promise<void> | undefined;
    function load(): Promise<void> {
      pending ??= fill().finally(() => {
        pending = undefined;
      });
      return pending;
    }
    async function fill() {
      for (const g of Object.values(gauges)) g.reset();
      for (const row of await listFeederRows(deps.db)) {
        const labels = { feeder: row.name, kind: row.kind };
        let health = 'Error';
        try {
          health = healthOf(row, isEnabled(row));
        } catch {
          // an unreadable definition is reported as not up
        }
        gauges.created.set(labels, row.created_count);
        gauges.duplicates.set(labels, row.duplicate_count);
        gauges.failed.set(labels, row.failed_count);
        if (row.lag !== null) gauges.lag.set(labels, row.lag);
        if (row.last_run_at !== null) gauges.lastRun.set(labels, row.last_run_at / 1000);
        gauges.up.set(labels, health === 'OK' || health === 'Idle' ? 1 : 0);
      }
    }
  };
}
