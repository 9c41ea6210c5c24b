import { describe, expect, it } from 'vitest';
import { formatDate, relative } from './dates';

describe('formatDate', () => {
  const ms = Date.UTC(2026, 11, 5, 23, 30, 15);
  it('shows the instant in the chosen time zone', () => {
    expect(formatDate(ms, 'UTC', false, 'iso')).toBe('2026-12-05 23:30');
    expect(formatDate(ms, 'Europe/Paris', false, 'iso')).toBe('2026-12-06 00:30');
    expect(formatDate(ms, 'America/New_York', true, 'iso')).toBe('2026-12-05 18:30:15');
  });
  it('uses the ISO-like format by default', () => {
    expect(formatDate(ms, 'UTC')).toBe('2026-12-05 23:30');
  });
  it('shows the date in the language of the browser, in the time zone', () => {
    const text = formatDate(ms, 'Europe/Paris', false, 'locale');
    expect(text).toContain('2026');
    expect(text).toMatch(/\b(00|12):30\b/);
    expect(text).not.toBe(formatDate(ms, 'Europe/Paris', false, 'iso'));
  });
  it('shows how long ago, in the largest unit that fits', () => {
    const now = Date.UTC(2026, 11, 5, 12, 0, 0);
    expect(relative(now - 5 * 60_000, now)).toBe('5 minutes ago');
    expect(relative(now - 3 * 3_600_000, now)).toBe('3 hours ago');
    expect(relative(now + 2 * 86_400_000, now)).toBe('in 2 days');
    expect(relative(now - 86_400_000, now)).toBe('yesterday');
    expect(formatDate(Date.now() - 120_000, 'UTC', false, 'relative')).toBe('2 minutes ago');
  });
  it('shows nothing for a missing date', () => {
    expect(formatDate(undefined, 'UTC')).toBe('');
  });
});
