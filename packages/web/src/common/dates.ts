/**
 * Dates shown in the user's time zone and chosen format (settings): ISO-like by default
 * (2026-12-05 10:42, the zone named once in the shell), the browser's language, or relative
 * ("5 minutes ago", the exact date in the element's title where the screens show one).
 */
import type { UserSettingsOutput } from '@propolis/core';
import { getSettings } from './prefs';

export type DateFormat = UserSettingsOutput['dateFormat'];

/** Width of a list column of dates: "2026-12-05 08:53" whole at the list's font size. */
export const DATE_COLUMN_WIDTH = 160;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let f = formatters.get(key);
  if (!f) {
    f = make();
    formatters.set(key, f);
  }
  return f;
}

function iso(ms: number, timeZone: string, withSeconds: boolean): string {
  const f = formatter(
    `iso|${timeZone}|${withSeconds}`,
    () =>
      new Intl.DateTimeFormat('en-CA', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: withSeconds ? '2-digit' : undefined,
        hourCycle: 'h23',
      }),
  );
  const parts = Object.fromEntries(f.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}${withSeconds ? `:${parts.second}` : ''}`;
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['week', 7 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
];
let relativeFormat: Intl.RelativeTimeFormat | undefined;

/** "5 minutes ago", "in 2 days": the largest unit that fits. */
export function relative(ms: number, now = Date.now()): string {
  relativeFormat ??= new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  const diff = ms - now;
  for (const [unit, size] of UNITS)
    if (Math.abs(diff) >= size || unit === 'second')
      return relativeFormat.format(Math.round(diff / size), unit);
  return '';
}

export function formatDate(
  ms: number | undefined | null,
  timeZone: string,
  withSeconds = false,
  format: DateFormat = getSettings().dateFormat,
): string {
  if (ms === undefined || ms === null || !Number.isFinite(ms)) return '';
  if (format === 'relative') return relative(ms);
  if (format === 'locale')
    return formatter(
      `locale|${timeZone}|${withSeconds}`,
      () =>
        new Intl.DateTimeFormat(undefined, {
          timeZone,
          dateStyle: 'medium',
          timeStyle: withSeconds ? 'medium' : 'short',
        }),
    ).format(new Date(ms));
  return iso(ms, timeZone, withSeconds);
}
