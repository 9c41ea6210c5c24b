/**
 * What commands need from the outside world, handed in by the server at start.
 */
import { type Kysely, SqliteAdapter, type Transaction } from 'kysely';
import type { Authenticator } from '../auth/authenticate.js';
import type { AddressThrottle } from '../auth/throttle.js';
import type { Config } from '../config.js';
import { writeGateOf } from '../db/database.js';
import { UniqueConflictError, uniqueViolation } from '../db/errors.js';
import { indexNewRowsHook } from '../db/fulltext-at-commit.js';
import { GroupCommit, GroupCommits, type UnitOptions } from '../db/group-commit.js';
import type { Database } from '../db/schema.js';
import { signalCommit } from '../events/commit-signal.js';

export interface Deps {
  db: Kysely<Database>;
  config: Config;
  authenticator: Authenticator;
  addressThrottle: AddressThrottle;
}

/**
 * Write transactions go through group commit (db/group-commit.ts): one lane on SQLite (one writer),
 * PG_LANES side by side on PostgreSQL, each holding one pooled connection while it runs a batch (the
 * pool keeps the others for reads). Two rather than four since the new alerts of a batch are written
 * by one statement: under the benchmark's 50 posting clients, batches of 7–8 alerts instead of 4,
 * and less CPU per alert in the server and in PostgreSQL (docs/performance.md); the second lane
 * keeps writes going while one waits on a lock.
 */
const PG_LANES = 2;

type Committer = Pick<GroupCommit, 'run'>;
const committers = new WeakMap<Kysely<Database>, Committer>();

function committerOf(db: Kysely<Database>): Committer {
  let committer = committers.get(db);
  if (committer === undefined) {
    committer =
      db.getExecutor().adapter instanceof SqliteAdapter
        ? new GroupCommit(db, signalCommit, 'sqlite', writeGateOf(db), indexNewRowsHook())
        : new GroupCommits(db, signalCommit, PG_LANES);
    committers.set(db, committer);
  }
  return committer;
}

/**
 * A write in a transaction of its own, never grouped on PostgreSQL: for claims that lock rows with SKIP LOCKED
 * (notification deliveries), which two units of one grouped transaction would both take, since a
 * transaction does not skip the rows it locked itself.
 */
export async function inOwnTransaction<T>(
  deps: Pick<Deps, 'db'>,
  fn: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  // SQLite has no SKIP LOCKED and one writer: its group committer keeps serving these too
  if (deps.db.isTransaction || deps.db.getExecutor().adapter instanceof SqliteAdapter)
    return inTransaction(deps, fn);
  try {
    const result = await deps.db.transaction().execute(fn);
    signalCommit();
    return result;
  } catch (error) {
    const clash = uniqueViolation(error);
    if (clash !== undefined) throw new UniqueConflictError(clash, error);
    throw error;
  }
}

/**
 * Runs a write in one transaction: the change and its audit rows commit together or not at all, and
 * the promise settles after the commit. Concurrent writes share a commit (group commit; `options`:
 * db/group-commit.ts).
 */
export async function inTransaction<T>(
  deps: Pick<Deps, 'db'>,
  fn: (trx: Transaction<Database>) => Promise<T>,
  options?: UnitOptions,
): Promise<T> {
  // already inside one (inOneTransaction): the write joins it and commits with it
  if (deps.db.isTransaction) return fn(deps.db as Transaction<Database>);
  try {
    return await committerOf(deps.db).run(fn, options);
  } catch (error) {
    // Commands check uniqueness first; a concurrent request can still win the race between the check
    // and the insert. The loser gets the same answer as if it had come second; the error names the
    // constraint so that a command can tell its own duplicate from another.
    const clash = uniqueViolation(error);
    if (clash !== undefined) throw new UniqueConflictError(clash, error);
    throw error;
  }
}

/**
 * Runs several commands as one transaction: each gets deps whose `db` is the transaction, so their
 * own inTransaction joins it. All their writes and audit rows commit together, or none if one fails
 * (a bulk request spanning the caller's own objects and shared ones, api/share-writes.ts). The
 * commands must use the deps given to `fn`, not others: on SQLite a write through the outer `db`
 * would wait for this very transaction.
 */
export function inOneTransaction<T, D extends Pick<Deps, 'db'>>(
  deps: D,
  fn: (deps: D) => Promise<T>,
): Promise<T> {
  return inTransaction(deps, (trx) => fn({ ...deps, db: trx }));
}
