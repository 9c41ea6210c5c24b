/**
 * POST /api/v1/query for the identity lists: listUser, listOrganisation, listProfile and get*,
 * with filter, sort, page and count, scoped by organisation.
 */
import { describe, expect, it } from 'vitest';
import { type OrgFixture, useOrganisation } from '../../test-support/identity.js';
import { ADMIN_LOGIN, useTestServer } from '../../test-support/server.js';

const server = useTestServer();
const soc = useOrganisation(server, 'soc');
const cert = useOrganisation(server, 'cert');

const logins = (items: Array<{ login: string }>) => items.map((u) => u.login).sort();
const query = (client: OrgFixture['analyst'], steps: unknown[], name?: string) =>
  client.post(`/api/v1/query${name ? `?name=${name}` : ''}`, { query: steps });

describe('listUser', () => {
  it('shows only the members of a non-admin organisation', async () => {
    const res = await query(soc.readOnly, [{ _name: 'listUser' }], 'users');
    expect(res.status).toBe(200);
    expect(logins(res.body)).toEqual(Object.values(soc.logins).sort());
    expect(res.body[0]).toMatchObject({ _type: 'User', organisation: 'soc' });
    expect(res.text).not.toContain('cert.test');
  });

  it('shows every user of every organisation from the admin organisation', async () => {
    const res = await query(server.admin, [{ _name: 'listUser' }]);
    expect(res.status).toBe(200);
    expect(logins(res.body)).toEqual(
      [ADMIN_LOGIN, ...Object.values(soc.logins), ...Object.values(cert.logins)].sort(),
    );
  });

  it('filters, sorts, pages (with X-Total) and counts', async () => {
    const filtered = await query(server.admin, [
      { _name: 'listUser' },
      { _name: 'filter', _eq: { _field: 'profile', _value: 'analyst' } },
      { _name: 'sort', _fields: [{ login: 'desc' }] },
    ]);
    expect(filtered.body.map((u: { login: string }) => u.login)).toEqual([
      soc.logins.analyst,
      cert.logins.analyst,
    ]);

    const bare = await query(server.admin, [
      { _name: 'listUser' },
      { _name: 'filter', _field: 'login', _value: soc.logins.readOnly },
    ]);
    expect(logins(bare.body)).toEqual([soc.logins.readOnly]);

    const page = await query(server.admin, [
      { _name: 'listUser' },
      { _name: 'sort', _fields: ['+login'] },
      { _name: 'page', from: 1, to: 3, extraData: ['total'] },
    ]);
    expect(page.status).toBe(200);
    expect(page.headers.get('x-total')).toBe('7');
    expect(page.body).toHaveLength(2);
    const all = logins((await query(server.admin, [{ _name: 'listUser' }])).body);
    expect(page.body.map((u: { login: string }) => u.login)).toEqual(all.slice(1, 3));

    const count = await query(soc.analyst, [{ _name: 'listUser' }, { _name: 'count' }], 'users.count');
    expect(count.status).toBe(200);
    expect(count.body).toBe(3);
  });

  it('drops fields listed in excludeFields', async () => {
    const res = await soc.analyst.post('/api/v1/query', {
      query: [{ _name: 'listUser' }],
      excludeFields: ['permissions', 'organisations'],
    });
    const whole = await soc.analyst.post('/api/v1/query', { query: [{ _name: 'listUser' }] });
    expect(res.body.map((u: { login: string }) => u.login)).toEqual(
      whole.body.map((u: { login: string }) => u.login),
    );
    expect(res.body[0].permissions).toBeUndefined();
    expect(res.body[0].organisations).toBeUndefined();
  });
});

describe('getUser, currentUser, listOrganisation, listProfile', () => {
  it('answers getUser with one user, or nothing when the user is not visible', async () => {
    const mine = await query(soc.analyst, [{ _name: 'getUser', idOrName: soc.logins.orgAdmin }]);
    expect(logins(mine.body)).toEqual([soc.logins.orgAdmin]);
    const theirs = await query(soc.analyst, [{ _name: 'getUser', idOrName: cert.logins.orgAdmin }]);
    expect(theirs.status).toBe(200);
    expect(theirs.body).toEqual([]);
    const current = await query(cert.readOnly, [{ _name: 'currentUser' }]);
    expect(logins(current.body)).toEqual([cert.logins.readOnly]);
  });

  it('lists organisations per scope, and the users of an organisation', async () => {
    const fromAdmin = await query(server.admin, [
      { _name: 'listOrganisation' },
      { _name: 'sort', _fields: [{ name: 'asc' }] },
    ]);
    expect(fromAdmin.body.map((o: { name: string }) => o.name)).toEqual(['admin', 'cert', 'soc']);
    const fromSoc = await query(soc.orgAdmin, [{ _name: 'listOrganisation' }]);
    expect(fromSoc.body.map((o: { name: string }) => o.name)).toEqual(['soc']);
    const hidden = await query(soc.orgAdmin, [{ _name: 'getOrganisation', idOrName: 'cert' }]);
    expect(hidden.body).toEqual([]);
    const users = await query(server.admin, [
      { _name: 'getOrganisation', idOrName: 'cert' },
      { _name: 'users' },
    ]);
    expect(logins(users.body)).toEqual(Object.values(cert.logins).sort());
    const count = await query(server.admin, [{ _name: 'listOrganisation' }, { _name: 'count' }]);
    expect(count.body).toBe(3);
  });

  it('lists profiles to everyone', async () => {
    const res = await query(soc.readOnly, [
      { _name: 'listProfile' },
      { _name: 'filter', _field: 'name', _value: 'analyst' },
    ]);
    expect(res.body).toHaveLength(1);
    expect(res.body[0]).toMatchObject({ _type: 'Profile', name: 'analyst', editable: true });
    const one = await query(soc.readOnly, [{ _name: 'getProfile', idOrName: 'read-only' }]);
    expect(one.body[0].permissions).toEqual([]);
  });
});

describe('invalid queries', () => {
  it('answers 400 naming the problem, never 500', async () => {
    const cases: Array<[unknown, string]> = [
      [{ query: [] }, 'empty'],
      [{ query: [{ _name: 'listEverything' }] }, 'listEverything'],
      [{ query: [{ _name: 'listUser' }, { _name: 'explode' }] }, 'explode'],
      [{ query: [{ _name: 'listUser' }, { _name: 'page', from: 5, to: 1 }] }, 'page'],
      [{ query: [{ _name: 'listUser' }, { _name: 'page', from: 'a', to: 2 }] }, 'page'],
      [{ query: [{ _name: 'getUser' }] }, 'idOrName'],
      [{ query: [{ _name: 'listUser' }, { _name: 'sort', _fields: [42] }] }, '_fields'],
      [{ query: [{ nope: 1 }] }, '_name'],
      [{ query: 'listUser' }, 'query'],
      [{}, 'query'],
    ];
    for (const [body, word] of cases) {
      const res = await soc.analyst.post('/api/v1/query', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.type).toBe('BadRequest');
      expect(res.body.message).toContain(word);
    }
  });

  it('requires authentication', async () => {
    const res = await server.anonymous.post('/api/v1/query', { query: [{ _name: 'listUser' }] });
    expect(res.status).toBe(401);
  });
});
