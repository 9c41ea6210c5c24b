/**
 * Finding an observable in the acting organisation, or a clear 404.
 */
import { notFound } from '@propolis/core';
import type { Kysely } from 'kysely';
import { findObservable, type ObservableRow } from '../../db/repositories/observables.js';
import type { Database } from '../../db/schema.js';
import { type RequestContext, scopeOf } from '../context.js';

export async function visibleObservable(
  db: Kysely<Database>,
  ctx: RequestContext,
  id: string | number,
): Promise<ObservableRow> {
  const row = await findObservable(db, scopeOf(ctx), id);
  if (!row) throw notFound(`Observable ${id} not found`);
  return row;
}
