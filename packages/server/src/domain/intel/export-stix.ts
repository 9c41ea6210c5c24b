/**
 * `POST /api/v1/stix/export` (docs/stix-taxii.md#export-observables-as-stix-21): the observables of
 * a case, of an alert, or found by an observable query, read in the caller's scope, as a STIX 2.1
 * bundle (intel/stix-bundle.ts `observablesToStixBundle`). The bundle is checked by the same rules
 * an import applies before it is answered.
 */
import { badRequest } from '@propolis/core';
import {
  findObservablesByIds,
  type ObservableRow,
  observablesOfAlerts,
  observablesOfCase,
} from '../../db/repositories/observables.js';
import { observablesToStixBundle } from '../../intel/stix-bundle.js';
import { checkStixBundle } from '../../intel/stix-import.js';
import { visibleAlert } from '../alerts/guards.js';
import { visibleCase } from '../cases/guards.js';
import { type RequestContext, scopeOf } from '../context.js';
import type { Deps } from '../deps.js';
import { stixObservableOf } from './stix-observable.js';

/** At most this many observables in one export. */
export const MAX_EXPORTED_OBSERVABLES = 10_000;

export type StixExportSource = { caseId: string } | { alertId: string } | { observableIds: number[] };

export async function exportStixBundle(deps: Deps, ctx: RequestContext, source: StixExportSource) {
  const scope = scopeOf(ctx);
  let rows: ObservableRow[];
  let key: string;
  let name: string;
  if ('caseId' in source) {
    const kase = await visibleCase(deps.db, ctx, source.caseId);
    rows = await observablesOfCase(deps.db, scope, kase.id);
    key = `case:${kase.id}`;
    name = `Observables of case #${kase.number} ${kase.title}`;
  } else if ('alertId' in source) {
    const alert = await visibleAlert(deps.db, ctx, source.alertId);
    rows = (await observablesOfAlerts(deps.db, scope, [alert.id])).get(alert.id) ?? [];
    key = `alert:${alert.id}`;
    name = `Observables of alert ${alert.title}`;
  } else {
    if (source.observableIds.length > MAX_EXPORTED_OBSERVABLES)
      throw badRequest(
        `query: it finds more than ${MAX_EXPORTED_OBSERVABLES} observables; narrow its filter or add a page step`,
      );
    rows = await findObservablesByIds(deps.db, scope, source.observableIds);
    key = 'query';
    name = `Observables of a query of ${ctx.actor.organisationName}`;
  }
  if (rows.length > MAX_EXPORTED_OBSERVABLES)
    throw badRequest(`at most ${MAX_EXPORTED_OBSERVABLES} observables are exported at once`);
  const { bundle, skipped } = observablesToStixBundle(
    { key, name, organisation: ctx.actor.organisationName },
    rows.map(stixObservableOf),
  );
  const problems = checkStixBundle(bundle);
  // a bundle of ours that breaks the rules is a defect, not the caller's mistake
  if (problems.length) throw new Error(`STIX export produced an invalid bundle: ${problems.join('; ')}`);
  return { bundle, skipped };
}
