/**
 * What commands need from the outside world, handed in by the server at start.
 */
import { conflict } from '@propolis/core';
import type { Kysely, Transaction } from 'kysely';
import type { Authenticator } from '../auth/authenticate.js';
import type { AddressThrottle } from '../auth/throttle.js';
import type { Config } from '../config.js';
import { uniqueViolation } from '../db/errors.js';
import type { Database } from '../db/schema.js';
import { signalCommit } from '../events/commit-signal.js';

export interface Deps {
  db: Kysely<Database>;
  config: Config;
  authenticator: Authenticator;
  addressThrottle: AddressThrottle;
}

/** Runs a write in one transaction: the change and its audit rows commit together or not at all. */
export async function inTransaction<T>(
  deps: Pick<Deps, 'db'>,
  fn: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  try {
    const result = await deps.db.transaction().execute(fn);
    signalCommit();
    return result;
  } catch (error) {
    // Commands check uniqueness first; a concurrent request can still win the race between the check
    // and the insert. The loser gets the same answer as if it had come second.
    const clash = uniqueViolation(error);
    if (clash !== undefined)
      throw conflict(`Already exists (${clash}): a concurrent request created it first`);
    throw error;
  }
}
