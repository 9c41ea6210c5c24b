/**
 * The user's display preferences kept in this browser: time zone (UTC by default, what SOC teams share).
 * A server-side store (TheHive 5's /api/v1/config/user) will replace it when that route exists.
 */
import { useSyncExternalStore } from 'react';

const TZ_KEY = 'propolis-time-zone';
const listeners = new Set<() => void>();

export function getTimeZone(): string {
  try {
    return localStorage.getItem(TZ_KEY) || 'UTC';
  } catch {
    return 'UTC';
  }
}

export function setTimeZone(zone: string): void {
  localStorage.setItem(TZ_KEY, zone);
  for (const l of listeners) l();
}

export function useTimeZone(): string {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    getTimeZone,
    () => 'UTC',
  );
}

export function timeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  const zones = intl.supportedValuesOf?.('timeZone') ?? [];
  return zones.includes('UTC') ? zones : ['UTC', ...zones];
}
