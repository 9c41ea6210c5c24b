/**
 * Alert histograms from the daily rollup (migration 0009) instead of the alert table: `time` on
 * `date` by days, weeks, months or years over every alert of the organisation, or over a range of
 * whole UTC days of `date` (the only filter it takes), holding counts, sums and averages of the
 * handling duration fields, or one breakdown by `status` (v1: TheHive 5 status; v0:
 * New/Updated/Ignored/Imported) or `stage` with counts. The answer has the rows of the one-statement
 * histogram (query/aggregate.ts), so both paths render alike; any other shape takes the general
 * path. A year of a million alerts is a few thousand rollup rows instead of a scan of the table.
 */
import {
  ALERT_STATUSES,
  type AlertStatus,
  alertStageOf,
  type Filter,
  type Interval,
  type MetricAggregation,
} from '@propolis/core';
import { requestFold } from '../db/alert-rollup-folding.js';
import { alertRollup, type DayRange, type RollupRow } from '../db/repositories/alert-rollup.js';
import { coerce } from './compile-filter.js';
import type { QueryEnv, Selection } from './selection.js';
import type { CoreDialect } from './types.js';

const DAY = 86_400_000;
const WIDTH: Record<string, number> = { day: DAY, week: 7 * DAY };
/** 1970-01-01 is a Thursday; weeks start on Monday, as in query/aggregate.ts. */
const WEEK_OFFSET = 4 * DAY;
/** Delta rows beyond one per key that make a read ask for a fold (db/alert-rollup-folding.ts). */
const FOLD_AFTER = 20_000;

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

const KNOWN_STATUS = new Set<string>(ALERT_STATUSES);

/** The breakdown term of a rollup row, or undefined when the row cannot tell it. */
const TERM: Record<string, (r: RollupRow, api: CoreDialect) => string | undefined> = {
  status: (r, api) =>
    api === 'v1' ? r.status : r.imported ? (r.read ? 'Imported' : 'Updated') : r.read ? 'Ignored' : 'New',
  // The stage is stored beside the status but always derived from it (core alertStageOf).
  stage: (r) => (KNOWN_STATUS.has(r.status) ? alertStageOf(r.status as AlertStatus) : undefined),
};

export interface RollupShape {
  field: string;
  interval: Interval;
  metrics: MetricAggregation[];
  /** The field of the one breakdown, if any. */
  termsField?: string;
  api: CoreDialect;
}

/** A date bound as the filter compiler reads it, if it is a whole UTC day. */
function wholeDay(value: unknown, shift = 0): number | undefined {
  let ms: unknown;
  try {
    ms = coerce('date', value as never, 'date');
  } catch {
    return undefined; // the general path reports it
  }
  if (typeof ms !== 'number' || !Number.isSafeInteger(ms + shift) || (ms + shift) % DAY !== 0)
    return undefined;
  return (ms + shift) / DAY;
}

/**
 * The days a filter keeps when it is only a range of whole UTC days on `date` (`_between`,
 * `_gte`/`_gt`/`_lt`/`_lte`, their conjunctions), or undefined. Dates are integers, so `> x` is
 * `>= x + 1`.
 */
function dayRange(filter: Filter, range: DayRange): DayRange | undefined {
  const narrow = (from?: number, to?: number): DayRange => ({
    from: from === undefined ? range.from : Math.max(from, range.from ?? from),
    to: to === undefined ? range.to : Math.min(to, range.to ?? to),
  });
  switch (filter.kind) {
    case 'any':
      return range;
    case 'and': {
      let out: DayRange | undefined = range;
      for (const f of filter.filters) {
        out = dayRange(f, out);
        if (!out) return undefined;
      }
      return out;
    }
    case 'between': {
      if (filter.field !== 'date') return undefined;
      const from = wholeDay(filter.from);
      const to = wholeDay(filter.to);
      return from === undefined || to === undefined ? undefined : narrow(from, to);
    }
    case 'compare': {
      if (filter.field !== 'date') return undefined;
      const shift = filter.op === 'gt' || filter.op === 'lte' ? 1 : 0;
      if (filter.op === 'eq' || filter.op === 'ne') return undefined;
      const day = wholeDay(filter.value, shift);
      if (day === undefined) return undefined;
      return filter.op === 'gte' || filter.op === 'gt' ? narrow(day) : narrow(undefined, day);
    }
    default:
      return undefined;
  }
}

/** The days the rollup reads for this histogram, or undefined when it cannot answer it exactly. */
export function rollupAnswers(sel: Selection, shape: RollupShape): DayRange | undefined {
  if (sel.entity.name !== 'alert' || sel.links.length > 0 || sel.page) return undefined;
  if (
    shape.field !== 'date' ||
    !(shape.interval.unit in WIDTH || shape.interval.unit === 'month' || shape.interval.unit === 'year')
  )
    return undefined;
  if (shape.metrics.some((m) => !(m.field in DURATION_SUM) || (m.fn !== 'sum' && m.fn !== 'avg')))
    return undefined;
  if (shape.termsField !== undefined && !(shape.termsField in TERM)) return undefined;
  let range: DayRange | undefined = {};
  for (const { filter } of sel.filters) {
    range = dayRange(filter, range);
    if (!range) return undefined;
  }
  return range;
}

/**
 * Rows `{b, n, m0.., k}` as the one-statement histogram reads them: bucket key, count, metric
 * values (without a breakdown) and breakdown term; undefined if a row cannot tell its term.
 */
export async function rollupHistogramRows(
  env: QueryEnv,
  shape: RollupShape,
  days: DayRange,
): Promise<Array<Record<string, unknown>> | undefined> {
  const { rows, deltas } = await alertRollup(env.db, env.scope.organisationId, days);
  if (deltas - rows.length > FOLD_AFTER) requestFold(env.db);
  const term = shape.termsField === undefined ? undefined : TERM[shape.termsField]!;
  const groups = new Map<string, { b: number; k?: string; rows: RollupRow[] }>();
  for (const r of rows) {
    const b = bucketOfDay(r.day, shape.interval);
    const k = term?.(r, shape.api);
    if (term && k === undefined) return undefined;
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
      row[`m${i}`] = count === 0 ? null : m.fn === 'sum' ? sum : sum / count;
    });
    out.push(row);
  }
  return out;
}
