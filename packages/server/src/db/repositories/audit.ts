/**
 * Writing the audit outbox (events/audit.ts builds the rows; audit-feed.ts reads them back).
 */
import type { Insertable, Transaction } from 'kysely';
import { insertRows } from '../compiled-insert.js';
import type { AuditTable, Database } from '../schema.js';

/** Appends audit rows inside the caller's transaction, so they commit with the change they record. */
export async function insertAuditRows(
  trx: Transaction<Database>,
  rows: Insertable<AuditTable>[],
): Promise<void> {
  if (rows.length === 0) return;
  await insertRows(trx, 'audit', rows, false);
}
