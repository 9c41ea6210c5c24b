/**
 * Finding an alert in the acting organisation (by `~id` or `type;source;sourceRef`), or a clear 404.
 */
import { notFound } from '@propolis/core';
import type { Kysely } from 'kysely';
import { type AlertRow, findAlert } from '../../db/repositories/alerts.js';
import type { Database } from '../../db/schema.js';
import { type RequestContext, scopeOf } from '../context.js';

export async function visibleAlert(
  db: Kysely<Database>,
  ctx: RequestContext,
  idOrKey: string | number,
): Promise<AlertRow> {
  const row = await findAlert(db, scopeOf(ctx), idOrKey);
  if (!row) throw notFound(`Alert ${idOrKey} not found`);
  return row;
}

/** The alerts named by `ids`, each once, in the order first named; a 404 for the first one missing. */
export async function visibleAlerts(
  db: Kysely<Database>,
  ctx: RequestContext,
  ids: readonly (string | number)[],
): Promise<AlertRow[]> {
  const rows: AlertRow[] = [];
  for (const id of ids) {
    const row = await visibleAlert(db, ctx, id);
    if (!rows.some((r) => r.id === row.id)) rows.push(row);
  }
  return rows;
}
