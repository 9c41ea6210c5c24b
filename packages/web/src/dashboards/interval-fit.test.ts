import { describe, expect, it } from 'vitest';
import {
  bucketLabel,
  bucketOf,
  fitInterval,
  intervalWords,
  MIN_BUCKET_PX,
  regroup,
  widgetInterval,
} from './interval-fit';
import { chartData, type Widget } from './widgets';

const DAY = 86_400_000;
const day = { amount: 1, unit: 'day' } as const;
/** Every day of 2024 (366 buckets), as a daily histogram answers them. */
const year2024 = Array.from({ length: 366 }, (_, i) => Date.UTC(2024, 0, 1) + i * DAY);

describe('a histogram interval fitted to the chart width', () => {
  it('reads the widget’s interval, a day when unset or unreadable', () => {
    expect(widgetInterval('1w')).toEqual({ amount: 1, unit: 'week' });
    expect(widgetInterval('1M')).toEqual({ amount: 1, unit: 'month' });
    expect(widgetInterval('2d')).toEqual({ amount: 2, unit: 'day' });
    expect(widgetInterval(undefined)).toEqual(day);
    expect(widgetInterval(' 1 h ')).toEqual({ amount: 1, unit: 'hour' });
    expect(widgetInterval('week')).toEqual({ amount: 1, unit: 'week' });
    expect(widgetInterval('fortnight')).toEqual(day);
    expect(widgetInterval('0d')).toEqual(day);
    expect(widgetInterval(7)).toEqual(day);
  });

  it('keeps the user’s interval while its buckets fit, else takes the first coarser unit that fits', () => {
    // 366 days need 732 px
    expect(fitInterval(day, year2024, 366 * MIN_BUCKET_PX)).toEqual(day);
    expect(fitInterval(day, year2024, 1000)).toEqual(day);
    // 365 px hold 182 buckets: 53 weeks (2024 starts on a Monday and ends on a Tuesday)
    expect(fitInterval(day, year2024, 365)).toEqual({ amount: 1, unit: 'week' });
    expect(fitInterval(day, year2024, 53 * MIN_BUCKET_PX)).toEqual({ amount: 1, unit: 'week' });
    expect(fitInterval(day, year2024, 52 * MIN_BUCKET_PX)).toEqual({ amount: 1, unit: 'month' });
    expect(fitInterval(day, year2024, 10)).toEqual({ amount: 1, unit: 'year' });
    // nothing fits 1 px: the coarsest there is
    const decade = Array.from({ length: 4000 }, (_, i) => Date.UTC(2015, 0, 1) + i * DAY);
    expect(fitInterval(day, decade, 4)).toEqual({ amount: 1, unit: 'year' });
    // not measured yet (no width): as asked
    expect(fitInterval(day, year2024, 0)).toEqual(day);
  });

  it('regroups only what sums exactly: one-unit intervals into units they tile', () => {
    const weeks = Array.from({ length: 600 }, (_, i) => Date.UTC(2014, 0, 6) + i * 7 * DAY);
    expect(fitInterval({ amount: 1, unit: 'week' }, weeks, 100)).toEqual({ amount: 1, unit: 'week' });
    expect(fitInterval({ amount: 2, unit: 'day' }, year2024, 100)).toEqual({ amount: 2, unit: 'day' });
    const months = Array.from({ length: 600 }, (_, i) => Date.UTC(1990, i, 1));
    expect(fitInterval({ amount: 1, unit: 'month' }, months, 200)).toEqual({ amount: 1, unit: 'year' });
    const hours = Array.from({ length: 24 * 14 }, (_, i) => Date.UTC(2024, 0, 1) + i * 3_600_000);
    expect(fitInterval({ amount: 1, unit: 'hour' }, hours, 300)).toEqual({ amount: 1, unit: 'day' });
  });

  it('buckets as the server does: UTC, weeks from Monday, calendar months and years', () => {
    // 2024-01-01 is a Monday
    expect(bucketOf(Date.UTC(2024, 0, 3, 15), 'week')).toBe(Date.UTC(2024, 0, 1));
    expect(bucketOf(Date.UTC(2024, 0, 7, 23, 59), 'week')).toBe(Date.UTC(2024, 0, 1));
    expect(bucketOf(Date.UTC(2024, 0, 8), 'week')).toBe(Date.UTC(2024, 0, 8));
    // before 1970 too (1969-12-29 was a Monday)
    expect(bucketOf(Date.UTC(1969, 11, 31), 'week')).toBe(Date.UTC(1969, 11, 29));
    expect(bucketOf(Date.UTC(2024, 1, 29, 12), 'month')).toBe(Date.UTC(2024, 1, 1));
    expect(bucketOf(Date.UTC(2024, 11, 31, 23), 'year')).toBe(Date.UTC(2024, 0, 1));
    expect(bucketOf(Date.UTC(2024, 4, 5, 13, 45), 'hour')).toBe(Date.UTC(2024, 4, 5, 13));
    expect(bucketLabel(Date.UTC(2024, 4, 5, 13), 'hour')).toBe('2024-05-05 13:00');
    expect(bucketLabel(Date.UTC(2024, 4, 6), 'week')).toBe('2024-05-06');
    expect(bucketLabel(Date.UTC(2024, 4, 1), 'month')).toBe('2024-05');
    expect(bucketLabel(Date.UTC(2024, 0, 1), 'year')).toBe('2024');
    expect([intervalWords({ amount: 1, unit: 'week' }), intervalWords({ amount: 2, unit: 'day' })]).toEqual([
      'by week',
      'by 2 days',
    ]);
  });

  it('sums each series into the coarser buckets; the total stays', () => {
    const bar: Widget = {
      id: 'b',
      type: 'bar',
      options: { entity: 'alert', field: 'status', interval: '1d' },
    };
    // Sat 2024-01-06 and Sun 01-07 (one week), Mon 01-08, Wed 01-31 (next weeks), Thu 02-01 (February)
    const days = [6, 7, 8, 31, 32].map((d) => Date.UTC(2024, 0, d));
    const data = chartData(bar, {
      [days[0]!]: { date: { New: { count: 1 } } },
      [days[1]!]: { date: { New: { count: 2 }, Closed: { count: 5 } } },
      [days[2]!]: { date: { Closed: { count: 3 } } },
      [days[3]!]: { date: { New: { count: 4 } } },
      [days[4]!]: { date: { New: { count: 10 }, Closed: { count: 1 } } },
    });
    expect(data.starts).toEqual(days);
    expect(data.labels).toEqual(['2024-01-06', '2024-01-07', '2024-01-08', '2024-01-31', '2024-02-01']);
    const weekly = regroup(data, 'week');
    expect(weekly.labels).toEqual(['2024-01-01', '2024-01-08', '2024-01-29']);
    expect(weekly.series).toEqual([
      { name: 'Closed', values: [5, 3, 1] },
      { name: 'New', values: [3, 0, 14] },
    ]);
    const monthly = regroup(data, 'month');
    expect(monthly.labels).toEqual(['2024-01', '2024-02']);
    expect(monthly.series).toEqual([
      { name: 'Closed', values: [8, 1] },
      { name: 'New', values: [7, 10] },
    ]);
    expect([weekly.total, monthly.total, data.total]).toEqual([26, 26, 26]);
  });
});
