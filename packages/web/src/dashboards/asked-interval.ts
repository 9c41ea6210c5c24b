/**
 * The interval a histogram widget asks the server for. The server answers at most 1,000 time buckets
 * and refuses more (400 "more than 1000 time buckets"): a daily histogram over more than 1,000 days
 * of data. The widget then asks again by the next coarser calendar unit (day, then week, month,
 * year), which the server counts from the records themselves, so the sums stay exact whatever the
 * widget's own interval was; the chart says so ("by week"). Once on a unit of its own choosing, the
 * widget also steps coarser while the plot cannot hold that unit's buckets even regrouped
 * (interval-fit.ts regroups only what sums exactly: weeks never into months). The widget's own
 * interval is never changed for the width alone: interval-fit.ts draws it coarser instead.
 * Pure; tested in asked-interval.test.ts.
 */
import type { Interval, IntervalUnit } from '@propolis/core';
import { bucketCount, fitInterval, MIN_BUCKET_PX, sameInterval } from './interval-fit';

/** The server's limit of buckets in one time aggregation (MAX_TIME_BUCKETS in the server's aggregate.ts). */
export const SERVER_MAX_BUCKETS = 1000;

const UNITS: IntervalUnit[] = ['second', 'minute', 'hour', 'day', 'week', 'month', 'year'];
const LETTER: Record<IntervalUnit, string> = {
  second: 's',
  minute: 'm',
  hour: 'h',
  day: 'd',
  week: 'w',
  month: 'M',
  year: 'y',
};

/** `1w`, `2d`: an interval as the query language writes it. */
export const intervalText = (interval: Interval): string => `${interval.amount}${LETTER[interval.unit]}`;

/** The one-unit interval of the next coarser unit (`2d` → `1w`), or undefined past years. */
export function coarserInterval(interval: Interval): Interval | undefined {
  const next = UNITS[UNITS.indexOf(interval.unit) + 1];
  return next ? { amount: 1, unit: next } : undefined;
}

/** True for the server's refusal of a time aggregation with too many buckets. */
export function isTooManyBuckets(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const { status, detail, message } = error as { status?: unknown; detail?: unknown; message?: unknown };
  const text = typeof detail === 'string' ? detail : typeof message === 'string' ? message : '';
  return status === 400 && /more than \d+ time buckets/.test(text);
}

/**
 * The interval to ask for next, or undefined to keep `asked`: coarser after the server refused
 * `asked`; coarser too when `asked` is not the widget's own (`requested`) and the answer's buckets
 * (`starts`, ascending) do not fit `plotWidth` pixels even regrouped.
 */
export function nextAskedInterval(
  requested: Interval,
  asked: Interval,
  answer: { refused: boolean; starts?: number[]; plotWidth?: number },
): Interval | undefined {
  if (answer.refused) return coarserInterval(asked);
  const { starts, plotWidth = 0 } = answer;
  if (sameInterval(requested, asked) || !starts || plotWidth <= 0) return undefined;
  const drawn = fitInterval(asked, starts, plotWidth);
  const fits = bucketCount(starts, drawn.unit) <= Math.floor(plotWidth / MIN_BUCKET_PX);
  return fits ? undefined : coarserInterval(asked);
}

/** Why the chart is drawn by a coarser unit than the widget asks: its own buckets are too many. */
export function coarserReason(requested: Interval, asked: Interval, fittedCount: number): string {
  const buckets = requested.amount === 1 ? `${requested.unit}s` : `buckets of ${intervalText(requested)}`;
  return sameInterval(requested, asked)
    ? `${fittedCount} ${buckets} do not fit the chart's width`
    : `more than ${SERVER_MAX_BUCKETS} ${buckets}, the most one chart asks for`;
}
