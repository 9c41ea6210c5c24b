/**
 * A feeder as the admin API shows it: its definition without secrets, whether it runs, and its
 * figures. Health: `Disabled`, `Idle` (never ran), `Error` (the last run failed), `OK`.
 */
import { type FeederDefinition, parseFeederDefinition, publicDefinition } from '@propolis/feeder';
import type { FeederRow } from '../../db/repositories/feeders.js';

export type FeederHealth = 'OK' | 'Idle' | 'Error' | 'Disabled';

export interface FeederView {
  name: string;
  kind: string;
  organisation: string;
  origin: 'config' | 'api';
  enabled: boolean;
  definition: Record<string, unknown>;
  status: {
    health: FeederHealth;
    created: number;
    duplicates: number;
    failed: number;
    lag: number | null;
    lastRunAt: number | null;
    lastSuccessAt: number | null;
    lastError: string | null;
    lastErrorAt: number | null;
    runningOn: string | null;
    leaseUntil: number | null;
  };
}

export const definitionOf = (row: FeederRow): FeederDefinition =>
  parseFeederDefinition(JSON.parse(row.definition), `feeder ${row.name}`);

export const isEnabled = (row: FeederRow, def: FeederDefinition = definitionOf(row)): boolean =>
  row.enabled_override === null ? def.enabled : row.enabled_override === 1;

export function healthOf(row: FeederRow, enabled: boolean): FeederHealth {
  if (!enabled) return 'Disabled';
  if (row.last_error_at !== null && (row.last_success_at === null || row.last_error_at > row.last_success_at))
    return 'Error';
  return row.last_run_at === null ? 'Idle' : 'OK';
}

export function toFeederView(row: FeederRow): FeederView {
  const def = definitionOf(row);
  const enabled = isEnabled(row, def);
  const leased = row.lease_until !== null && row.lease_until > Date.now();
  return {
    name: row.name,
    kind: row.kind,
    organisation: def.organisation,
    origin: row.origin,
    enabled,
    definition: { ...publicDefinition(def), enabled },
    status: {
      health: healthOf(row, enabled),
      created: row.created_count,
      duplicates: row.duplicate_count,
      failed: row.failed_count,
      lag: row.lag,
      lastRunAt: row.last_run_at,
      lastSuccessAt: row.last_success_at,
      lastError: row.last_error,
      lastErrorAt: row.last_error_at,
      runningOn: leased ? row.lease_owner : null,
      leaseUntil: leased ? row.lease_until : null,
    },
  };
}
