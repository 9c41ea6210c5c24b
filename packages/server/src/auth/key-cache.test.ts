/**
 * The API-key cache (auth/key-cache.ts) over HTTP: a key used a moment ago is refused at once after
 * it is renewed or revoked and after its user is locked, and a profile change applies to the next
 * request, although each of these keys had just been answered from the cache.
 */
import { describe, expect, it } from 'vitest';
import { alertBody, createUser } from '../test-support/factories.js';
import { HttpClient } from '../test-support/http.js';
import { useOrganisation } from '../test-support/identity.js';
import { useTestServer } from '../test-support/server.js';

const server = useTestServer();
const soc = useOrganisation(server, 'soc');

async function keyed(profile = 'analyst'): Promise<{ login: string; key: string; client: HttpClient }> {
  const login = await createUser(server, 'soc', { profile });
  const key = await server.admin.post(`/api/v1/user/${login}/key/renew`);
  expect(key.status).toBe(200);
  const client = new HttpClient(server.url, { key: key.text, organisation: 'soc' });
  // Twice: the second answer comes from the cache.
  for (let i = 0; i < 2; i++) expect((await client.get('/api/v1/user/current')).status).toBe(200);
  return { login, key: key.text, client };
}

describe('API-key cache', () => {
  it('refuses a renewed key and a revoked key on the next request', async () => {
    const { login, client } = await keyed();
    const renewed = await soc.orgAdmin.post(`/api/v1/user/${login}/key/renew`);
    expect(renewed.status).toBe(200);
    const old = await client.get('/api/v1/user/current');
    expect(old.status).toBe(401);
    expect(old.body.type).toBe('AuthenticationError');
    const fresh = new HttpClient(server.url, { key: renewed.text, organisation: 'soc' });
    expect((await fresh.get('/api/v1/user/current')).body.login).toBe(login);
    expect((await fresh.get('/api/v1/user/current')).status).toBe(200);

    expect((await soc.orgAdmin.delete(`/api/v1/user/${login}/key`)).status).toBe(204);
    expect((await fresh.get('/api/v1/user/current')).status).toBe(401);
  });

  it('refuses the key of a user locked a moment ago, and accepts it again once unlocked', async () => {
    const { login, client } = await keyed();
    expect((await soc.orgAdmin.patch(`/api/v1/user/${login}`, { locked: true })).status).toBe(204);
    const locked = await client.get('/api/v1/user/current');
    expect(locked.status).toBe(401);
    expect(locked.body.message).toContain('locked');
    expect((await soc.orgAdmin.patch(`/api/v1/user/${login}`, { locked: false })).status).toBe(204);
    expect((await client.get('/api/v1/user/current')).status).toBe(200);
  });

  it("applies a profile change to the key's next request", async () => {
    const { login, client } = await keyed('analyst');
    const before = await client.post('/api/v1/alert', alertBody());
    expect(before.status).toBe(201);
    const changed = await soc.orgAdmin.patch(`/api/v1/user/${login}`, { profile: 'read-only' });
    expect(changed.status).toBe(204);
    const after = await client.post('/api/v1/alert', alertBody());
    expect(after.status).toBe(403);
    expect(after.body.type).toBe('AuthorizationError');
  });

  it('keeps the organisation a key acts in apart from the others', async () => {
    const { key, client } = await keyed();
    expect((await client.get('/api/v1/user/current')).body.organisation).toBe('soc');
    const elsewhere = new HttpClient(server.url, { key, organisation: 'nowhere' });
    for (let i = 0; i < 2; i++) {
      const res = await elsewhere.get('/api/v1/user/current');
      expect(res.status).toBe(403);
      expect(res.body.type).toBe('AuthorizationError');
    }
    expect((await client.get('/api/v1/user/current')).body.organisation).toBe('soc');
  });
});
