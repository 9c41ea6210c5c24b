/**
 * Finding an observable in the acting organisation, or a clear 404.
 */
import { notFound } from '@propolis/core';
import type { Kysely } from 'kysely';
import { findObservable, type ObservableRow } from '../../db/repositories/observables.js';
import type { Database } from '../../db/schema.js';
import { type RequestContext, requirePermission, scopeOf } from '../context.js';

export async function visibleObservable(
  db: Kysely<Database>,
  ctx: RequestContext,
  id: string | number,
): Promise<ObservableRow> {
  const row = await findObservable(db, scopeOf(ctx), id);
  if (!row) throw notFound(`Observable ${id} not found`);
  return row;
}

/** Writing an observable needs manageAlert when it belongs to an alert, manageObservable otherwise. */
export function requireObservableWrite(ctx: RequestContext, rows: readonly ObservableRow[]): void {
  if (rows.some((r) => r.alert_id !== null)) requirePermission(ctx, 'manageAlert');
  if (rows.some((r) => r.alert_id === null)) requirePermission(ctx, 'manageObservable');
}

/** The audit root of an observable: its case or its alert. */
export const rootOf = (row: ObservableRow): number | null => row.case_id ?? row.alert_id;
