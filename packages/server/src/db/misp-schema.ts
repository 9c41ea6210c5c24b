/**
 * Tables of migration 0023-misp, listed in schema.ts's Database.
 */
import type { Generated } from 'kysely';

export interface MispServerTable {
  name: string;
  cursor: number | null;
  imported_count: Generated<number>;
  updated_count: Generated<number>;
  last_sync_at: number | null;
  last_error: string | null;
  last_error_at: number | null;
  lease_owner: string | null;
  lease_until: number | null;
}

export interface MispExportTable {
  organisation_id: number;
  case_id: number;
  server: string;
  event_id: string;
  event_uuid: string | null;
  exported_at: number;
  exported_by: string;
}
