/**
 * The contract between a source and the platform that runs it.
 *
 * A source reads from its cursor, turns what it read into alert drafts (and failures), and hands
 * them over with the cursor that follows them. The platform stores the alerts first and the cursor
 * after: a crash in between replays the batch (at least once), and the alerts' deduplication key
 * turns the replay into duplicates that are skipped, so nothing is lost and nothing is doubled.
 */
import type { AlertDraft, CaseLogDraft } from './alert-draft.js';

export interface FeedFailure {
  /** What failed: a line number, a message id, a request id. */
  ref: string;
  reason: string;
}

export interface FeedBatch {
  drafts: AlertDraft[];
  /** Replies to cases, logged in them (mail feeders). */
  logs?: CaseLogDraft[];
  failures: FeedFailure[];
  /** The position after everything in this batch; saved once the drafts are stored. */
  cursor: unknown;
  /** How far behind the source the feeder is after this batch (bytes, messages), when known. */
  lag?: number;
}

export interface DeliveryResult {
  created: number;
  duplicates: number;
  failed: number;
}

export interface FeederRuntime {
  /** The cursor saved by the last delivered batch, or undefined on the first run. */
  readonly cursor: unknown;
  /** Stops the source: loops end, connections close. */
  readonly signal: AbortSignal;
  deliver(batch: FeedBatch): Promise<DeliveryResult>;
  log(level: 'info' | 'warn' | 'error', message: string): void;
}

/** A running source: `run` returns when the signal aborts (or throws on a fatal error). */
export interface Source {
  run(runtime: FeederRuntime): Promise<void>;
}

/** Waits `ms` or until the signal aborts, whichever comes first. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

export const errorMessage = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);
