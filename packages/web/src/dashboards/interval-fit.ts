/**
 * A histogram's interval fitted to the chart's width. When the buckets of the widget's own interval
 * outnumber what the plot can draw as bars (two pixels each: a one-pixel bar and its gap), they are
 * summed into the next calendar unit that fits (hour, day, week, month, year, coarser only) and the
 * chart says so ("by week"). The user's interval wins whenever it fits. The sums are exact: only a
 * one-unit interval is regrouped, and only into units whose buckets it tiles (the server's weeks start
 * on Monday, UTC; a week is never regrouped into months or years, which its days may straddle).
 * Pure; tested in interval-fit.test.ts.
 */
import type { Interval } from '@propolis/core';
import { INTERVAL_LETTERS, type IntervalUnit } from '@propolis/core/interval-units';
import type { ChartData } from './widgets';

/** Pixels a bucket needs on the plot to read as a bar. */
export const MIN_BUCKET_PX = 2;

const DAY = 86_400_000;
const FIXED_MS: Partial<Record<IntervalUnit, number>> = {
  second: 1000,
  minute: 60_000,
  hour: 3_600_000,
  day: DAY,
};
/** 1970-01-01 is a Thursday; the server's weeks start on Monday, four days later. */
const WEEK_OFFSET = 4 * DAY;
const WEEK = 7 * DAY;

/** The units a one-unit interval may be regrouped into, finest first. */
const COARSER: Record<IntervalUnit, IntervalUnit[]> = {
  second: ['minute', 'hour', 'day', 'week', 'month', 'year'],
  minute: ['hour', 'day', 'week', 'month', 'year'],
  hour: ['day', 'week', 'month', 'year'],
  day: ['week', 'month', 'year'],
  week: [],
  month: ['year'],
  year: [],
};

/**
 * A widget's interval as the server reads it (`1d`, `2w`, `1M`, or a unit word such as `day`), `1d`
 * when unset or unreadable. (The server's parser, in @propolis/core, is not imported: it would bring
 * the whole query language into the dashboard chunk; its unit letters are.)
 */
export function widgetInterval(text: unknown): Interval {
  const value = typeof text === 'string' ? text.trim() : '';
  const match = /^(\d{1,7})\s*([smhdwMy])$/.exec(value);
  if (match && Number(match[1]) >= 1) return { amount: Number(match[1]), unit: INTERVAL_LETTERS[match[2]!]! };
  const word = value.toLowerCase() as IntervalUnit;
  return Object.values(INTERVAL_LETTERS).includes(word)
    ? { amount: 1, unit: word }
    : { amount: 1, unit: 'day' };
}

/** The start (epoch ms, UTC) of the one-unit bucket holding `t`. */
export function bucketOf(t: number, unit: IntervalUnit): number {
  const fixed = FIXED_MS[unit];
  if (fixed) return Math.floor(t / fixed) * fixed;
  if (unit === 'week') return Math.floor((t - WEEK_OFFSET) / WEEK) * WEEK + WEEK_OFFSET;
  const d = new Date(t);
  return unit === 'month'
    ? Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)
    : Date.UTC(d.getUTCFullYear(), 0, 1);
}

/** How many one-unit `unit` buckets the buckets starting at `starts` (ascending) fall into. */
export function bucketCount(starts: number[], unit: IntervalUnit): number {
  let n = 0;
  let last: number | undefined;
  for (const t of starts) {
    const b = bucketOf(t, unit);
    if (b !== last) n++;
    last = b;
  }
  return n;
}

/**
 * The interval to draw: the requested one when its buckets fit `plotWidth` pixels, else the first
 * coarser unit whose buckets fit (the coarsest there is when none does). `starts` are the answer's
 * bucket starts, ascending.
 */
export function fitInterval(requested: Interval, starts: number[], plotWidth: number): Interval {
  const room = Math.floor(plotWidth / MIN_BUCKET_PX);
  if (starts.length <= room || room < 1 || requested.amount !== 1) return requested;
  const candidates = COARSER[requested.unit];
  for (const unit of candidates) if (bucketCount(starts, unit) <= room) return { amount: 1, unit };
  const coarsest = candidates.at(-1);
  return coarsest ? { amount: 1, unit: coarsest } : requested;
}

export const sameInterval = (a: Interval, b: Interval) => a.amount === b.amount && a.unit === b.unit;

/** A bucket's label on the axis: as precise as its unit (UTC, as the server buckets). */
export function bucketLabel(start: number, unit: IntervalUnit): string {
  const iso = new Date(start).toISOString();
  if (unit === 'year') return iso.slice(0, 4);
  if (unit === 'month') return iso.slice(0, 7);
  if (unit === 'day' || unit === 'week') return iso.slice(0, 10);
  return `${iso.slice(0, 10)} ${iso.slice(11, unit === 'second' ? 19 : 16)}`;
}

/** Sums a histogram's buckets (`data.starts`, ascending) into one-unit `unit` buckets. */
export function regroup(data: ChartData, unit: IntervalUnit): ChartData {
  const starts = data.starts ?? [];
  const groups: number[] = [];
  const index: number[] = [];
  for (const t of starts) {
    const b = bucketOf(t, unit);
    if (groups.at(-1) !== b) groups.push(b);
    index.push(groups.length - 1);
  }
  const series = data.series.map((s) => {
    const values = new Array<number>(groups.length).fill(0);
    s.values.forEach((v, i) => {
      values[index[i] ?? 0]! += v;
    });
    return { name: s.name, values };
  });
  return { labels: groups.map((g) => bucketLabel(g, unit)), starts: groups, series, total: data.total };
}

/** `by week`, `by 2 days`. */
export function intervalWords(interval: Interval): string {
  return interval.amount === 1 ? `by ${interval.unit}` : `by ${interval.amount} ${interval.unit}s`;
}
