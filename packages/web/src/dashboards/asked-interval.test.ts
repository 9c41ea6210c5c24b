import { PropolisApiError } from '@propolis/client';
import { describe, expect, it } from 'vitest';
import {
  coarserInterval,
  coarserReason,
  intervalText,
  isTooManyBuckets,
  nextAskedInterval,
} from './asked-interval';
import { MIN_BUCKET_PX } from './interval-fit';

const DAY = 86_400_000;
const day = { amount: 1, unit: 'day' } as const;
const week = { amount: 1, unit: 'week' } as const;
const month = { amount: 1, unit: 'month' } as const;
/** The Monday of each week from 2015-01-05, as a weekly histogram answers them. */
const weeks = (n: number) => Array.from({ length: n }, (_, i) => Date.UTC(2015, 0, 5) + i * 7 * DAY);

describe('the interval a histogram asks the server for', () => {
  it('steps to the next coarser unit, one at a time, up to years', () => {
    expect(coarserInterval(day)).toEqual(week);
    expect(coarserInterval(week)).toEqual(month);
    expect(coarserInterval({ amount: 2, unit: 'day' })).toEqual(week);
    expect(coarserInterval({ amount: 1, unit: 'second' })).toEqual({ amount: 1, unit: 'minute' });
    expect(coarserInterval({ amount: 1, unit: 'year' })).toBeUndefined();
    expect([day, week, month, { amount: 3, unit: 'hour' } as const].map(intervalText)).toEqual([
      '1d',
      '1w',
      '1M',
      '3h',
    ]);
  });

  it('knows the server’s refusal of too many buckets from any other error', () => {
    const refusal = new PropolisApiError(
      400,
      'BadRequest',
      'query[1]._interval: more than 1000 time buckets (the limit): use a larger interval or a narrower query',
    );
    expect(isTooManyBuckets(refusal)).toBe(true);
    expect(isTooManyBuckets(new PropolisApiError(400, 'BadRequest', '"when" is not a date field'))).toBe(
      false,
    );
    expect(isTooManyBuckets(new PropolisApiError(500, 'HttpError', 'more than 1000 time buckets'))).toBe(
      false,
    );
    expect(isTooManyBuckets(new Error('more than 1000 time buckets'))).toBe(false);
    expect(isTooManyBuckets(undefined)).toBe(false);
  });

  it('asks coarser after a refusal, whatever the width', () => {
    expect(nextAskedInterval(day, day, { refused: true })).toEqual(week);
    expect(nextAskedInterval(day, week, { refused: true })).toEqual(month);
    expect(nextAskedInterval(day, { amount: 1, unit: 'year' }, { refused: true })).toBeUndefined();
  });

  it('keeps the widget’s own interval for the width alone: it is regrouped for drawing instead', () => {
    const days = Array.from({ length: 900 }, (_, i) => Date.UTC(2020, 0, 1) + i * DAY);
    expect(nextAskedInterval(day, day, { refused: false, starts: days, plotWidth: 100 })).toBeUndefined();
    expect(
      nextAskedInterval(week, week, { refused: false, starts: weeks(600), plotWidth: 100 }),
    ).toBeUndefined();
  });

  it('steps a unit of its own choosing coarser while the plot cannot hold it even regrouped', () => {
    // 300 weeks need 600 px; weeks are not regrouped into months
    const starts = weeks(300);
    expect(
      nextAskedInterval(day, week, { refused: false, starts, plotWidth: 300 * MIN_BUCKET_PX }),
    ).toBeUndefined();
    expect(nextAskedInterval(day, week, { refused: false, starts, plotWidth: 299 * MIN_BUCKET_PX })).toEqual(
      month,
    );
    // months regroup into years exactly: no need to ask again
    const months = Array.from({ length: 240 }, (_, i) => Date.UTC(2000, i, 1));
    expect(nextAskedInterval(day, month, { refused: false, starts: months, plotWidth: 100 })).toBeUndefined();
    // not measured yet, or no answer yet: nothing to decide
    expect(nextAskedInterval(day, week, { refused: false, starts, plotWidth: 0 })).toBeUndefined();
    expect(nextAskedInterval(day, week, { refused: false, plotWidth: 100 })).toBeUndefined();
  });

  it('says why the chart is drawn coarser than the widget asks', () => {
    expect(coarserReason(day, day, 400)).toBe("400 days do not fit the chart's width");
    expect(coarserReason(day, week, 200)).toBe('more than 1000 days, the most one chart asks for');
    expect(coarserReason({ amount: 2, unit: 'day' }, week, 200)).toBe(
      'more than 1000 buckets of 2d, the most one chart asks for',
    );
  });
});
