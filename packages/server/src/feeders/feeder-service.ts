/**
 * Runs the feeders inside `propolis serve`. Every few seconds it reconciles with the `feeder` table:
 * an enabled feeder whose lease this node holds or can take runs here; a disabled, changed, deleted
 * or lost one is stopped. The lease (one UPDATE that only succeeds for a free, own or expired lease)
 * makes each feeder run on one node at a time when several share a PostgreSQL database; it is
 * renewed at each reconciliation and outlives a silent node by `leaseSeconds`.
 *
 * Delivery of a batch: its alerts are stored first, then its failures, its figures and its cursor in
 * one statement that only applies while this node still holds the lease. A crash in between replays
 * the batch on restart and the replayed alerts are counted as duplicates (at least once, never
 * doubled). A source that throws is recorded (last error) and restarted from the saved cursor.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import {
  createSource,
  type DeliveryResult,
  errorMessage,
  type FeedBatch,
  type FeederDefinition,
  type FeederRuntime,
  sleep,
} from '@propolis/feeder';
import {
  acquireFeederLease,
  type FeederRow,
  insertFeederFailures,
  listFeederRows,
  recordFeederError,
  recordFeederProgress,
  releaseFeederLease,
} from '../db/repositories/feeders.js';
import type { Deps } from '../domain/deps.js';
import { definitionOf, isEnabled } from '../domain/feeders/feeder-view.js';
import { addResults, storeCaseLogs } from '../domain/feeders/store-case-logs.js';
import { storeDrafts } from '../domain/feeders/store-drafts.js';

export interface FeederServiceOptions {
  reconcileMs: number;
  leaseMs: number;
  /** Wait before a failed source is started again (a source may ask for its own). */
  retryMs?: number;
}

type Log = (level: 'info' | 'warn' | 'error', message: string) => void;

interface Running {
  controller: AbortController;
  done: Promise<void>;
  definition: string;
}

class LeaseLost extends Error {}

export class FeederService {
  readonly owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private readonly running = new Map<string, Running>();
  private timer: NodeJS.Timeout | undefined;
  private reconciling: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly deps: Deps,
    private readonly log: Log,
    private readonly options: FeederServiceOptions,
  ) {}

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => void this.reconcile(), this.options.reconcileMs);
    this.timer.unref();
    void this.reconcile();
  }

  /** Names of the feeders running on this node. */
  runningFeeders(): string[] {
    return [...this.running.keys()].sort();
  }

  /** One reconciliation now (tests and the API call it to apply a change without waiting). */
  reconcile(): Promise<void> {
    if (!this.reconciling)
      this.reconciling = this.reconcileOnce()
        .catch((error) => this.log('warn', `feeders: reconciliation failed: ${errorMessage(error)}`))
        .finally(() => {
          this.reconciling = undefined;
        });
    return this.reconciling;
  }

  private async reconcileOnce(): Promise<void> {
    if (this.stopped) return;
    const rows = await listFeederRows(this.deps.db);
    const seen = new Set<string>();
    for (const row of rows) {
      if (this.stopped) return;
      seen.add(row.name);
      let def: FeederDefinition | undefined;
      try {
        def = definitionOf(row);
      } catch (error) {
        await recordFeederError(this.deps.db, row.name, errorMessage(error), Date.now());
      }
      const wanted = def !== undefined && def.kind !== 'webhook' && isEnabled(row, def);
      const current = this.running.get(row.name);
      if (current && (!wanted || current.definition !== row.definition)) await this.stopOne(row.name);
      if (!wanted || !def) continue;
      const now = Date.now();
      const held = await acquireFeederLease(
        this.deps.db,
        row.name,
        this.owner,
        now,
        now + this.options.leaseMs,
      );
      if (!held) {
        if (this.running.has(row.name)) await this.stopOne(row.name, false);
        continue;
      }
      if (!this.running.has(row.name)) this.startOne(row, def);
    }
    for (const name of [...this.running.keys()]) if (!seen.has(name)) await this.stopOne(name);
  }

  private startOne(row: FeederRow, def: FeederDefinition): void {
    const source = createSource(def);
    if (!source) return;
    const controller = new AbortController();
    const { signal } = controller;
    const name = row.name;
    const log: Log = (level, message) => this.log(level, `feeder ${name}: ${message}`);
    let cursor: unknown = row.cursor === null ? undefined : JSON.parse(row.cursor);
    const deliver = async (batch: FeedBatch): Promise<DeliveryResult> => {
      if (signal.aborted) throw new LeaseLost('the feeder is stopping');
      const stored = addResults(
        await storeDrafts(this.deps, name, def.organisation, batch.drafts),
        await storeCaseLogs(this.deps, name, def.organisation, batch.logs ?? []),
      );
      const now = Date.now();
      const failures = [...batch.failures, ...stored.failures];
      await insertFeederFailures(this.deps.db, name, failures, now);
      const saved = await recordFeederProgress(this.deps.db, name, {
        cursor: JSON.stringify(batch.cursor ?? null),
        created: stored.created,
        duplicates: stored.duplicates,
        failed: failures.length,
        lag: batch.lag,
        now,
        leaseOwner: this.owner,
      });
      if (!saved) {
        controller.abort();
        throw new LeaseLost('another node took the feeder over');
      }
      cursor = batch.cursor;
      return { created: stored.created, duplicates: stored.duplicates, failed: failures.length };
    };
    const runtime: FeederRuntime = {
      get cursor() {
        return cursor;
      },
      signal,
      deliver,
      log,
    };
    const done = (async () => {
      log('info', `started (${def.kind})`);
      while (!signal.aborted) {
        try {
          await source.run(runtime);
        } catch (error) {
          if (signal.aborted || error instanceof LeaseLost) break;
          const message = errorMessage(error);
          log('warn', message);
          await recordFeederError(this.deps.db, name, message, Date.now()).catch(() => {});
          const retry = (error as { retryAfterMs?: number }).retryAfterMs ?? this.options.retryMs ?? 10_000;
          await sleep(retry, signal);
        }
      }
    })();
    this.running.set(name, { controller, done, definition: row.definition });
  }

  private async stopOne(name: string, release = true): Promise<void> {
    const current = this.running.get(name);
    if (!current) return;
    this.running.delete(name);
    current.controller.abort();
    await current.done;
    if (release) await releaseFeederLease(this.deps.db, name, this.owner).catch(() => {});
    this.log('info', `feeder ${name}: stopped`);
  }

  /** Stops every feeder of this node and hands their leases back. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.reconciling;
    await Promise.all([...this.running.keys()].map((name) => this.stopOne(name)));
  }
}
