/**
 * One per-user settings store: the web UI's settings (theme, time zone, density, date format; table
 * user_setting of migration 0026, one JSON object per user and organisation) move into user_config
 * (migration 0027, TheHive's `/config/user` shape: one JSON value per user and path) under the
 * paths `settings.<name>`, and user_setting goes. A user who kept settings in several
 * organisations keeps the ones it changed last; a value the user already holds under the same
 * path in user_config stays.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';

interface OldRow {
  user_id: number | string;
  settings: string;
  updated_at: number | string;
}

const SETTINGS_PATH_PREFIX = 'settings.';

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  const old = db as unknown as Kysely<{
    user_setting: OldRow;
    user_config: { user_id: number; path: string; value: string; updated_at: number };
  }>;
  const rows = await old
    .selectFrom('user_setting')
    .select(['user_id', 'settings', 'updated_at'])
    .orderBy('updated_at', 'asc')
    .execute();
  // the last row of a user (latest updated_at) wins
  const latest = new Map<number, { settings: string; at: number }>();
  for (const r of rows) latest.set(Number(r.user_id), { settings: r.settings, at: Number(r.updated_at) });
  for (const [userId, { settings, at }] of latest) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(settings);
    } catch {
      continue;
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) continue;
    for (const [name, value] of Object.entries(parsed)) {
      if (value === undefined || value === null) continue;
      await old
        .insertInto('user_config')
        .values({
          user_id: userId,
          path: `${SETTINGS_PATH_PREFIX}${name}`,
          value: JSON.stringify(value),
          updated_at: at,
        })
        .onConflict((oc) => oc.columns(['user_id', 'path']).doNothing())
        .execute();
    }
  }
  await db.schema.dropTable('user_setting').execute();
}
