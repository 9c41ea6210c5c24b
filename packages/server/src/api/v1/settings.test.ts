/**
 * The web UI's settings (`GET|PATCH /api/v1/settings`) on SQLite and PostgreSQL: defaults, partial
 * changes, bad values refused, each user its own; the same values seen through TheHive's
 * `/config/user` (one store); and migration 0035 moving the rows of the former user_setting table.
 */
import { type Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import * as m0035 from '../../db/migrations/0035-one-user-settings-store.js';
import { useOrganisation } from '../../test-support/identity.js';
import { useTestServer } from '../../test-support/server.js';

const DEFAULTS = { theme: 'auto', timeZone: 'UTC', density: 'comfortable', dateFormat: 'iso' };

describe('user settings', () => {
  const server = useTestServer();
  const soc = useOrganisation(server, 'settled');
  const other = useOrganisation(server, 'unsettled');

  it('keeps each user its settings, in the configuration store', async () => {
    expect((await soc.analyst.get('/api/v1/settings')).body).toEqual(DEFAULTS);
    const changed = await soc.analyst.patch('/api/v1/settings', { theme: 'dark', timeZone: 'europe/paris' });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.body).toEqual({ ...DEFAULTS, theme: 'dark', timeZone: 'Europe/Paris' });
    expect((await soc.analyst.patch('/api/v1/settings', { density: 'compact' })).body).toEqual({
      ...DEFAULTS,
      theme: 'dark',
      timeZone: 'Europe/Paris',
      density: 'compact',
    });
    // the same values through TheHive's per-user configuration, both ways
    expect((await soc.analyst.get('/api/v1/config/user')).body).toEqual([
      { path: 'settings.density', defaultValue: null, value: 'compact' },
      { path: 'settings.theme', defaultValue: null, value: 'dark' },
      { path: 'settings.timeZone', defaultValue: null, value: 'Europe/Paris' },
    ]);
    expect(
      (await soc.analyst.put('/api/config/user/settings.dateFormat', { value: 'relative' })).status,
    ).toBe(200);
    expect((await soc.analyst.get('/api/v1/settings')).body.dateFormat).toBe('relative');
    // nobody else's
    expect((await soc.readOnly.get('/api/v1/settings')).body).toEqual(DEFAULTS);
    expect((await other.analyst.get('/api/v1/settings')).body).toEqual(DEFAULTS);
    // bad values, by either API, are refused and change nothing
    for (const [body, message] of [
      [{ timeZone: 'Mars/Olympus' }, 'timeZone'],
      [{ theme: 'purple' }, 'theme'],
      [{ colour: 'red' }, 'colour'],
    ] as const) {
      const res = await soc.analyst.patch('/api/v1/settings', body);
      expect(res.status, res.text).toBe(400);
      expect(res.text).toContain(message);
    }
    for (const [path, value, message] of [
      ['settings.theme', 'purple', 'theme: one of light, dark, auto'],
      ['settings.timeZone', 3, 'timeZone'],
      ['settings.colour', 'red', 'is not a setting'],
    ] as const) {
      const res = await soc.analyst.put(`/api/v1/config/user/${path}`, { value });
      expect(res.status, res.text).toBe(400);
      expect(res.body.message).toContain(message);
    }
    expect((await soc.analyst.get('/api/v1/settings')).body).toEqual({
      theme: 'dark',
      timeZone: 'Europe/Paris',
      density: 'compact',
      dateFormat: 'relative',
    });
  });

  it('migration 0035 moves the former per-organisation rows, the latest of a user winning', async () => {
    const { db, dialect } = server.propolis.storage;
    const raw = db as unknown as Kysely<Record<string, Record<string, unknown>>>;
    const idOf = async (login: string) =>
      Number(
        (await raw.selectFrom('user').select('id').where('login', '=', login).executeTakeFirstOrThrow()).id,
      );
    const reader = await idOf(soc.logins.readOnly);
    const analyst = await idOf(soc.logins.analyst);
    const admin = await idOf(other.logins.orgAdmin);
    // the table as migration 0026 made it, with rows as the former code wrote them
    await raw.schema
      .createTable('user_setting')
      .addColumn('user_id', 'bigint', (c) => c.notNull())
      .addColumn('organisation_id', 'bigint', (c) => c.notNull())
      .addColumn('settings', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    const settings = (s: object) => JSON.stringify({ ...DEFAULTS, ...s });
    await raw
      .insertInto('user_setting')
      .values([
        {
          user_id: reader,
          organisation_id: soc.id,
          settings: settings({ theme: 'light' }),
          updated_at: 2000,
        },
        {
          user_id: reader,
          organisation_id: other.id,
          settings: settings({ theme: 'dark' }),
          updated_at: 1000,
        },
        {
          user_id: analyst,
          organisation_id: soc.id,
          settings: settings({ theme: 'light' }),
          updated_at: 9000,
        },
        {
          user_id: admin,
          organisation_id: other.id,
          settings: settings({ density: 'compact' }),
          updated_at: 5,
        },
      ])
      .execute();
    await m0035.up(db as unknown as Kysely<unknown>, dialect);
    expect((await soc.readOnly.get('/api/v1/settings')).body).toEqual({ ...DEFAULTS, theme: 'light' });
    expect((await other.orgAdmin.get('/api/v1/settings')).body).toEqual({ ...DEFAULTS, density: 'compact' });
    // what the analyst already holds in the store stays
    expect((await soc.analyst.get('/api/v1/settings')).body).toEqual({
      theme: 'dark',
      timeZone: 'Europe/Paris',
      density: 'compact',
      dateFormat: 'relative',
    });
    const gone = await sql`select count(*) as n from user_setting`.execute(db).then(
      () => false,
      () => true,
    );
    expect(gone).toBe(true);
  });
});
