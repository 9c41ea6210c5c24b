import { describe, expect, it } from 'vitest';
import { QueryError } from './errors.js';
import { isRelativeDate, parseRelativeDate, resolveRelativeDate } from './relative-date.js';

const NOW = Date.UTC(2024, 2, 15, 10, 30, 0); // Friday 2024-03-15 10:30 UTC
const at = (value: Record<string, unknown>, now = NOW) => resolveRelativeDate(parseRelativeDate(value), now);

describe('relative dates', () => {
  const CASES: Array<[string, Record<string, unknown>, number, number?]> = [
    ['30 seconds behind', { amount: 30, unit: 'seconds', look: 'behind' }, NOW - 30_000],
    ['5 minutes ahead', { amount: 5, unit: 'minutes', look: 'ahead' }, NOW + 300_000],
    ['3 hours behind', { amount: 3, unit: 'hours', look: 'behind' }, NOW - 3 * 3_600_000],
    ['1 day behind', { amount: 1, unit: 'days', look: 'behind' }, Date.UTC(2024, 2, 14, 10, 30)],
    ['2 weeks ahead', { amount: 2, unit: 'weeks', look: 'ahead' }, Date.UTC(2024, 2, 29, 10, 30)],
    ['1 month behind', { amount: 1, unit: 'months', look: 'behind' }, Date.UTC(2024, 1, 15, 10, 30)],
    ['13 months ahead', { amount: 13, unit: 'months', look: 'ahead' }, Date.UTC(2025, 3, 15, 10, 30)],
    ['1 year behind', { amount: 1, unit: 'years', look: 'behind' }, Date.UTC(2023, 2, 15, 10, 30)],
    ['0 days = now', { amount: 0, unit: 'days', look: 'behind' }, NOW],
    ['singular, any case', { amount: 1, unit: 'Day', look: 'behind' }, Date.UTC(2024, 2, 14, 10, 30)],
    [
      'startOfDay (UTC)',
      { amount: 0, unit: 'days', look: 'behind', modifier: 'startOfDay' },
      Date.UTC(2024, 2, 15),
    ],
    [
      'endOfDay (UTC)',
      { amount: 0, unit: 'days', look: 'behind', modifier: 'endOfDay' },
      Date.UTC(2024, 2, 15, 23, 59, 59, 999),
    ],
    ['timezone UTC', { amount: 1, unit: 'hours', look: 'behind', timezone: 'UTC' }, NOW - 3_600_000],
    [
      'month end clamps (Mar 31 - 1 month = Feb 29)',
      { amount: 1, unit: 'months', look: 'behind' },
      Date.UTC(2024, 1, 29, 12),
      Date.UTC(2024, 2, 31, 12),
    ],
    [
      'leap day + 1 year = Feb 28',
      { amount: 1, unit: 'years', look: 'ahead' },
      Date.UTC(2025, 1, 28, 12),
      Date.UTC(2024, 1, 29, 12),
    ],
    [
      'Paris start of day',
      { amount: 0, unit: 'days', look: 'behind', timezone: 'Europe/Paris', modifier: 'startOfDay' },
      Date.UTC(2024, 2, 14, 23),
    ],
    [
      'Kolkata (+05:30) start of day',
      { amount: 0, unit: 'days', look: 'behind', timezone: 'Asia/Kolkata', modifier: 'startOfDay' },
      Date.UTC(2024, 2, 14, 18, 30),
    ],
    [
      'Los Angeles (PDT) start of day',
      { amount: 0, unit: 'days', look: 'behind', timezone: 'America/Los_Angeles', modifier: 'startOfDay' },
      Date.UTC(2024, 2, 15, 7),
    ],
    [
      'Los Angeles end of the previous day',
      { amount: 1, unit: 'days', look: 'behind', timezone: 'America/Los_Angeles', modifier: 'endOfDay' },
      Date.UTC(2024, 2, 15, 6, 59, 59, 999),
    ],
    [
      'days keep the wall-clock hour across DST (Paris, 47 real hours)',
      { amount: 2, unit: 'days', look: 'behind', timezone: 'Europe/Paris' },
      Date.UTC(2024, 2, 30, 11),
      Date.UTC(2024, 3, 1, 10),
    ],
    [
      'hours ignore DST (Paris)',
      { amount: 48, unit: 'hours', look: 'behind', timezone: 'Europe/Paris' },
      Date.UTC(2024, 2, 30, 10),
      Date.UTC(2024, 3, 1, 10),
    ],
    [
      'start of a DST day (Paris, 2024-03-31)',
      { amount: 0, unit: 'days', look: 'behind', timezone: 'Europe/Paris', modifier: 'startOfDay' },
      Date.UTC(2024, 2, 30, 23),
      Date.UTC(2024, 2, 31, 12),
    ],
    [
      'end of a 23-hour DST day (Paris)',
      { amount: 0, unit: 'days', look: 'behind', timezone: 'Europe/Paris', modifier: 'endOfDay' },
      Date.UTC(2024, 2, 31, 21, 59, 59, 999),
      Date.UTC(2024, 2, 31, 12),
    ],
    [
      'end of a 25-hour DST day (New York, 2024-11-03)',
      { amount: 0, unit: 'days', look: 'behind', timezone: 'America/New_York', modifier: 'endOfDay' },
      Date.UTC(2024, 10, 4, 4, 59, 59, 999),
      Date.UTC(2024, 10, 3, 18),
    ],
  ];

  it.each(CASES)('%s', (_name, value, expected, now) => {
    expect(at(value, now ?? NOW)).toBe(expected);
  });

  it('recognises relative date objects', () => {
    expect(isRelativeDate({ amount: 1, unit: 'days', look: 'behind' })).toBe(true);
    expect(isRelativeDate({ _field: 'x' })).toBe(false);
    expect(isRelativeDate(5)).toBe(false);
  });

  it('rejects an unknown timezone and a bad now', () => {
    expect(() =>
      parseRelativeDate({ amount: 1, unit: 'days', look: 'behind', timezone: 'Nowhere/Land' }, 'v'),
    ).toThrow('v.timezone: unknown timezone "Nowhere/Land"');
    const spec = parseRelativeDate({ amount: 1, unit: 'days', look: 'behind' });
    expect(() => resolveRelativeDate(spec, Number.NaN)).toThrow(QueryError);
    expect(() => resolveRelativeDate({ ...spec, amount: 1e15 }, NOW)).toThrow(/outside years 1 to 9999/);
    expect(() => resolveRelativeDate({ ...spec, unit: 'seconds', amount: 9e15 }, NOW)).toThrow(
      /outside years 1 to 9999/,
    );
  });
});
