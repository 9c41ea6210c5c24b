/**
 * WAL checkpoints of the SQLite database in a worker thread, and restarts of the WAL between two
 * group-commit batches.
 *
 * In WAL mode SQLite appends committed pages to the -wal file and, by default, the connection that
 * commits copies them back into the database file every 1000 pages (a "checkpoint"), which ends
 * with an fsync of both files. On the writer connection that copy and that fsync stop the event
 * loop: at a million alerts the server spent a third of its ingestion time waiting for them.
 * Here the writer never checkpoints; a worker thread with its own connection runs a PASSIVE
 * checkpoint (it never blocks the writer or readers) every CHECK_MS.
 *
 * A checkpoint copies pages back but does not shorten the WAL: SQLite starts writing the WAL from
 * its beginning again only when a write transaction begins while every frame has been copied back.
 * Under a write load that never pauses (group-commit batches back to back) that moment never comes:
 * the WAL grew by ~90 KB per posted alert to hundreds of MB, and the event loop stalled for
 * 230–330 ms at a time, blocked in SQLite rather than running (docs/performance.md, "reads while
 * ingesting"): on the TRUNCATE checkpoint that bounded the file (it makes the writer wait), and on
 * the writes that grew the file while the worker synced the database. So once the WAL holds more
 * than RESTART_WAL_BYTES, the WAL is restarted in two steps. First the worker checkpoints again at
 * once while the writes go on (a catch-up: it copies what was written since its periodic
 * checkpoint). Once that is done, `beforeWrite` asks the worker for one more checkpoint and the group
 * committer waits for it before its next batch: no write transaction is open meanwhile, so the
 * checkpoint copies every frame back, and the next batch writes the WAL from its start again. The
 * writes wait (asynchronously: reads go on) only for the frames written during the catch-up: at a
 * million alerts a restart made them wait 250 ms on average without the catch-up, about 110 ms with
 * it (docs/performance.md). The writer's journal_size_limit then trims a longer file
 * (db/database.ts). The worker's TRUNCATE checkpoint past MAX_WAL_BYTES stays as the bound for
 * what cannot restart (a reader kept a snapshot open throughout).
 *
 * Durability is unchanged: a commit is in the WAL before it is answered (synchronous=NORMAL, as
 * before). On close the worker is stopped and the closing connections checkpoint what is left
 * (SQLite does that when the last connection closes).
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the worker checkpoints. */
const CHECK_MS = 500;
/** WAL size past which the worker forces the WAL to start over. */
const MAX_WAL_BYTES = 512 * 1024 * 1024;
/**
 * WAL content past which the WAL is restarted (a catch-up checkpoint, then the next write waits for
 * a complete one). At 1,200 alerts/s 64 MB cost the ingestion about 7% and 128 MB nothing
 * measurable; at 2,000+ alerts/s on a million alerts (40–55 KB of WAL per alert), 128 MB meant
 * a restart every 1.5 s and writes waiting 11–15% of the time. With the catch-up, 256 MB posted
 * 5–9% more alerts than 128 MB without it in alternating runs (2.8% on average in seven later
 * pairs, within the spread between runs), and the WAL file grows to about 350 MB
 * (docs/performance.md, session 38).
 */
export const RESTART_WAL_BYTES = 256 * 1024 * 1024;
/** The longest a write waits for that checkpoint: a stuck worker must not stop the writes. */
const WAIT_LIMIT_MS = 2000;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { statSync } = require('node:fs');
const Database = require(workerData.module);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
const pageSize = db.pragma('page_size', { simple: true });
/**
 * Bytes in the WAL. Even when this checkpoint copied every frame back, writes that follow at once
 * append to the WAL instead of restarting it: the size is what tells. When the checkpoint could not
 * run (another connection was checkpointing: a second process on the same file), the file's size,
 * which is at least that.
 */
