/**
 * Reading alerts: one by `~id` or `type;source;sourceRef`, with its similarity when asked. Every
 * member of the organisation may read; another organisation's alert is a 404.
 */
import { type RequestContext, readScopeOf } from '../context.js';
import type { Deps } from '../deps.js';
import { type AlertView, toAlertView } from './alert-view.js';
import { visibleAlert } from './guards.js';
import { type AlertSimilarity, alertSimilarity } from './similarity.js';

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
