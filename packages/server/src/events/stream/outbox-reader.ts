/**
 * The outbox reader of the live stream: ONE per process, it reads the `audit` table by increasing
 * id from its cursor and hands every new row to the stream hub, which dispatches it to the streams
 * of its organisation.
 *
 * It reads when a write commits in this process (events/commit-signal.ts) and every `pollMs`, which
 * also brings the writes of other Propolis processes sharing a PostgreSQL database. Reads never
 * overlap: a wake-up during a read makes one more read after it.
 *
 * Out-of-order commits. On PostgreSQL, ids come from a sequence when the row is inserted, and a
 * transaction can commit after another one that took a later id: when the reader sees id 11 while
 * id 10 is still uncommitted, moving the cursor to 11 would lose 10. So every id the cursor jumps
 * over becomes a *gap*, and each read also asks for the gaps by id (an indexed lookup of a few ids,
 * not a re-read of the recent rows): a gap that appears is delivered, late, and forgotten. A gap is
 * awaited `gapTtlMs` (a transaction that stays open longer between its audit insert and its commit
 * is not followed) and at most `maxGaps` are kept (the oldest are given up, and the log says so).
 * Rolled-back transactions leave gaps that never fill; they cost one lookup per read until they
 * expire. SQLite's single writer makes ids visible in order, so there are no gaps to follow there
 * beyond those of rolled-back savepoints.
 */
import type { Kysely } from 'kysely';
import { type AuditRow, auditsAfter, auditsByIds } from '../../db/repositories/audit-feed.js';
import type { Database } from '../../db/schema.js';
import { onCommit } from '../commit-signal.js';

export interface OutboxReaderOptions {
  /** Reads at least this often, for writes of other processes. */
  pollMs: number;
  /** How long an id the cursor jumped over is awaited. */
  gapTtlMs: number;
  /** Most ids awaited at once. */
  maxGaps: number;
  /** Rows per read statement. */
  batch: number;
}

export const defaultReaderOptions: OutboxReaderOptions = {
  pollMs: 500,
  gapTtlMs: 60_000,
  maxGaps: 10_000,
  batch: 1000,
};

export class OutboxReader {
  private cursor = 0;
  /** Ids below the cursor not seen yet, with the time the cursor jumped over them (insertion = id order). */
  private readonly gaps = new Map<number, number>();
  /** The read under way. */
  private current: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private readonly timer: NodeJS.Timeout;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly db: Kysely<Database>,
    /** Receives the rows read, each once; new rows in id order, late ones after them. */
    private readonly deliver: (rows: AuditRow[]) => void,
    /** Whether anyone is listening: with no stream open, nothing is read. */
    private readonly wanted: () => boolean,
    private readonly warn: (message: string) => void,
    private readonly options: OutboxReaderOptions = defaultReaderOptions,
  ) {
    this.unsubscribe = onCommit(() => void this.wake());
    this.timer = setInterval(() => void this.wake(), options.pollMs).unref();
  }

  /** Reading starts again after this id (when the first stream opens after an idle period). */
  restart(afterId: number): void {
    this.cursor = afterId;
    this.gaps.clear();
  }

  /** The ids at or below `id` that the reader still awaits. */
  awaitedUpTo(id: number): number[] {
    return [...this.gaps.keys()].filter((g) => g <= id);
  }

  /** Reads what is new (or once more after the read under way); resolves when that read is done. */
  wake(): Promise<void> {
    if (this.stopped || !this.wanted()) return Promise.resolve();
    if (this.current) {
      this.again = true;
      return this.current;
    }
    this.current = this.read().finally(() => {
      this.current = undefined;
    });
    return this.current;
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe();
    clearInterval(this.timer);
  }

  private async read(): Promise<void> {
    try {
      do {
        this.again = false;
        this.expireGaps();
        if (this.gaps.size > 0) this.accept(await auditsByIds(this.db, [...this.gaps.keys()]));
        for (;;) {
          const rows = await auditsAfter(this.db, this.cursor, this.options.batch);
          this.accept(rows);
          if (rows.length < this.options.batch || this.stopped) break;
        }
      } while (this.again && !this.stopped);
    } catch (error) {
      this.warn(`live stream: reading the audit outbox failed (${String(error)}); retrying`);
    }
  }

  /** Keeps the rows not delivered yet: above the cursor (noting the ids jumped over) or awaited. */
  private accept(rows: readonly AuditRow[]): void {
    const fresh: AuditRow[] = [];
    for (const row of rows) {
      if (row.id > this.cursor) {
        this.noteGaps(this.cursor + 1, row.id - 1);
        this.cursor = row.id;
        fresh.push(row);
      } else if (this.gaps.delete(row.id)) {
        fresh.push(row);
      }
    }
    if (fresh.length > 0 && !this.stopped) this.deliver(fresh);
  }

  private noteGaps(from: number, to: number): void {
    if (to < from) return;
    const now = Date.now();
    // A jump wider than the cap: only the ids nearest the new row can still be in flight.
    for (let id = Math.max(from, to - this.options.maxGaps + 1); id <= to; id++) this.gaps.set(id, now);
    let dropped = 0;
    for (const id of this.gaps.keys()) {
      if (this.gaps.size <= this.options.maxGaps) break;
      this.gaps.delete(id);
      dropped++;
    }
    if (dropped > 0)
      this.warn(
        `live stream: more than ${this.options.maxGaps} audit ids awaited; ${dropped} oldest no longer followed`,
      );
  }

  private expireGaps(): void {
    const limit = Date.now() - this.options.gapTtlMs;
    for (const [id, since] of this.gaps) {
      if (since > limit) break; // noted in id order, hence in time order
      this.gaps.delete(id);
    }
  }
}
