/**
 * WAL checkpoints of the SQLite database in a worker thread.
 *
 * In WAL mode SQLite appends committed pages to the -wal file and, by default, the connection that
 * commits copies them back into the database file every 1000 pages (a "checkpoint"), which ends
 * with an fsync of both files. On the writer connection that copy and that fsync stop the event
 * loop: at a million alerts the server spent a third of its ingestion time waiting for them.
 * Here the writer never checkpoints; a worker thread with its own connection runs a PASSIVE
 * checkpoint (it never blocks the writer or readers) every CHECK_MS. Under a write load that never
 * pauses, PASSIVE checkpoints may never let the WAL start over; past MAX_WAL_BYTES the worker runs
 * a TRUNCATE checkpoint, which makes writers wait for it (a bounded stall instead of an unbounded
 * file). Durability is unchanged: a commit is in the WAL before it is answered (synchronous=NORMAL,
 * as before). On close the worker is stopped and the closing connections checkpoint what is left
 * (SQLite does that when the last connection closes).
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the worker checkpoints. */
const CHECK_MS = 500;
/** WAL size past which the worker forces the WAL to start over. */
const MAX_WAL_BYTES = 256 * 1024 * 1024;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { statSync } = require('node:fs');
const Database = require(workerData.module);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
let busy = false;
function checkpoint() {
  if (busy) return;
  busy = true;
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
    let size = 0;
    try {
      size = statSync(workerData.file + '-wal').size;
    } catch {}
    if (size > workerData.maxWalBytes) db.pragma('wal_checkpoint(TRUNCATE)');
  } catch {
    // Busy or locked: the next round tries again.
  } finally {
    busy = false;
  }
}
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message === 'stop') {
    clearInterval(timer);
    db.close();
    parentPort.close();
  }
});
`;

export class Checkpointer {
  private readonly worker: Worker;
  private stopped: Promise<void> | undefined;

  constructor(file: string) {
    const module = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { file, module, intervalMs: CHECK_MS, maxWalBytes: MAX_WAL_BYTES },
    });
    // A failing checkpointer must not take the server down: the WAL only grows until the next start.
    this.worker.on('error', () => {});
    this.worker.unref();
  }

  stop(): Promise<void> {
    this.stopped ??= new Promise<void>((resolve) => {
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
