/**
 * Finding an observable in the acting organisation, or a clear 404.
 */
import { notFound } from '@propolis/core';
import type { Kysely } from 'kysely';
import { findObservable, type ObservableRow } from '../../db/repositories/observables.js';
import type { Database } from '../../db/schema.js';
import type { Access } from '../cases/guards.js';
import { type RequestContext, readScopeOf, requirePermission, scopeOf } from '../context.js';
import { sharedReadOnly } from '../sharing/shared-read-only.js';

export async function visibleObservable(
  db: Kysely<Database>,
  ctx: RequestContext,
  id: string | number,
  access: Access = 'write',
): Promise<ObservableRow> {
  const row = await findObservable(db, access === 'read' ? readScopeOf(ctx) : scopeOf(ctx), id);
  if (row) return row;
  if (access === 'write' && (await findObservable(db, readScopeOf(ctx), id)))
    throw sharedReadOnly(ctx, `Observable ${id}`);
  throw notFound(`Observable ${id} not found`);
}

/** Writing an observable needs manageAlert when it belongs to an alert, manageObservable otherwise. */
export function requireObservableWrite(ctx: RequestContext, rows: readonly ObservableRow[]): void {
  if (rows.some((r) => r.alert_id !== null)) requirePermission(ctx, 'manageAlert/update');
  if (rows.some((r) => r.alert_id === null)) requirePermission(ctx, 'manageObservable');
}

/** The audit root of an observable: its case or its alert. */
export const rootOf = (row: ObservableRow): number | null => row.case_id ?? row.alert_id;
