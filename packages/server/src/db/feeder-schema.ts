/**
 * Tables of migration 0017-feeders, listed in schema.ts's Database.
 */
import type { Generated } from 'kysely';

export interface FeederTable {
  name: string;
  kind: string;
  definition: string;
  origin: 'config' | 'api';
  enabled_override: number | null;
  cursor: string | null;
  created_count: Generated<number>;
  duplicate_count: Generated<number>;
  failed_count: Generated<number>;
  lag: number | null;
  last_run_at: number | null;
  last_success_at: number | null;
  last_error: string | null;
  last_error_at: number | null;
  lease_owner: string | null;
  lease_until: number | null;
  created_at: number;
  updated_at: number | null;
}

export interface FeederFailureTable {
  id: Generated<number>;
  feeder: string;
  ref: string;
  reason: string;
  created_at: number;
}

export interface WorkflowTable {
  name: string;
  definition: string;
  cursor: number;
  matched_count: Generated<number>;
  failed_count: Generated<number>;
  last_run_at: number | null;
  last_error: string | null;
  last_error_at: number | null;
  lease_owner: string | null;
  lease_until: number | null;
  created_at: number;
  /** `config` (the configuration file's, rewritten at start) or `api`. */
  origin: Generated<'config' | 'api'>;
}