function checkpoint() {
  let size = 0;
  try {
    size = statSync(workerData.file + '-wal').size;
  } catch {}
  try {
    let r = db.pragma('wal_checkpoint(PASSIVE)')[0];
    if (size > workerData.maxWalBytes) r = db.pragma('wal_checkpoint(TRUNCATE)')[0];
    if (r.log >= 0) return r.log * pageSize;
  } catch {
    // Busy or locked: the next round tries again.
  }
  return size;
}
const timer = setInterval(() => parentPort.postMessage({ walBytes: checkpoint() }), workerData.intervalMs);
/** Until it ran or for up to ~200 ms: another connection's checkpoint holds the lock meanwhile. */
function checkpointNow() {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let i = 0; i < 20; i++) {
    try {
      if (db.pragma('wal_checkpoint(PASSIVE)')[0].log >= 0) return;
    } catch {}
    Atomics.wait(pause, 0, 0, 10);
  }
}
parentPort.on('message', (message) => {
  if (message === 'catch-up' || message === 'now') {
    checkpointNow();
    parentPort.postMessage({ checkpointed: message });
  } else if (message === 'stop') {
    clearInterval(timer);
    db.close();
    parentPort.close();
  }
});
`;

export class Checkpointer {
  private readonly worker: Worker;
  private stopped: Promise<void> | undefined;
  /** Bytes in the WAL at the worker's last checkpoint. */
  private walBytes = 0;
  /** The checkpoint that writes wait for, while it runs. */
  private waiting: { promise: Promise<void>; resolve: () => void } | undefined;
  /** The checkpoint that runs before the writes wait for one: none asked yet, asked, or done. */
  private catchUp: 'none' | 'asked' | 'done' = 'none';

  constructor(
    file: string,
    /** Tests set a small one. */
    private readonly restartWalBytes = RESTART_WAL_BYTES,
  ) {
    const module = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { file, module, intervalMs: CHECK_MS, maxWalBytes: MAX_WAL_BYTES },
    });
    // A failing checkpointer must not take the server down: the WAL only grows until the next start.
    this.worker.on('error', () => this.release());
    this.worker.on('exit', () => this.release());
    this.worker.on('message', (message: { walBytes?: number; checkpointed?: 'catch-up' | 'now' }) => {
      if (message.walBytes !== undefined) {
        this.walBytes = message.walBytes;
        // (a waiting write implies a catch-up done: `beforeWrite` waits only after one)
        if (this.pastLimit() && this.catchUp === 'none') {
          this.catchUp = 'asked';
          this.worker.postMessage('catch-up');
        }
      }
      if (message.checkpointed === 'catch-up' && this.catchUp === 'asked') this.catchUp = 'done';
      if (message.checkpointed === 'now') this.release();
    });
    this.worker.unref();
  }

  private pastLimit(): boolean {
    return this.walBytes >= this.restartWalBytes && !this.stopped;
  }

  /** Whether `beforeWrite` would make the next write wait (for the thread's batches to end first). */
  restartDue(): boolean {
    return this.waiting !== undefined || (this.pastLimit() && this.catchUp === 'done');
  }

  /**
   * Before a write transaction (group commit, between two batches): nothing while the WAL is short
   * or its catch-up checkpoint runs; then a promise settled once the worker has copied the WAL back
   * (the write then restarts the WAL), or after WAIT_LIMIT_MS.
   */
  beforeWrite(): Promise<void> | undefined {
    if (this.waiting) return this.waiting.promise;
    if (!this.pastLimit() || this.catchUp !== 'done') return undefined;
    let resolve!: () => void;
    const promise = new Promise<void>((r) => {
      resolve = r;
    });
    this.waiting = { promise, resolve };
    const limit = setTimeout(() => this.release(), WAIT_LIMIT_MS).unref();
    void promise.then(() => clearTimeout(limit));
    this.worker.postMessage('now');
    return promise;
  }

  private release(): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    this.catchUp = 'none';
    // unknown until the next periodic checkpoint says how much the restarted WAL holds
    this.walBytes = 0;
    waiting?.resolve();
  }

  stop(): Promise<void> {
    this.stopped ??= new Promise<void>((resolve) => {
      this.release();
      // Referenced while it stops: waiting for its exit must keep the process alive (an unreferenced
      // worker let a failing start exit silently with code 0 before its error was reported).
      this.worker.ref();
      this.worker.once('exit', () => resolve());
      this.worker.postMessage('stop');
      setTimeout(() => void this.worker.terminate(), 2000).unref();
    });
    return this.stopped;
  }
}
