/**
 * A new alert as data: its row, its tags, its observables with their tags, and its audit rows, built
 * before anything is written so that it can be written as one piece. PostgreSQL writes a batch of
 * them in one statement (new-alert-pg.ts); SQLite hands a batch to the alert writer thread
 * (db/alert-writer-thread.ts). Both leave the same rows as the statement-by-statement path.
 */
import type { Insertable } from 'kysely';
import type { AlertTable, AuditTable, ObservableTable } from '../schema.js';

export interface NewAlertGraph {
  alert: Insertable<AlertTable>;
  alertTags: readonly string[];
  /** Observables of the alert (alert_id is set when written), each with its tags; identities unique. */
  observables: ReadonlyArray<{ row: Insertable<ObservableTable>; tags: readonly string[] }>;
  /**
   * Audit rows in order. `object_id` and `root_id` are set when written: the alert's id, or the id
   * of the observable of this data type and key (`observable`).
   */
  audit: ReadonlyArray<{
    row: Omit<Insertable<AuditTable>, 'object_id' | 'root_id'>;
    observable?: { dataType: string; dataKey: string };
  }>;
}
