/**
 * Whole-set alert histograms from the daily rollup (migration 0009) instead of the alert table:
 * `time` on `date` by days, weeks, months or years over every alert of the organisation (no filter),
 * holding counts, sums and averages of the handling duration fields, or one breakdown by `status`
 * (v1: TheHive 5 status; v0: New/Updated/Ignored/Imported) with counts. The answer has the rows of
 * the one-statement histogram (query/aggregate.ts), so both paths render alike; any other shape
 * answers undefined and takes the general path. A year of a million alerts is a few thousand rollup
 * rows instead of a scan of the table.
 */
import type { Interval, MetricAggregation } from '@propolis/core';
import { alertRollup, type RollupRow } from '../db/repositories/alert-rollup.js';
import type { QueryEnv, Selection } from './selection.js';
import type { CoreDialect } from './types.js';

const DAY = 86_400_000;
const WIDTH: Record<string, number> = { day: DAY, week: 7 * DAY };
/** 1970-01-01 is a Thursday; weeks start on Monday, as in query/aggregate.ts. */
const WEEK_OFFSET = 4 * DAY;

/** The rollup sum behind each duration field (the computed fields divide the duration, rounding down). */
const DURATION_SUM: Record<string, keyof RollupRow> = {
  handlingDuration: 'hd_ms',
  handlingDurationInSeconds: 'hd_s',
  handlingDurationInMinutes: 'hd_m',
  handlingDurationInHours: 'hd_h',
  handlingDurationInDays: 'hd_d',
};

/** The bucket key the SQL path computes for a date in this UTC day (query/aggregate.ts bucketExpr). */
function bucketOfDay(day: number, interval: Interval): number {
  const { amount, unit } = interval;
  if (unit === 'month' || unit === 'year') {
    const date = new Date(day * DAY);
    const years = date.getUTCFullYear() - 1970;
    const index = unit === 'year' ? years : years * 12 + date.getUTCMonth();
    return Math.trunc(index / amount) * amount;
  }
  const width = amount * WIDTH[unit]!;
  const offset = unit === 'week' ? WEEK_OFFSET : 0;
  return Math.trunc((day * DAY - offset) / width) * width + offset;
}

const V0_STATUS = (r: RollupRow) =>
  r.imported ? (r.read ? 'Imported' : 'Updated') : r.read ? 'Ignored' : 'New';

export interface RollupShape {
  field: string;
  interval: Interval;
  metrics: MetricAggregation[];
  /** The field of the one breakdown, if any. */
  termsField?: string;
  api: CoreDialect;
}

/** Whether the rollup answers this histogram exactly. */
export function rollupAnswers(sel: Selection, shape: RollupShape): boolean {
  if (sel.entity.name !== 'alert' || sel.links.length > 0 || sel.page) return false;
  if (!sel.filters.every((f) => f.filter.kind === 'any')) return false;
  if (
    shape.field !== 'date' ||
    !(shape.interval.unit in WIDTH || shape.interval.unit === 'month' || shape.interval.unit === 'year')
  )
    return false;
  if (shape.metrics.some((m) => !(m.field in DURATION_SUM) || (m.fn !== 'sum' && m.fn !== 'avg')))
    return false;
  return shape.termsField === undefined || shape.termsField === 'status';
}

/**
 * Rows `{b, n, m0.., k}` as the one-statement histogram reads them: bucket key, count, metric
 * values (without a breakdown) and breakdown term.
 */
export async function rollupHistogramRows(
  env: QueryEnv,
  shape: RollupShape,
): Promise<Array<Record<string, unknown>>> {
  const groups = new Map<string, { b: number; k?: string; rows: RollupRow[] }>();
  for (const r of await alertRollup(env.db, env.scope.organisationId)) {
    const b = bucketOfDay(r.day, shape.interval);
    const k = shape.termsField === undefined ? undefined : shape.api === 'v0' ? V0_STATUS(r) : r.status;
    const id = `${b}\u0000${k ?? ''}`;
    const group = groups.get(id) ?? { b, k, rows: [] };
    group.rows.push(r);
    groups.set(id, group);
  }
  const out: Array<Record<string, unknown>> = [];
  for (const g of groups.values()) {
    const total = (column: keyof RollupRow) => g.rows.reduce((acc, r) => acc + (r[column] as number), 0);
    const n = total('n');
    if (n === 0) continue;
    const row: Record<string, unknown> = { b: g.b, n };
    if (g.k !== undefined) row.k = g.k;
    shape.metrics.forEach((m, i) => {
      const sum = total(DURATION_SUM[m.field]!);
      const count = total('hd_n');
      row[`m${i}`] = m.fn === 'sum' ? (count === 0 ? null : sum) : count === 0 ? null : sum / count;
    });
    out.push(row);
  }
  return out;
}
