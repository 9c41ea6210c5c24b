/**
 * Reading alerts: one by `~id` or `type;source;sourceRef`, with its similarity when asked. Every
 * member of the organisation may read; another organisation's alert is a 404.
 */
import { notFound, parseId } from '@propolis/core';
import { readAlertPage } from '../../db/repositories/alert-page.js';
import { type RequestContext, readScopeOf, scopeOf } from '../context.js';
import { customFieldValueViews } from '../custom-fields/values.js';
import type { Deps } from '../deps.js';
import { type AlertView, toAlertView } from './alert-view.js';
import { visibleAlert } from './guards.js';
import { type AlertSimilarity, alertSimilarity, MAX_SIMILAR } from './similarity.js';

export const getAlert = async (
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  idOrKey: string,
): Promise<AlertView> => toAlertView(await visibleAlert(deps.db, ctx, idOrKey));

export async function getAlertSimilarity(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  view: AlertView,
  wanted: { cases?: boolean; alerts?: boolean },
): Promise<AlertSimilarity> {
  // similar cases: the organisation's own and those shared with it (docs/sharing.md)
  return alertSimilarity(deps.db, readScopeOf(ctx), view.row, wanted);
}

/**
 * An alert with its similarity (`GET /api/v1/alert/{id}?extraData=...`): by id, the alert, its
 * custom field values and its similarity keys come in one read (one statement on PostgreSQL,
 * db/repositories/alert-page.ts), and the view carries its custom fields for the presenters; by
 * `type;source;sourceRef`, getAlert then getAlertSimilarity.
 */
export async function getAlertWithSimilarity(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  idOrKey: string,
  wanted: { cases?: boolean; alerts?: boolean },
): Promise<{ view: AlertView; similarity: AlertSimilarity }> {
  const id = parseId(idOrKey);
  if (id === undefined) {
    const view = await getAlert(deps, ctx, idOrKey);
    return { view, similarity: await getAlertSimilarity(deps, ctx, view, wanted) };
  }
  const page = await readAlertPage(deps.db, scopeOf(ctx), id);
  if (!page) throw notFound(`Alert ${idOrKey} not found`);
  const view = toAlertView(page.row);
  view.customFields = customFieldValueViews(page.customFields);
  const similarity = await alertSimilarity(
    deps.db,
    readScopeOf(ctx),
    view.row,
    wanted,
    MAX_SIMILAR,
    page.keys,
  );
  return { view, similarity };
}
