/**
 * Folds the alert rollup's delta rows (db/repositories/alert-rollup.ts) every 30 seconds, so that
 * the rollup stays about one row per organisation, day and status whatever the write rate. One fold
 * at a time; a failed fold is logged and tried again next time.
 */
import type { Storage } from './database.js';
import { foldAlertRollup } from './repositories/alert-rollup.js';

const EVERY_MS = 30_000;

export class AlertRollupFolding {
  private readonly timer: NodeJS.Timeout;
  private running: Promise<void> | undefined;

  constructor(
    private readonly storage: Storage,
    private readonly warn: (message: string) => void,
  ) {
    this.timer = setInterval(() => void this.fold(), EVERY_MS).unref();
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
    await this.running;
  }
}
