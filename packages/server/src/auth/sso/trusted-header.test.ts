/**
 * Trusted-header sign-in behind a reverse proxy: the user header opens a session only on connections
 * from a configured proxy address; the same header from any other address (a spoofing client) is
 * refused, whatever X-Forwarded-For says. API keys keep working beside it.
 */
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { useTestServer } from '../../test-support/server.js';
import { isTrustedProxy } from './trusted-header.js';

/** A GET from a chosen loopback source address (127.0.0.2 is not the proxy). */
function getFrom(
  url: string,
  localAddress: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { localAddress, headers }, (res) => {
      let body = '';
      res.on('data', (c) => {
        body += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('trusted-header authentication', () => {
  const server = useTestServer({
    auth: {
      sso: { header: { enabled: true, userHeader: 'X-Remote-User', proxies: ['127.0.0.1'] } },
    } as never,
  });

  const login = (from: string, headers: Record<string, string>) =>
    getFrom(`${server.url}/api/v1/sso/header/login?redirect=/cases`, from, headers);

  it('opens a session for the user the proxy names, as a local login would', async () => {
    expect(
      (
        await server.admin.post('/api/v1/user', {
          login: 'proxied@admin.test',
          name: 'Proxied',
          profile: 'admin',
          organisation: 'admin',
        })
      ).status,
    ).toBe(201);
    const res = await login('127.0.0.1', { 'x-remote-user': 'Proxied@admin.test' });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/cases');
    const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]);
    expect(cookies.some((c) => c?.startsWith('PROPOLIS-SESSION='))).toBe(true);
    const me = await fetch(`${server.url}/api/v1/user/current`, { headers: { cookie: cookies.join('; ') } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { login: string }).login).toBe('proxied@admin.test');
    const pub = (await server.anonymous.get('/api/v1/status/public')).body;
    expect(pub.ssoProviders).toContainEqual(
      expect.objectContaining({ type: 'header', loginUrl: '/api/v1/sso/header/login' }),
    );
  });

  it('refuses the header from an address that is not a configured proxy, X-Forwarded-For or not', async () => {
    const res = await login('127.0.0.2', {
      'x-remote-user': 'admin@thehive.local',
      'x-forwarded-for': '127.0.0.1',
    });
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body).message).toBe(
      'The X-Remote-User header is only accepted from the configured reverse proxies, not from 127.0.0.2',
    );
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('refuses a missing header and a user Propolis does not know', async () => {
    expect((await login('127.0.0.1', {})).status).toBe(401);
    const unknown = await login('127.0.0.1', { 'x-remote-user': 'stranger@corp.test' });
    expect(unknown.status).toBe(401);
    expect(JSON.parse(unknown.body).message).toMatch(/stranger@corp.test does not exist in Propolis/);
  });

  it('ignores the header on API calls: only keys, Basic and sessions authenticate them', async () => {
    const res = await getFrom(`${server.url}/api/v1/user/current`, '127.0.0.1', {
      'x-remote-user': 'admin@thehive.local',
    });
    expect(res.status).toBe(401);
    expect((await server.admin.get('/api/v1/user/current')).status).toBe(200);
  });

  it('matches proxy addresses and ranges, IPv4-mapped IPv6 included', () => {
    expect(isTrustedProxy('10.1.2.3', ['10.0.0.0/8'])).toBe(true);
    expect(isTrustedProxy('::ffff:10.1.2.3', ['10.0.0.0/8'])).toBe(true);
    expect(isTrustedProxy('11.1.2.3', ['10.0.0.0/8', '127.0.0.1'])).toBe(false);
    expect(isTrustedProxy('fd00::1', ['fd00::/8'])).toBe(true);
    expect(isTrustedProxy(undefined, ['127.0.0.1'])).toBe(false);
    expect(isTrustedProxy('not-an-ip', ['127.0.0.1'])).toBe(false);
  });
});
