/**
 * Alert similarity: the cases (and the other alerts) of the organisation that hold some of the
 * alert's observables (same data type and canonical data, or same file). Observables that ignore
 * similarity are left out on both sides; other organisations are never seen. Every step is a
 * bounded indexed read: the alert's keys (observable_org_alert), for each key its MAX_SIMILAR newest
 * cases or alerts (observable_similar_case / observable_value, newest-similar.ts), the rows
 * and totals of the at most MAX_SIMILAR answered ones (primary key, observable_org_case /
 * observable_org_alert). Nothing is proportional to how many cases share a value.
 *
 * Cases merged into another one (closed as Duplicated) and the alert's own case are left out, and
 * so are imported alerts among the similar alerts: their case counts instead (as TheHive 5). The
 * answer is the MAX_SIMILAR newest of the cases (alerts) that are answered: one left out near the
 * top lets the next older one in.
 */
import type { Kysely } from 'kysely';
import { executePrepared } from '../../db/prepared-read.js';
import { type AlertRow, findAlertsByIds } from '../../db/repositories/alerts.js';
import type { CaseRow } from '../../db/repositories/cases.js';
import {
  observableCountsOfAlertsQuery,
  type SimilarityKey,
  similarityKeysOfAlertQuery,
} from '../../db/repositories/observables.js';
import {
  type CaseWithTotals,
  casesWithTotals,
  mergedMatchesWithCases,
} from '../../db/repositories/similar-cases.js';
import { notImportedAlertIdsQuery } from '../../db/repositories/similarity.js';
import type { Database } from '../../db/schema.js';
import type { Scope } from '../../db/scope.js';
import { type NewestSimilar, newestSimilar } from './newest-similar.js';

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

type Totals = Map<number, { count: number; iocs: number }>;

const order = (a: SimilarityCounts & { createdAt: number }, b: SimilarityCounts & { createdAt: number }) =>
  b.createdAt - a.createdAt ||
  b.similarObservableCount - a.similarObservableCount ||
  b.similarIocCount - a.similarIocCount ||
  b.iocCount - a.iocCount;

/**
 * At most this many similar cases (and alerts) are answered, the newest first (ids grow with
 * creation), as TheHive 5 caps its similarity lists: with realistic data a popular value is shared by
 * thousands of cases, and loading and rendering all of them is what made the answer slow.
 */
export const MAX_SIMILAR = 100;

/** The counts of each answered parent, from its matches and its totals. */
function counted<Row extends { id: number; created_at: number }>(
  rows: Row[],
  found: NewestSimilar,
  totals: Totals,
): Array<SimilarityCounts & { row: Row; createdAt: number }> {
  return rows.map((row) => {
    const matches = found.matches.get(row.id) ?? [];
    const observableTypes: Record<string, number> = {};
    let iocs = 0;
    for (const m of matches) {
      observableTypes[m.key.data_type] = (observableTypes[m.key.data_type] ?? 0) + 1;
      if (m.ioc) iocs++;
    }
    return {
      row,
      similarObservableCount: matches.length,
      similarIocCount: iocs,
      observableTypes,
      observableCount: totals.get(row.id)?.count ?? 0,
      iocCount: totals.get(row.id)?.iocs ?? 0,
      createdAt: row.created_at,
    };
  });
}

function totalsOf(rows: Array<{ parent: number | null; count: number; iocs: number | null }>): Totals {
  return new Map(rows.map((r) => [r.parent!, { count: Number(r.count), iocs: Number(r.iocs ?? 0) }]));
}

const ids = async (q: { execute(): Promise<Array<{ id: number }>> }) => (await q.execute()).map((r) => r.id);

export async function alertSimilarity(
  db: Kysely<Database>,
  scope: Scope,
  alert: AlertRow,
  wanted: { cases?: boolean; alerts?: boolean } = { cases: true, alerts: true },
  limit = MAX_SIMILAR,
  /** The alert's similarity keys when the caller read them with the alert (db/repositories/alert-page.ts). */
  known?: SimilarityKey[],
): Promise<AlertSimilarity> {
  const own = known ?? (await executePrepared(db, similarityKeysOfAlertQuery(db, scope, alert.id)));
  const keys = [...new Map(own.map((k) => [`${k.data_type}\u0000${k.data_key}`, k])).values()];
  const result: AlertSimilarity = { cases: [], alerts: [] };
  if (keys.length === 0) return result;
  if (wanted.cases) {
    // Cases are checked by loading their rows with their totals, kept for the answer: merged cases
    // are rare, so the rows checked are nearly always the rows answered (one statement, not three).
    const rows = new Map<number, CaseRow>();
    const totals: Totals = new Map();
    const keep = (loaded: CaseWithTotals[]) => {
      for (const c of loaded) {
        rows.set(c.row.id, c.row);
        totals.set(c.row.id, { count: c.count, iocs: c.iocs });
      }
    };
    // PostgreSQL reads the rows of the cases it will check with the values' merged read (one round
    // trip instead of two, db/repositories/similar-cases.ts); SQLite reads them as they are needed.
    // the organisation's own cases, and (read apart, see db/visibility.ts) those shared with it
    const parts = await Promise.all(
      (scope.shared ? [false, true] : [false]).map((shared) =>
        newestSimilar(
          db,
          scope,
          keys,
          {
            side: 'case',
            exclude: alert.case_id,
            shared,
            answered: async (list) => {
              // Rows read along with the values (PostgreSQL, below) are not read again.
              const missing = list.filter((id) => !rows.has(id));
              if (missing.length > 0) keep(await casesWithTotals(db, scope, missing, shared));
              return list.filter((id) => rows.get(id)?.merged_into === null);
            },
            runMerged: async (statement, maxRows) => {
              const read = await mergedMatchesWithCases(db, scope, {
                merged: statement,
                rows: maxRows,
                limit,
                shared,
              });
              keep(read.cases);
              return read.matches;
            },
          },
          limit,
        ),
      ),
    );
    // the organisation's own cases, or the newest of its own and those shared with it
    const found: NewestSimilar =
      parts.length === 1
        ? parts[0]!
        : {
            ids: parts
              .flatMap((p) => p.ids)
              .sort((a, b) => b - a)
              .slice(0, limit),
            matches: new Map(parts.flatMap((p) => [...p.matches])),
          };
    const cases = found.ids.map((id) => rows.get(id)!);
    result.cases = counted(cases, found, totals)
      .sort(order)
      .map(({ row, createdAt: _c, ...counts }) => ({ case: row, ...counts }));
  }
  if (wanted.alerts) {
    // Imported alerts are common: they are checked by id, and only the answered rows are loaded.
    const found = await newestSimilar(
      db,
      scope,
      keys,
      {
        side: 'alert',
        exclude: alert.id,
        answered: (list) => ids(notImportedAlertIdsQuery(db, scope, list)),
      },
      limit,
    );
    // An alert imported since it was checked is left out.
    const alerts = (await findAlertsByIds(db, scope, found.ids)).filter((a) => a.case_id === null);
    const totals =
      alerts.length > 0
        ? totalsOf(
            (await observableCountsOfAlertsQuery(db, scope, found.ids).execute()).map((r) => ({
              ...r,
              parent: r.alert_id,
            })),
          )
        : new Map();
    result.alerts = counted(alerts, found, totals)
      .sort(order)
      .map(({ row, createdAt: _c, ...counts }) => ({ alert: row, ...counts }));
  }
  return result;
}
