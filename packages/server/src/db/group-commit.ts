/**
 * Group commit for SQLite: write transactions that arrive while another one runs are queued and
 * then run back to back inside ONE database transaction, each in its own savepoint, and committed
 * together. A unit that fails is rolled back to its savepoint alone; the others go on. Every unit's
 * promise settles only after the COMMIT that made it durable (or failed), so "success is answered
 * after commit" holds for each request.
 *
 * Why: on SQLite every commit writes each page it touched into the WAL; an alert with its
 * observables, tags, audit rows and full-text entries touches dozens of pages, mostly the same
 * rightmost index pages as the next alert's. Committing 20 alerts at once writes those pages once.
 * SQLite has one writer, so nothing runs in parallel anyway. better-sqlite3 is synchronous: a whole
 * request runs within one turn of the event loop, so before committing, the batch yields one turn
 * (setImmediate) to let requests already received reach their transaction and join; with nothing
 * waiting, that costs one turn of latency.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from './schema.js';

type Unit = {
  fn: (trx: Transaction<Database>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
};

/** Most units in one transaction: bounds the wait of the first unit of a batch. */
const MAX_UNITS = 64;

const FIRST_FAILED = Symbol('first unit failed');

export class GroupCommit {
  private readonly queue: Unit[] = [];
  private running = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly afterCommit: () => void,
  ) {}

  run<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (value: unknown) => void, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) await this.batch();
    } finally {
      this.running = false;
    }
  }

  /** Runs queued units in one transaction and settles them once it has committed or failed. */
  private async batch(): Promise<void> {
    const done: Array<{ unit: Unit; value: unknown }> = [];
    let first: { unit: Unit; error: unknown } | undefined;
    try {
      await this.db.transaction().execute(async (trx) => {
        while (done.length < MAX_UNITS) {
          // Requests are parsed in later turns of the event loop: give them one turn to join.
          if (this.queue.length === 0) await new Promise((resolve) => setImmediate(resolve));
          const unit = this.queue.shift();
          if (!unit) break;
          if (done.length === 0 && !first) {
            // Alone so far: no savepoint needed, a failure rolls the whole transaction back.
            try {
              done.push({ unit, value: await unit.fn(trx) });
            } catch (error) {
              first = { unit, error };
              throw FIRST_FAILED;
            }
            continue;
          }
          await sql`SAVEPOINT grouped`.execute(trx);
          try {
            const value = await unit.fn(trx);
            await sql`RELEASE SAVEPOINT grouped`.execute(trx);
            done.push({ unit, value });
          } catch (error) {
            await sql`ROLLBACK TO SAVEPOINT grouped`.execute(trx);
            await sql`RELEASE SAVEPOINT grouped`.execute(trx);
            unit.reject(error);
          }
        }
      });
    } catch (error) {
      if (error === FIRST_FAILED && first) first.unit.reject(first.error);
      else for (const d of done) d.unit.reject(error);
      return;
    }
    this.afterCommit();
    for (const d of done) d.unit.resolve(d.value);
  }
}
