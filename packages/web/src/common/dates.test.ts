import { describe, expect, it } from 'vitest';
import { formatDate } from './dates';

describe('formatDate', () => {
  const ms = Date.UTC(2026, 11, 5, 23, 30, 15);
  it('shows the instant in the chosen time zone', () => {
    expect(formatDate(ms, 'UTC')).toBe('2026-12-05 23:30');
    expect(formatDate(ms, 'Europe/Paris')).toBe('2026-12-06 00:30');
    expect(formatDate(ms, 'America/New_York', true)).toBe('2026-12-05 18:30:15');
  });
  it('shows nothing for a missing date', () => {
    expect(formatDate(undefined, 'UTC')).toBe('');
  });
});
