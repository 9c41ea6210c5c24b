/**
 * `client.discovery` and the user's configuration and avatar against a real server: model
 * descriptions, permission names, a query exported as JSON and as CSV (streamed over several
 * pages), per-user configuration values and an avatar read back as an image.
 */
import { describe, expect, it } from 'vitest';
import { failure, useClients } from '../test-support/clients.js';

const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

describe('client.discovery, user configuration and avatar', () => {
  const c = useClients({ query: { limitedCountThreshold: 1000, exportPageSize: 2 } });

  it('describes models and lists permissions', async () => {
    const all = await c.analyst.discovery.describeAll();
    expect(all.case?.attributes.find((a) => a.name === 'tlp')).toMatchObject({
      type: 'enumeration',
      labels: ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'],
    });
    expect(await c.analyst.discovery.describe('task')).toEqual(all.task);
    expect((await failure(c.analyst.discovery.describe('nothing'))).status).toBe(404);
    const permissions = await c.analyst.discovery.permissions();
    expect(permissions.map((p) => p.name)).toContain('manageCase');
  });

  it('exports a query as JSON and as CSV', async () => {
    for (const title of ['exported one', 'exported two', 'exported three'])
      await c.analyst.case.create({ title, description: 'd' });
    const query = [{ _name: 'listCase' }, { _name: 'sort', _fields: [{ title: 'asc' }] }];
    const json = await c.analyst.discovery.export(query);
    expect(json.contentType).toContain('application/json');
    const cases = JSON.parse(await json.text()) as Array<{ title: string }>;
    expect(cases.map((x) => x.title)).toEqual(['exported one', 'exported three', 'exported two']);
    const csv = await c.analyst.discovery.export(query, { format: 'csv', fields: ['number', 'title'] });
    expect(csv.name).toBe('case-export.csv');
    expect((await csv.text()).split('\r\n').slice(0, 2)).toEqual(['number,title', '1,exported one']);
    expect(await c.analyst.discovery.exportFields(query)).toContain('title');
    expect((await failure(c.analyst.discovery.export([{ _name: 'listNothing' }]))).status).toBe(400);
  });

  it('keeps the caller configuration and reads avatars', async () => {
    expect(await c.analyst.user.config('ui.theme')).toEqual({
      path: 'ui.theme',
      defaultValue: null,
      value: null,
    });
    await c.analyst.user.setConfig('ui.theme', { dark: true });
    expect((await c.analyst.user.config('ui.theme')).value).toEqual({ dark: true });
    expect(await c.analyst.user.configs()).toEqual([
      { path: 'ui.theme', defaultValue: null, value: { dark: true } },
    ]);
    expect((await failure(c.analyst.user.setConfig('bad path', 1))).status).toBe(400);

    expect((await failure(c.analyst.user.avatar('ana@soc.test'))).status).toBe(404);
    await c.analyst.user.update('ana@soc.test', { avatar: PNG });
    const avatar = await c.analyst.user.avatar('ana@soc.test');
    expect(avatar.contentType).toBe('image/png');
    expect(Buffer.from(await avatar.bytes())).toEqual(Buffer.from(PNG, 'base64'));
  });
});
