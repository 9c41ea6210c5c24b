/**
 * Alert similarity: the cases (and the other alerts) of the organisation that hold some of the
 * alert's observables (same data type and canonical data, or same file). Observables that ignore
 * similarity are left out on both sides; other organisations are never seen. Every step is an
 * indexed lookup: the alert's keys (observable_org_alert), their matches (observable_similar),
 * then per-case / per-alert totals (observable_org_case / observable_org_alert).
 *
 * Cases merged into another one (closed as Duplicated) and the alert's own case are left out, and
 * so are imported alerts among the similar alerts: their case counts instead (as TheHive 5).
 */
import type { Kysely } from 'kysely';
import { type AlertRow, findAlertsByIds } from '../../db/repositories/alerts.js';
import { type CaseRow, findCasesByIds } from '../../db/repositories/cases.js';
import {
  observableCountsOfAlertsQuery,
  observableCountsOfCasesQuery,
  sameObservablesInCasesQuery,
  sameObservablesInOtherAlertsQuery,
  similarityKeysOfAlertQuery,
} from '../../db/repositories/observables.js';
import type { Database } from '../../db/schema.js';
import type { Scope } from '../context.js';

export interface SimilarityCounts {
  similarObservableCount: number;
  observableCount: number;
  similarIocCount: number;
  iocCount: number;
  observableTypes: Record<string, number>;
}

export interface SimilarCase extends SimilarityCounts {
  case: CaseRow;
}

export interface SimilarAlert extends SimilarityCounts {
  alert: AlertRow;
}

export interface AlertSimilarity {
  cases: SimilarCase[];
  alerts: SimilarAlert[];
}

type Match = { id: number; data_type: string; ioc: number; parent: number };

function group(matches: Match[]): Map<number, Omit<SimilarityCounts, 'observableCount' | 'iocCount'>> {
  const out = new Map<number, Omit<SimilarityCounts, 'observableCount' | 'iocCount'>>();
  const seen = new Set<number>();
  for (const m of matches) {
    if (seen.has(m.id)) continue;
    seen.add(m.id);
    const g = out.get(m.parent) ?? { similarObservableCount: 0, similarIocCount: 0, observableTypes: {} };
    g.similarObservableCount += 1;
    if (m.ioc) g.similarIocCount += 1;
    g.observableTypes[m.data_type] = (g.observableTypes[m.data_type] ?? 0) + 1;
    out.set(m.parent, g);
  }
  return out;
}

const order = (a: SimilarityCounts & { createdAt: number }, b: SimilarityCounts & { createdAt: number }) =>
  b.createdAt - a.createdAt ||
  b.similarObservableCount - a.similarObservableCount ||
  b.similarIocCount - a.similarIocCount ||
  b.iocCount - a.iocCount;

const CHUNK = 500;
const LIMIT = 10_000;
/**
 * At most this many similar cases (and alerts) are answered, the newest first (ids grow with
 * creation), as TheHive 5 caps its similarity lists: with realistic data a popular value is shared by
 * thousands of cases, and loading and rendering all of them is what made the answer slow.
 */
export const MAX_SIMILAR = 100;
const newest = (ids: Iterable<number>) => [...ids].sort((a, b) => b - a).slice(0, MAX_SIMILAR);

export async function alertSimilarity(
  db: Kysely<Database>,
  scope: Scope,
  alert: AlertRow,
  wanted: { cases?: boolean; alerts?: boolean } = { cases: true, alerts: true },
): Promise<AlertSimilarity> {
  const keys = await similarityKeysOfAlertQuery(db, scope, alert.id).execute();
  const result: AlertSimilarity = { cases: [], alerts: [] };
  if (keys.length === 0) return result;
  if (wanted.cases) {
    const matches: Match[] = [];
    for (let i = 0; i < keys.length && matches.length < LIMIT; i += CHUNK) {
      const rows = await sameObservablesInCasesQuery(db, scope, keys.slice(i, i + CHUNK))
        .limit(LIMIT)
        .execute();
      const wantedKeys = new Set(keys.slice(i, i + CHUNK).map((k) => `${k.data_type}\u0000${k.data_key}`));
      for (const r of rows)
        if (
          r.case_id !== null &&
          r.case_id !== alert.case_id &&
          wantedKeys.has(`${r.data_type}\u0000${r.data_key}`)
        )
          matches.push({ id: r.id, data_type: r.data_type, ioc: r.ioc, parent: r.case_id });
    }
    const grouped = group(matches);
    const cases = (await findCasesByIds(db, scope, newest(grouped.keys()))).filter(
      (c) => c.merged_into === null,
    );
    const totals = new Map<number, { count: number; iocs: number }>();
    if (cases.length > 0) {
      const rows = await observableCountsOfCasesQuery(
        db,
        scope,
        cases.map((c) => c.id),
      ).execute();
      for (const r of rows) totals.set(r.case_id!, { count: Number(r.count), iocs: Number(r.iocs ?? 0) });
    }
    result.cases = cases
      .map((c) => ({
        case: c,
        ...grouped.get(c.id)!,
        observableCount: totals.get(c.id)?.count ?? 0,
        iocCount: totals.get(c.id)?.iocs ?? 0,
        createdAt: c.created_at,
      }))
      .sort(order)
      .map(({ createdAt: _c, ...rest }) => rest);
  }
  if (wanted.alerts) {
    const matches: Match[] = [];
    for (let i = 0; i < keys.length && matches.length < LIMIT; i += CHUNK) {
      const rows = await sameObservablesInOtherAlertsQuery(db, scope, alert.id, keys.slice(i, i + CHUNK))
        .limit(LIMIT)
        .execute();
      const wantedKeys = new Set(keys.slice(i, i + CHUNK).map((k) => `${k.data_type}\u0000${k.data_key}`));
      for (const r of rows)
        if (r.alert_id !== null && wantedKeys.has(`${r.data_type}\u0000${r.data_key}`))
          matches.push({ id: r.id, data_type: r.data_type, ioc: r.ioc, parent: r.alert_id });
    }
    const grouped = group(matches);
    const alerts = (await findAlertsByIds(db, scope, newest(grouped.keys()))).filter(
      (a) => a.case_id === null,
    );
    const totals = new Map<number, { count: number; iocs: number }>();
    if (alerts.length > 0) {
      const rows = await observableCountsOfAlertsQuery(
        db,
        scope,
        alerts.map((a) => a.id),
      ).execute();
      for (const r of rows) totals.set(r.alert_id!, { count: Number(r.count), iocs: Number(r.iocs ?? 0) });
    }
    result.alerts = alerts
      .map((a) => ({
        alert: a,
        ...grouped.get(a.id)!,
        observableCount: totals.get(a.id)?.count ?? 0,
        iocCount: totals.get(a.id)?.iocs ?? 0,
        createdAt: a.created_at,
      }))
      .sort(order)
      .map(({ createdAt: _c, ...rest }) => rest);
  }
  return result;
}
