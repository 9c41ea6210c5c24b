/**
 * The web UI's files at /: hashed assets cached for good, the app's page never cached and under a strict
 * CSP, client-side routes answered with the page, and the APIs' unknown paths still JSON 404s.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { useTestServer } from '../test-support/server.js';

const dir = mkdtempSync(path.join(tmpdir(), 'propolis-web-'));
mkdirSync(path.join(dir, 'assets'));
const page =
  '<!doctype html><html><body><div id="root"></div><script type="module" src="/assets/app-abc123.js"></script></body></html>';
writeFileSync(path.join(dir, 'index.html'), page);
const script = `console.log(${JSON.stringify('x'.repeat(4000))});`;
writeFileSync(path.join(dir, 'assets', 'app-abc123.js'), script);
writeFileSync(path.join(dir, 'assets', 'app-abc123.js.gz'), gzipSync(script));
writeFileSync(path.join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');

describe('web UI serving', () => {
  const server = useTestServer({ web: { dir } });
  const get = (p: string, headers: Record<string, string> = {}) => fetch(`${server.url}${p}`, { headers });

  it('answers the app at / and at client-side routes, never cached, with a strict CSP', async () => {
    for (const p of ['/', '/alerts', '/cases/42?tab=tasks', '/admin/users']) {
      const res = await get(p);
      expect(res.status, p).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe/);
      expect(await res.text()).toBe(page);
    }
  });

  it('serves hashed assets immutable, precompressed when the browser accepts it', async () => {
    const plain = await get('/assets/app-abc123.js', { 'accept-encoding': 'identity' });
    expect(plain.status).toBe(200);
    expect(plain.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(plain.headers.get('content-type')).toMatch(/javascript/);
    expect(await plain.text()).toBe(script);
    const zipped = await get('/assets/app-abc123.js', { 'accept-encoding': 'gzip' });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(await zipped.text()).toBe(script);
    const icon = await get('/favicon.svg');
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toMatch(/svg/);
  });

  it('answers a missing asset with a JSON 404, not the app page', async () => {
    const res = await get('/assets/gone-000.js');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/json/);
  });

  it('leaves the APIs alone: known routes answer, unknown ones stay JSON 404s', async () => {
    expect((await get('/api/v1/status/public')).status).toBe(200);
    for (const p of [
      '/api/v1/nothing-here',
      '/api/nothing',
      '/api',
      '/cortex/nothing',
      '/api/v1/alert/~1/../../x',
    ]) {
      const res = await get(p);
      expect(res.status, p).toBe(404);
      expect(await res.json(), p).toMatchObject({ type: 'NotFoundError' });
    }
    const post = await fetch(`${server.url}/alerts`, { method: 'POST' });
    expect(post.status).toBe(404);
    expect(await post.json()).toMatchObject({ type: 'NotFoundError' });
  });

  it('does not serve files outside its folder', async () => {
    const res = await get('/assets/..%2f..%2fetc%2fpasswd');
    expect(res.status).not.toBe(200);
  });
});

describe('without a built UI', () => {
  const server = useTestServer();
  it('answers / as a JSON 404', async () => {
    const res = await fetch(`${server.url}/`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ type: 'NotFoundError' });
  });
});
