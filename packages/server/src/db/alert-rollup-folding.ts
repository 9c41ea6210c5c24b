/**
 * Folds the alert rollup's delta rows (db/repositories/alert-rollup.ts) every 30 seconds, and
 * sooner when a read finds many (`requestFold`), so that the rollup stays about one row per
 * organisation, day and status whatever the write rate. One fold at a time per database; a failed
 * fold is logged and tried again next time. Writers never wait for a fold on PostgreSQL (it only
 * deletes rows it read); on SQLite it is one short write transaction.
 */
import type { Kysely } from 'kysely';
import type { Storage } from './database.js';
import { foldAlertRollup } from './repositories/alert-rollup.js';
import type { Database } from './schema.js';

const EVERY_MS = 30_000;

/** The folding of each open database, for reads that find many delta rows. */
const folders = new WeakMap<Kysely<Database>, AlertRollupFolding>();

/** Folds the database's rollup soon (without waiting), if a folding runs for it. */
export function requestFold(db: Kysely<Database>): void {
  void folders.get(db)?.fold();
}

export class AlertRollupFolding {
  private readonly timer: NodeJS.Timeout;
  private running: Promise<void> | undefined;

  constructor(
    private readonly storage: Storage,
    private readonly warn: (message: string) => void,
  ) {
    this.timer = setInterval(() => void this.fold(), EVERY_MS).unref();
    folders.set(storage.db, this);
  }

  fold(): Promise<void> {
    this.running ??= foldAlertRollup(this.storage.db, this.storage.dialect)
      .then(() => undefined)
      .catch((error: unknown) => this.warn(`alert rollup: folding failed (${String(error)}); will retry`))
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    folders.delete(this.storage.db);
    await this.running;
  }
}
