/**
 * Renders lists of alerts with what they need from other modules, a query per kind for the whole
 * list: custom field values, case numbers (v1 extraData.caseNumber), embedded artifacts (v0), and
 * similarity when the route computed it.
 */
import { randomUUID } from 'node:crypto';
import type { AlertOutputV1, SimilarCaseV1 } from '@propolis/core';
import { findCasesByIds } from '../../db/repositories/cases.js';
import { observablesOfAlerts } from '../../db/repositories/observables.js';
import type { AlertView } from '../../domain/alerts/alert-view.js';
import type { AlertSimilarity, SimilarCase } from '../../domain/alerts/similarity.js';
import { type RequestContext, scopeOf } from '../../domain/context.js';
import { readCustomFieldValues } from '../../domain/custom-fields/values.js';
import type { Deps } from '../../domain/deps.js';
import { observableViews } from '../../domain/observables/observable-view.js';
import { alertV0, alertV1, similarAlertV1, similarCaseV0, similarCaseV1 } from './alert.js';
import { customFieldsV0, customFieldsV1 } from './custom-fields.js';
import { observableV0 } from './observable.js';
import { similarCasesJsonV1Bytes } from './similar-case-json.js';

const idsOf = (alerts: AlertView[]) => alerts.map((a) => a.row.id);

/** Custom field values by alert: those the views carry, the others read in one query. */
async function customFieldsOf(deps: Pick<Deps, 'db'>, alerts: AlertView[]) {
  const unknown = alerts.filter((a) => !a.customFields).map((a) => a.row.id);
  const values = unknown.length > 0 ? await readCustomFieldValues(deps.db, 'alert', unknown) : new Map();
  for (const a of alerts) if (a.customFields) values.set(a.row.id, a.customFields);
  return values;
}

export async function renderAlertsV1(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  alerts: AlertView[],
  options: {
    similarity?: Map<number, Partial<AlertSimilarity>>;
    /** What stands for an alert's similar cases in its output (by default, their outputs). */
    similarCases?: (cases: SimilarCase[]) => unknown;
  } = {},
) {
  const similarCases = options.similarCases ?? ((cases: SimilarCase[]) => cases.map(similarCaseV1));
  const values = await customFieldsOf(deps, alerts);
  const caseIds = [...new Set(alerts.map((a) => a.row.case_id).filter((c): c is number => c !== null))];
  const numbers = new Map(
    (await findCasesByIds(deps.db, scopeOf(ctx), caseIds)).map((c) => [c.id, c.number] as const),
  );
  return alerts.map((a) => {
    const similar = options.similarity?.get(a.row.id);
    const extraData: AlertOutputV1['extraData'] = {};
    if (similar?.cases) extraData.similarCases = similarCases(similar.cases) as SimilarCaseV1[];
    if (similar?.alerts) extraData.similarAlerts = similar.alerts.map(similarAlertV1);
    return alertV1(a, {
      customFields: customFieldsV1(values.get(a.row.id) ?? []),
      caseNumber: a.row.case_id !== null ? numbers.get(a.row.case_id) : undefined,
      extraData,
    });
  });
}

/**
 * Where an alert's similar cases go in its JSON text: a string no field can hold (a random one per
 * process, which nothing outputs), replaced by their JSON text.
 */
const SIMILAR_CASES = `propolis-similar-cases-${randomUUID()}`;

/**
 * One alert's v1 output as JSON text in UTF-8, the same bytes as `JSON.stringify` of renderAlertsV1's,
 * with its similar cases' JSON text written by similarCasesJsonV1Bytes (each case rendered once, see
 * similar-case-json.ts) instead of built as objects and serialised on every answer.
 */
export async function renderAlertV1Json(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  alert: AlertView,
  similarity?: Partial<AlertSimilarity>,
): Promise<Buffer> {
  let cases: SimilarCase[] | undefined;
  const [out] = await renderAlertsV1(deps, ctx, [alert], {
    similarity: similarity && new Map([[alert.row.id, similarity]]),
    similarCases: (listed) => {
      cases = listed;
      return SIMILAR_CASES;
    },
  });
  const json = JSON.stringify(out);
  if (cases === undefined) return Buffer.from(json);
  const at = json.indexOf(`"${SIMILAR_CASES}"`);
  return similarCasesJsonV1Bytes(cases, json.slice(0, at), json.slice(at + SIMILAR_CASES.length + 2));
}

export async function renderAlertsV0(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  alerts: AlertView[],
  options: { similarity?: Map<number, Partial<AlertSimilarity>> } = {},
) {
  const scope = scopeOf(ctx);
  const values = await customFieldsOf(deps, alerts);
  const observables = await observablesOfAlerts(deps.db, scope, idsOf(alerts));
  const withSeen = options.similarity !== undefined;
  const views = new Map(
    (await observableViews(deps.db, scope, [...observables.values()].flat(), { seen: withSeen })).map((v) => [
      v.row.id,
      v,
    ]),
  );
  return alerts.map((a) => {
    const artifacts = (observables.get(a.row.id) ?? []).map((o) => {
      const v = views.get(o.id)!;
      const out = observableV0(v);
      if (withSeen) out.seen = v.seen?.seen ?? 0;
      return out;
    });
    const similar = options.similarity?.get(a.row.id);
    return alertV0(a, {
      customFields: customFieldsV0(values.get(a.row.id) ?? []),
      artifacts,
      similarCases: similar?.cases?.map(similarCaseV0),
    });
  });
}
