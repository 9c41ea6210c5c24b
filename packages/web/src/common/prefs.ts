/**
 * The user's display settings: theme, time zone (UTC by default, what SOC teams share), list density
 * and date format. Kept on the server (`client.settings`, per user and organisation) so they follow
 * the analyst between browsers; this browser keeps a copy so the first screen is drawn right before
 * the server answers. Changes apply at once and are then saved; a refused save is undone.
 */
import type { UserSettingsBody, UserSettingsOutput } from '@propolis/core';
import { useSyncExternalStore } from 'react';
import { client } from '../api/http';

export type Settings = UserSettingsOutput;
const KEY = 'propolis-settings';
/** The server's defaults (core's DEFAULT_USER_SETTINGS; not imported, to keep the schemas out of the entry bundle). */
const DEFAULT_USER_SETTINGS: Settings = {
  theme: 'auto',
  timeZone: 'UTC',
  density: 'comfortable',
  dateFormat: 'iso',
};
const listeners = new Set<() => void>();

function cached(): Settings {
  try {
    const text = localStorage.getItem(KEY);
    return text
      ? { ...DEFAULT_USER_SETTINGS, ...(JSON.parse(text) as Partial<Settings>) }
      : DEFAULT_USER_SETTINGS;
  } catch {
    return DEFAULT_USER_SETTINGS;
  }
}

let current: Settings = cached();

function publish(next: Settings): void {
  current = next;
  try {
    localStorage.setItem(KEY, JSON.stringify(next));
  } catch {
    // private browsing: the server keeps them
  }
  document.documentElement.dataset.density = next.density;
  for (const l of listeners) l();
}

export const getSettings = (): Settings => current;

export function useSettings(): Settings {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    getSettings,
    () => DEFAULT_USER_SETTINGS,
  );
}

/** Reads the signed-in user's settings from the server (the shell calls it once signed in). */
export async function loadSettings(): Promise<Settings> {
  const next = await client.settings.get();
  publish(next);
  return next;
}

/** Applies a change at once and saves it; undoes it and throws when the server refuses it. */
export async function updateSettings(change: UserSettingsBody): Promise<Settings> {
  const before = current;
  publish({ ...current, ...change } as Settings);
  try {
    const saved = await client.settings.update(change);
    publish(saved);
    return saved;
  } catch (error) {
    publish(before);
    throw error;
  }
}

export const getTimeZone = (): string => current.timeZone;

export function useTimeZone(): string {
  return useSettings().timeZone;
}

/** The height of a row of the virtual lists for the chosen density. */
export function useRowHeight(): number {
  return useSettings().density === 'compact' ? 26 : 34;
}

export function timeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  const zones = intl.supportedValuesOf?.('timeZone') ?? [];
  return zones.includes('UTC') ? zones : ['UTC', ...zones];
}
