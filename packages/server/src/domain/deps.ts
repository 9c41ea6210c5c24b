/**
 * What commands need from the outside world, handed in by the server at start.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Authenticator } from '../auth/authenticate.js';
import type { AddressThrottle } from '../auth/throttle.js';
import type { Config } from '../config.js';
import type { Database } from '../db/schema.js';

export interface Deps {
  db: Kysely<Database>;
  config: Config;
  authenticator: Authenticator;
  addressThrottle: AddressThrottle;
}

/** Runs a write in one transaction: the change and its audit rows commit together or not at all. */
export function inTransaction<T>(
  deps: Pick<Deps, 'db'>,
  fn: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  return deps.db.transaction().execute(fn);
}
