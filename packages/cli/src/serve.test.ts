/**
 * `propolis serve` as an operator runs it: a real process on a free port, first-start password
 * printed once, health answered, and a clean exit on SIGTERM; then the platform's main paths through
 * that process. Uses the built, bundled command dist/propolis.mjs (npm test builds first), the file
 * `npm start` and the package's `propolis` bin run.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../server/src/test-support/free-port.js';
import { multipartBody } from '../../server/src/test-support/multipart.js';
import { createPgDatabase } from '../../server/src/test-support/server.js';

const main = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist/propolis.mjs');
/** The web UI the root build puts beside the command, which `propolis serve` serves at `/`. */
const webIndex = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist/index.html');

function waitFor(child: ChildProcess, pattern: RegExp, timeoutMs = 20_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () => reject(new Error(`timed out waiting for ${pattern}; output:\n${out}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (pattern.test(out)) {
        clearTimeout(timer);
        resolve(out);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
  });
}

/**
 * Polls `url` until it answers `status`, for up to `ms`: a start takes a second or two on a quiet
 * machine and far longer on a loaded one, so the wait is bounded by time, not by a count of tries.
 */
async function answers(url: string, status: number, headers: Record<string, string> = {}, ms = 45_000) {
  const until = Date.now() + ms;
  for (;;) {
    const res = await fetch(url, { headers }).catch(() => undefined);
    if (res?.status === status) return res;
    if (Date.now() > until) return res;
    await new Promise((r) => setTimeout(r, 50));
  }
}

// Each test starts the bundled server as a child process (two of them in the first): the time
// limits below are for a loaded machine (two test files at a time on two cores, Chromium beside).
describe.skipIf(!existsSync(main))('propolis serve', { timeout: 120_000 }, () => {
  const dirs: string[] = [];
  const drops: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
    for (const drop of drops) await drop();
  });

  /** The environment of a `propolis serve` on a new data dir (or PostgreSQL database) and a free port. */
  async function serveEnv(adminPassword?: string) {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'propolis-serve-'));
    dirs.push(dataDir);
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PROPOLIS_DATA_DIR: dataDir,
      PROPOLIS_PORT: String(port),
      PROPOLIS_LOG_LEVEL: 'warn',
      PROPOLIS_ADMIN_PASSWORD: adminPassword,
    };
    if (!adminPassword) delete env.PROPOLIS_ADMIN_PASSWORD;
    delete env.DATABASE_URL;
    if (process.env.DATABASE_URL) {
      const db = await createPgDatabase(process.env.DATABASE_URL);
      drops.push(db.drop);
      env.DATABASE_URL = db.url;
    }
    return { env, port };
  }

  it('starts on its storage (SQLite, or PostgreSQL when DATABASE_URL is set), prints the generated admin password once, serves, and stops on SIGTERM', async () => {
    const { env, port } = await serveEnv();
    const started = Date.now();
    const child = spawn(process.execPath, [main, 'serve'], { env });
    const out = await waitFor(child, /generated password: (\S+)[\s\S]*\n/, 45_000);
    const password = /generated password: (\S+)/.exec(out)![1]!;
    const health = await answers(`http://127.0.0.1:${port}/api/health`, 200);
    // a start that hangs fails here (it takes a few seconds, more on a loaded machine)
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(health?.status).toBe(200);
    const me = await fetch(`http://127.0.0.1:${port}/api/v1/user/current`, {
      headers: {
        authorization: `Basic ${Buffer.from(`admin@thehive.local:${password}`).toString('base64')}`,
      },
    });
    expect(me.status).toBe(200);
    // what a new user opens after `npm start`: the web UI, at / and on a client-side route
    if (existsSync(webIndex))
      for (const page of ['/', '/alerts']) {
        const res = await fetch(`http://127.0.0.1:${port}${page}`);
        expect(res.status, page).toBe(200);
        expect(await res.text(), page).toContain('<div id="root">');
      }
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);

    // Second start on the same data: no new password is printed and the first one still works.
    const again = spawn(process.execPath, [main, 'serve'], { env });
    let text = '';
    again.stdout?.on('data', (c: Buffer) => {
      text += c.toString();
    });
    const current = await answers(`http://127.0.0.1:${port}/api/v1/user/current`, 200, {
      authorization: `Basic ${Buffer.from(`admin@thehive.local:${password}`).toString('base64')}`,
    });
    expect(current?.status).toBe(200);
    expect(text).not.toContain('generated password');
    const exited2 = new Promise<number | null>((resolve) => again.on('exit', (code) => resolve(code)));
    again.kill('SIGTERM');
    expect(await exited2).toBe(0);
  });

  it('reports a failing start (a migration that cannot apply) and exits 1', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'propolis-serve-'));
    dirs.push(dataDir);
    // A table in the way of a migration makes the start fail after the database was opened.
    const Sqlite = (await import('better-sqlite3')).default;
    const blocker = new Sqlite(path.join(dataDir, 'propolis.db'));
    blocker.exec('CREATE TABLE alert_rollup (x INTEGER)');
    blocker.close();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PROPOLIS_DATA_DIR: dataDir,
      PROPOLIS_PORT: String(await freePort()),
    };
    delete env.DATABASE_URL;
    const child = spawn(process.execPath, [main, 'serve'], { env });
    let stderr = '';
    child.stderr?.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(1);
    expect(stderr).toMatch(/^propolis: .*alert_rollup/m);
  });

  it('serves alerts, observables with files, queries, statistics and the OpenAPI document from the bundle', async () => {
    const { env, port } = await serveEnv('bundle-admin-1');
    const child = spawn(process.execPath, [main, 'serve'], { env });
    const base = `http://127.0.0.1:${port}`;
    const admin = {
      authorization: `Basic ${Buffer.from('admin@thehive.local:bundle-admin-1').toString('base64')}`,
    };
    expect((await answers(`${base}/api/health`, 200))?.status).toBe(200);
    const call = async (method: string, route: string, headers: Record<string, string>, body?: unknown) => {
      const res = await fetch(`${base}${route}`, {
        method,
        headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      const json = res.headers.get('content-type')?.includes('json') && text;
      return { status: res.status, headers: res.headers, body: json ? JSON.parse(text) : undefined, text };
    };
    expect(
      (await call('POST', '/api/v1/organisation', admin, { name: 'bundle', description: 'b' })).status,
    ).toBe(201);
    const user = { login: 'analyst@bundle.test', name: 'A', profile: 'analyst', organisation: 'bundle' };
    expect((await call('POST', '/api/v1/user', admin, user)).status).toBe(201);
    const key = (await call('POST', '/api/v1/user/analyst@bundle.test/key/renew', admin)).text;
    const analyst = { authorization: `Bearer ${key}` };

    const created = await call('POST', '/api/v1/alert', analyst, {
      type: 'siem',
      source: 'bundle',
      sourceRef: 'b-1',
      title: 'Bundled',
      description: 'From the bundle',
      tags: ['bundle'],
      observables: [
        { dataType: 'ip', data: '198.51.100.9', ioc: true },
        { dataType: 'domain', data: 'bundle.example.net' },
      ],
    });
    expect(created.status).toBe(201);
    expect(created.body.observableCount).toBe(2);
    expect(
      (await call('POST', '/api/v1/alert', analyst, { ...created.body, observables: [] })).body,
    ).toMatchObject({
      type: 'ConflictError',
    });
    const bad = await call('POST', '/api/v1/alert', analyst, { type: 'siem' });
    expect(bad.status).toBe(400);
    expect(bad.body.type).toBe('BadRequest');

    const { body, contentType } = multipartBody([
      { name: '_json', filename: '_json', data: JSON.stringify({ dataType: 'file', message: 'sample' }) },
      { name: 'attachment', filename: 'sample.txt', data: 'sample bytes', contentType: 'text/plain' },
    ]);
    const file = await fetch(`${base}/api/v1/alert/${created.body._id}/observable`, {
      method: 'POST',
      headers: { ...analyst, 'content-type': contentType },
      body,
    });
    expect(file.status).toBe(201);

    const listed = await call('POST', '/api/v1/query', analyst, {
      query: [
        { _name: 'listAlert' },
        { _name: 'filter', _eq: { _field: 'tags', _value: 'bundle' } },
        { _name: 'page', from: 0, to: 10, extraData: ['total'] },
      ],
    });
    expect(listed.body.map((a: { sourceRef: string }) => a.sourceRef)).toEqual(['b-1']);
    expect(listed.headers.get('x-total')).toBe('1');
    const observables = await call('POST', '/api/v1/query', analyst, {
      query: [{ _name: 'getAlert', idOrName: created.body._id }, { _name: 'observables' }],
    });
    expect(observables.body.map((o: { dataType: string }) => o.dataType).sort()).toEqual([
      'domain',
      'file',
      'ip',
    ]);
    const stats = await call('POST', '/api/alert/_stats', analyst, {
      query: {},
      stats: [{ _agg: 'field', _field: 'status', _select: [{ _agg: 'count' }] }],
    });
    expect(stats.body).toMatchObject({ New: { count: 1 } });
    const openapi = await call('GET', '/api/openapi.json', {});
    expect(openapi.status).toBe(200);
    expect(openapi.body.openapi).toMatch(/^3\.1/);

    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
