/**
 * Per-user configuration and avatars on SQLite and PostgreSQL: `GET|PUT /config/user[/{path}]`
 * (each user its own values, both API faces, bad paths and values refused) and
 * `GET /user/{id}/avatar` (the stored image, typed, visible to who sees the user).
 */
import { describe, expect, it } from 'vitest';
import { useOrganisation } from '../../test-support/identity.js';
import { useTestServer } from '../../test-support/server.js';

// a 1x1 PNG
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

describe('user configuration and avatar', () => {
  const server = useTestServer();
  const soc = useOrganisation(server, 'configured');
  const other = useOrganisation(server, 'elsewhere');

  it('keeps each user its own configuration values', async () => {
    expect((await soc.analyst.get('/api/v1/config/user')).body).toEqual([]);
    expect((await soc.analyst.get('/api/v1/config/user/ui.caseList')).body).toEqual({
      path: 'ui.caseList',
      defaultValue: null,
      value: null,
    });
    const put = await soc.analyst.put('/api/v1/config/user/ui.caseList', {
      value: { pageSize: 30, sort: ['-number'] },
    });
    expect(put.status, put.text).toBe(200);
    expect(put.body).toEqual({
      path: 'ui.caseList',
      defaultValue: null,
      value: { pageSize: 30, sort: ['-number'] },
    });
    expect((await soc.analyst.put('/api/config/user/theme', { value: 'dark' })).status).toBe(200);
    expect((await soc.analyst.put('/api/v1/config/user/theme', { value: 'light' })).body.value).toBe('light');
    expect((await soc.analyst.get('/api/config/user')).body).toEqual([
      { path: 'theme', defaultValue: null, value: 'light' },
      { path: 'ui.caseList', defaultValue: null, value: { pageSize: 30, sort: ['-number'] } },
    ]);
    // the read-only user may keep its own preferences; nobody else sees them
    expect((await soc.readOnly.put('/api/v1/config/user/theme', { value: 'dark' })).status).toBe(200);
    expect((await soc.readOnly.get('/api/v1/config/user/theme')).body.value).toBe('dark');
    expect((await soc.orgAdmin.get('/api/v1/config/user')).body).toEqual([]);
    expect((await other.analyst.get('/api/v1/config/user/theme')).body.value).toBeNull();
    // bad input
    for (const [path, body, message] of [
      ['bad path!', { value: 1 }, 'path'],
      ['a..b', { value: 1 }, 'path'],
      ['big', { value: 'x'.repeat(70_000) }, '65536'],
      ['novalue', {}, 'value'],
    ] as const) {
      const res = await soc.analyst.put(`/api/v1/config/user/${encodeURIComponent(path)}`, body);
      expect(res.status, res.text).toBe(400);
      expect(res.body.message).toContain(message);
    }
    expect((await fetch(`${server.url}/api/v1/config/user`)).status).toBe(401);
  });

  it('serves a user avatar as an image', async () => {
    expect((await soc.analyst.get(`/api/v1/user/${soc.logins.analyst}/avatar`)).status).toBe(404);
    expect((await soc.analyst.patch(`/api/v1/user/${soc.logins.analyst}`, { avatar: PNG })).status).toBe(204);
    const res = await fetch(`${server.url}/api/v1/user/${soc.logins.analyst}/avatar`, {
      headers: { authorization: `Bearer ${soc.readOnly.auth.key}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(Buffer.from(PNG, 'base64'));
    // a data URL declaring another type is typed by its bytes; not an image: not served as one
    expect(
      (
        await soc.analyst.patch(`/api/v1/user/${soc.logins.analyst}`, {
          avatar: `data:text/html;base64,${Buffer.from('<b>x</b>').toString('base64')}`,
        })
      ).status,
    ).toBe(204);
    const html = await fetch(`${server.url}/api/user/${soc.logins.analyst}/avatar`, {
      headers: { authorization: `Bearer ${soc.analyst.auth.key}` },
    });
    expect(html.headers.get('content-type')).toBe('application/octet-stream');
    // another organisation does not see the user
    expect((await other.analyst.get(`/api/v1/user/${soc.logins.analyst}/avatar`)).status).toBe(404);
  });
});
