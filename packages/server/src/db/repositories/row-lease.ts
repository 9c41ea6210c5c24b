/**
 * Leases on named rows (a feeder, a workflow): one node at a time runs the row's work. A node takes
 * a row that nobody holds, that it holds already, or whose lease has run out.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** Tables whose rows carry `name`, `lease_owner` and `lease_until`. */
export type LeasedTable = 'feeder' | 'workflow' | 'misp_server' | 'taxii_remote';

export async function acquireRowLease(
  db: Kysely<Database>,
  table: LeasedTable,
  name: string,
  owner: string,
  now: number,
  until: number,
): Promise<boolean> {
  // the two tables share these columns; Kysely types one table at a time
  const result = await db
    .updateTable(table as 'feeder')
    .set({ lease_owner: owner, lease_until: until })
    .where('name', '=', name)
    .where((eb) =>
      eb.or([eb('lease_owner', 'is', null), eb('lease_owner', '=', owner), eb('lease_until', '<', now)]),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function releaseRowLease(
  db: Kysely<Database>,
  table: LeasedTable,
  name: string,
  owner: string,
): Promise<void> {
  await db
    .updateTable(table as 'feeder')
    .set({ lease_owner: null, lease_until: null })
    .where('name', '=', name)
    .where('lease_owner', '=', owner)
    .execute();
}
