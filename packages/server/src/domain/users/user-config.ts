/**
 * The caller's own configuration (TheHive 4/5 `GET|PUT /api/v1/config/user[/{path}]`): free JSON
 * values under dotted paths (UI preferences and the like), kept per user across organisations.
 * Each user reads and writes only its own; a value nobody set reads as null (its default). The web
 * UI's settings are here too, under `settings.<name>` (preferences/user-settings.ts checks them).
 */
import { badRequest, formatId } from '@propolis/core';
import { putUserConfig, userConfigOf, userConfigValue } from '../../db/repositories/user-config.js';
import { appendAudit } from '../../events/audit.js';
import type { RequestContext } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';
import { checkSettingPath } from '../preferences/user-settings.js';

export interface UserConfigItem {
  path: string;
  defaultValue: unknown;
  value: unknown;
}

const PATH = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;
export const MAX_USER_CONFIG_BYTES = 65_536;

function checkPath(path: string): string {
  if (path.length > 128 || !PATH.test(path))
    throw badRequest(
      `path: "${path}" is not a configuration path (dotted words of letters, digits, _ and -, at most 128 characters)`,
    );
  return path;
}

export async function listUserConfig(deps: Pick<Deps, 'db'>, ctx: RequestContext): Promise<UserConfigItem[]> {
  return (await userConfigOf(deps.db, ctx.actor.userId)).map((r) => ({
    path: r.path,
    defaultValue: null,
    value: JSON.parse(r.value),
  }));
}

export async function getUserConfig(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  path: string,
): Promise<UserConfigItem> {
  const stored = await userConfigValue(deps.db, ctx.actor.userId, checkPath(path));
  return { path, defaultValue: null, value: stored === undefined ? null : JSON.parse(stored) };
}

export async function setUserConfig(
  deps: Deps,
  ctx: RequestContext,
  path: string,
  value: unknown,
): Promise<UserConfigItem> {
  checkPath(path);
  if (value === undefined) throw badRequest('value: required (any JSON value)');
  const kept = checkSettingPath(path, value) ?? value;
  const text = JSON.stringify(kept);
  if (Buffer.byteLength(text) > MAX_USER_CONFIG_BYTES)
    throw badRequest(`value: at most ${MAX_USER_CONFIG_BYTES} bytes of JSON`);
  await inTransaction(deps, async (trx) => {
    await putUserConfig(trx, ctx.actor.userId, path, text, Date.now());
    await appendAudit(trx, ctx, [
      {
        action: 'update',
        objectType: 'User',
        objectId: formatId(ctx.actor.userId),
        details: { config: path },
      },
    ]);
  });
  return { path, defaultValue: null, value: kept };
}
