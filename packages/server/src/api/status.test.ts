/**
 * Status, health and license routes of both API versions.
 */
import { describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, useTestServer } from '../test-support/server.js';
import { VERSION } from '../version.js';

const server = useTestServer();

describe('status and health', () => {
  it('serves GET /api/status and /api/v1/status without credentials', async () => {
    for (const path of ['/api/status', '/api/v1/status']) {
      const res = await server.anonymous.get(path);
      expect(res.status).toBe(200);
      expect(res.body.versions).toMatchObject({
        Propolis: VERSION,
        TheHive: expect.stringContaining(VERSION),
      });
      expect(res.body.config).toMatchObject({
        protectDownloadsWith: 'malware',
        authType: expect.arrayContaining(['session', 'key', 'basic']),
        capabilities: expect.arrayContaining(['changePassword', 'setPassword', 'authByKey', 'mfa']),
      });
      expect(res.body.health).toEqual({ database: 'OK' });
      expect(res.text).not.toContain(ADMIN_PASSWORD);
      expect(res.text).not.toContain(server.propolis.deps.config.dataDir);
    }
  });

  it('serves GET /api/v1/status/public', async () => {
    const res = await server.anonymous.get('/api/v1/status/public');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ version: VERSION, ssoProviders: [], ssoAutoLogin: false });
    expect(res.body.authType).toContain('session');
  });

  it('answers GET /api/health with the text Ok', async () => {
    const res = await server.anonymous.get('/api/health');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(res.text).toBe('Ok');
  });
});

describe('license', () => {
  it('answers GET /api/v1/license/current with an unlimited license that does not expire soon', async () => {
    const res = await server.admin.get('/api/v1/license/current');
    expect(res.status).toBe(200);
    expect(res.body.fallback.expiresAt).toBeGreaterThan(Date.now() + 365 * 24 * 3600 * 1000);
    expect(res.body.current.expiresAt).toBeGreaterThan(Date.now());
    expect(res.body.fallback.limits).toMatchObject({ user: null, organisation: null });
  });

  it('requires authentication for the license', async () => {
    expect((await server.anonymous.get('/api/v1/license/current')).status).toBe(401);
  });
});
