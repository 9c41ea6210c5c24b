/**
 * The caller's UI settings (docs/ui.md): theme, time zone, date format and list density, kept per
 * user and organisation so they follow the analyst from browser to browser. Anyone signed in reads
 * and changes their own, and only their own.
 */
import {
  badRequest,
  DEFAULT_USER_SETTINGS,
  type UserSettingsBody,
  type UserSettingsOutput,
} from '@propolis/core';
import { findUserSettings, saveUserSettings } from '../../db/repositories/user-settings.js';
import { appendAudit } from '../../events/audit.js';
import { type RequestContext, scopeOf } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';

function checkTimeZone(zone: string): string {
  try {
    return new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    throw badRequest(`timeZone: "${zone}" is not a time zone; use an IANA name such as UTC or Europe/Paris`);
  }
}

function withDefaults(stored: string | undefined): UserSettingsOutput {
  const saved = stored ? (JSON.parse(stored) as Partial<UserSettingsOutput>) : {};
  return { ...DEFAULT_USER_SETTINGS, ...saved };
}

export async function getUserSettings(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
): Promise<UserSettingsOutput> {
  return withDefaults(await findUserSettings(deps.db, scopeOf(ctx), ctx.actor.userId));
}

/** Changes the settings given, keeps the others; answers them all. */
export async function updateUserSettings(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  input: UserSettingsBody,
): Promise<UserSettingsOutput> {
  const change: Partial<UserSettingsOutput> = {};
  for (const [k, v] of Object.entries(input)) if (v !== undefined) (change as Record<string, unknown>)[k] = v;
  if (change.timeZone !== undefined) change.timeZone = checkTimeZone(change.timeZone);
  return inTransaction(deps, async (trx) => {
    const scope = scopeOf(ctx);
    const next = { ...withDefaults(await findUserSettings(trx, scope, ctx.actor.userId)), ...change };
    await saveUserSettings(trx, scope, ctx.actor.userId, JSON.stringify(next), Date.now());
    await appendAudit(trx, ctx, [
      { action: 'update', objectType: 'UserSettings', objectId: ctx.actor.login, details: change },
    ]);
    return next;
  });
}
