/**
 * `GET /{case|alert}/{id}/similar/{otherId}/observables` (TheHive 5): the observables of a case or
 * an alert that are also in another case or alert (same type and same value, neither ignoring
 * similarity). `otherId` names a case or an alert the caller sees (ids are per table: when both
 * exist, both count). Reads see shared cases (docs/sharing.md).
 */
import { notFound } from '@propolis/core';
import { findAlert } from '../../db/repositories/alerts.js';
import { findCase } from '../../db/repositories/cases.js';
import {
  type ObservableRow,
  observablesOfAlerts,
  observablesOfCase,
} from '../../db/repositories/observables.js';
import type { Scope } from '../../db/scope.js';
import { visibleAlert } from '../alerts/guards.js';
import { visibleCase } from '../cases/guards.js';
import { type RequestContext, readScopeOf } from '../context.js';
import type { Deps } from '../deps.js';
import { type ObservableView, observableViews } from './observable-view.js';

const alertObservables = async (deps: Pick<Deps, 'db'>, scope: Scope, alertId: number) =>
  [...(await observablesOfAlerts(deps.db, scope, [alertId])).values()].flat();

const keyOf = (o: ObservableRow) => `${o.data_type}\u0000${o.data_key}`;

export async function similarObservablesBetween(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  kind: 'case' | 'alert',
  id: string,
  otherId: string,
): Promise<ObservableView[]> {
  const scope = readScopeOf(ctx);
  const mine =
    kind === 'case'
      ? await observablesOfCase(deps.db, scope, (await visibleCase(deps.db, ctx, id, 'read')).id)
      : await alertObservables(deps, scope, (await visibleAlert(deps.db, ctx, id)).id);
  const otherCase = await findCase(deps.db, scope, otherId);
  const otherAlert = await findAlert(deps.db, scope, otherId);
  if (!otherCase && !otherAlert) throw notFound(`Case or alert ${otherId} not found`);
  const theirs = [
    ...(otherCase ? await observablesOfCase(deps.db, scope, otherCase.id) : []),
    ...(otherAlert ? await alertObservables(deps, scope, otherAlert.id) : []),
  ].filter((o) => o.ignore_similarity === 0);
  const keys = new Set(theirs.map(keyOf));
  const same = mine.filter((o) => o.ignore_similarity === 0 && keys.has(keyOf(o)));
  return observableViews(deps.db, scope, same);
}
