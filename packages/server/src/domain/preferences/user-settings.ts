/**
 * The caller's UI settings (docs/ui.md): theme, time zone, date format and list density, kept per
 * user so they follow the analyst from browser to browser. They live in the user's configuration
 * store (repositories/user-config.ts, TheHive's `/config/user`) under `settings.<name>`, so both
 * APIs read and write the same values. Anyone signed in reads and changes their own, and only
 * their own.
 */
import {
  badRequest,
  DEFAULT_USER_SETTINGS,
  UI_DATE_FORMATS,
  UI_DENSITIES,
  UI_THEMES,
  type UserSettingsBody,
  type UserSettingsOutput,
} from '@propolis/core';
import { putUserConfig, userConfigValues } from '../../db/repositories/user-config.js';
import { appendAudit } from '../../events/audit.js';
import type { RequestContext } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';

type SettingName = keyof UserSettingsOutput;
const NAMES = Object.keys(DEFAULT_USER_SETTINGS) as SettingName[];
const PREFIX = 'settings.';
const pathOf = (name: SettingName) => `${PREFIX}${name}`;

const CHOICES: Partial<Record<SettingName, readonly string[]>> = {
  theme: UI_THEMES,
  density: UI_DENSITIES,
  dateFormat: UI_DATE_FORMATS,
};

function checkTimeZone(zone: string): string {
  try {
    return new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    throw badRequest(`timeZone: "${zone}" is not a time zone; use an IANA name such as UTC or Europe/Paris`);
  }
}

/** The value to keep for a setting, or a 400 naming what is allowed. */
function checkSetting(name: SettingName, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 64)
    throw badRequest(`${name}: a string of 1 to 64 characters`);
  if (name === 'timeZone') return checkTimeZone(value);
  const choices = CHOICES[name] ?? [];
  if (!choices.includes(value)) throw badRequest(`${name}: one of ${choices.join(', ')}`);
  return value;
}

/**
 * For the configuration store: a path under `settings.` must name a setting and hold a valid
 * value (so that `/api/v1/settings` always answers its schema); answers the value to keep, or
 * undefined for any other path (kept as given).
 */
export function checkSettingPath(path: string, value: unknown): string | undefined {
  if (!path.startsWith(PREFIX)) return undefined;
  const name = path.slice(PREFIX.length) as SettingName;
  if (!NAMES.includes(name))
    throw badRequest(`path: "${path}" is not a setting; the settings are ${NAMES.map(pathOf).join(', ')}`);
  return checkSetting(name, value);
}

async function readSettings(db: Deps['db'], userId: number): Promise<UserSettingsOutput> {
  const out: UserSettingsOutput = { ...DEFAULT_USER_SETTINGS };
  for (const row of await userConfigValues(db, userId, NAMES.map(pathOf))) {
    const name = row.path.slice(PREFIX.length) as SettingName;
    (out as Record<SettingName, unknown>)[name] = JSON.parse(row.value);
  }
  return out;
}

export async function getUserSettings(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
): Promise<UserSettingsOutput> {
  return readSettings(deps.db, ctx.actor.userId);
}

/** Changes the settings given, keeps the others; answers them all. */
export async function updateUserSettings(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  input: UserSettingsBody,
): Promise<UserSettingsOutput> {
  const change: Partial<Record<SettingName, string>> = {};
  for (const name of NAMES) {
    const value = input[name];
    if (value !== undefined) change[name] = checkSetting(name, value);
  }
  return inTransaction(deps, async (trx) => {
    const now = Date.now();
    for (const [name, value] of Object.entries(change))
      await putUserConfig(trx, ctx.actor.userId, pathOf(name as SettingName), JSON.stringify(value), now);
    await appendAudit(trx, ctx, [
      { action: 'update', objectType: 'UserSettings', objectId: ctx.actor.login, details: change },
    ]);
    return readSettings(trx, ctx.actor.userId);
  });
}
