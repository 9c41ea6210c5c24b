/**
 * The foundation's "done when" walk-through, as a new administrator would do it.
 */
import { describe, expect, it } from 'vitest';
import { HttpClient } from '../../test-support/http.js';
import { useTestServer } from '../../test-support/server.js';

describe('foundation walk-through', () => {
  const server = useTestServer();

  it('creates an organisation, an analyst and a key that works in that organisation', async () => {
    const me = await server.admin.get('/api/v1/user/current');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      login: 'admin@thehive.local',
      profile: 'admin',
      organisation: 'admin',
      _createdBy: 'system@thehive.local',
    });

    const org = await server.admin.post('/api/v1/organisation', {
      name: 'soc',
      description: 'Security operations',
    });
    expect(org.status).toBe(201);
    expect(org.body).toMatchObject({
      _type: 'Organisation',
      name: 'soc',
      description: 'Security operations',
    });

    const user = await server.admin.post('/api/v1/user', {
      login: 'Ana@soc.test',
      name: 'Ana',
      profile: 'analyst',
      organisation: 'soc',
    });
    expect(user.status).toBe(201);
    expect(user.body).toMatchObject({
      login: 'ana@soc.test',
      profile: 'analyst',
      organisation: 'soc',
      hasKey: false,
    });

    const key = await server.admin.post('/api/v1/user/ana@soc.test/key/renew');
    expect(key.status).toBe(200);
    expect(key.text).toMatch(/^[A-Za-z0-9_-]{40,}$/);

    const ana = new HttpClient(server.url, { key: key.text, organisation: 'soc' });
    const current = await ana.get('/api/v1/user/current');
    expect(current.status).toBe(200);
    expect(current.body).toMatchObject({ login: 'ana@soc.test', organisation: 'soc', profile: 'analyst' });
    expect(current.body.permissions).toContain('manageCase');
    expect(current.body.permissions).not.toContain('manageUser');

    const denied = await ana.post('/api/v1/user', { login: 'eve@soc.test', name: 'Eve', profile: 'analyst' });
    expect(denied.status).toBe(403);
    expect(denied.body.type).toBe('AuthorizationError');
    expect(denied.body.message).toContain('manageUser');
  });
});
