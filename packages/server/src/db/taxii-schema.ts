/**
 * Tables of migration 0030-taxii-exchange, listed in schema.ts's Database.
 */
import type { Generated } from 'kysely';

export interface TaxiiRemoteTable {
  name: string;
  /** The remote's X-TAXII-Date-Added-Last of the newest page stored: the next `added_after`. */
  cursor: string | null;
  imported_count: Generated<number>;
  objects_count: Generated<number>;
  last_sync_at: number | null;
  last_error: string | null;
  last_error_at: number | null;
  lease_owner: string | null;
  lease_until: number | null;
}

export interface TaxiiStatusTable {
  id: string;
  organisation_id: number;
  collection_id: string;
  /** The TAXII status resource as answered (JSON). */
  body: string;
  created_at: number;
}
