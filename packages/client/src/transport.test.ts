/**
 * The transport against small local HTTP servers that misbehave on purpose: retries with backoff
 * only for idempotent requests (and refused connections), Retry-After, timeouts, cancellation,
 * typed errors for non-JSON answers, organisation per client and per call, Basic with non-ASCII.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { PropolisClient } from './client.js';
import { PropolisApiError, PropolisNetworkError, PropolisTimeoutError } from './errors.js';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;
const servers: Server[] = [];

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  at: number;
}

/** A loopback server answering with `handler`; records every request. */
async function serve(handler: Handler): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, at: Date.now() });
      handler(req, res, body);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

const fast = { retries: 3, baseDelayMs: 10, maxDelayMs: 50 };

describe('transport', () => {
  it('raw() answers every status without throwing or retrying, with the headers and bodies given', async () => {
    const { url, seen } = await serve((req, res, body) => {
      if (req.url === '/text') {
        res.writeHead(418, { 'content-type': 'text/plain', 'x-reason': 'teapot' });
        res.end(`short and stout: ${body}`);
      } else json(res, 503, { type: 'ServiceUnavailable', message: 'busy' });
    });
    const client = new PropolisClient({ url, apiKey: 'k', organisation: 'soc', retry: fast });
    const busy = await client.raw<{ type: string }>('GET', '/busy', { query: { a: 1 } });
    expect(busy).toMatchObject({ status: 503, body: { type: 'ServiceUnavailable' } });
    expect(busy.text).toBe('{"type":"ServiceUnavailable","message":"busy"}');
    expect(seen).toHaveLength(1); // a status is the caller's to judge: not retried
    expect(seen[0]!.url).toBe('/busy?a=1');
    expect(seen[0]!.headers.accept).toBe('*/*'); // fetch's default, not JSON only
    expect(seen[0]!.headers.authorization).toBe('Bearer k');
    expect(seen[0]!.headers['x-organisation']).toBe('soc');

    const tea = await client.raw('POST', '/text', {
      body: '{not json',
      headers: { 'Content-Type': 'application/json' },
      organisation: 'cert',
    });
    expect(tea.status).toBe(418);
    expect(tea.body).toBe('short and stout: {not json'); // text, as the answer is not JSON
    expect(tea.headers.get('x-reason')).toBe('teapot');
    // the caller's Content-Type replaces the client's, it is not joined to it
    expect(seen[1]!.headers['content-type']).toBe('application/json');
    expect(seen[1]!.headers['x-organisation']).toBe('cert');
  });

  it('retries an idempotent request on 503 until it succeeds, with growing delays', async () => {
    let calls = 0;
    const { url, seen } = await serve((_req, res) => {
      calls++;
      if (calls < 3) json(res, 503, { type: 'ServiceUnavailable', message: 'busy' });
      else json(res, 200, { _id: '~1', title: 'ok' });
    });
    const client = new PropolisClient({
      url,
      apiKey: 'k',
      retry: { retries: 3, baseDelayMs: 40, maxDelayMs: 1000 },
    });
    const kase = await client.case.get(1);
    expect(kase.title).toBe('ok');
    expect(seen.length).toBe(3);
    // at least half of the exponential delay each time: >= 20 ms, then >= 40 ms
    expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(18);
    expect(seen[2]!.at - seen[1]!.at).toBeGreaterThanOrEqual(38);
  });

  it('gives up after the retries with the last error, typed', async () => {
    const { url, seen } = await serve((_req, res) =>
      json(res, 502, { type: 'BadGateway', message: 'upstream down' }),
    );
    const client = new PropolisClient({ url, apiKey: 'k', retry: fast });
    const error = await client.case.get(1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PropolisApiError);
    expect((error as PropolisApiError).status).toBe(502);
    expect((error as PropolisApiError).type).toBe('BadGateway');
    expect(seen.length).toBe(4);
  });

  it('never retries a non-idempotent request on an error answer', async () => {
    const { url, seen } = await serve((_req, res) =>
      json(res, 503, { type: 'ServiceUnavailable', message: 'busy' }),
    );
    const client = new PropolisClient({ url, apiKey: 'k', retry: fast });
    const error = await client.case.create({ title: 't' }).catch((e: unknown) => e);
    expect((error as PropolisApiError).status).toBe(503);
    expect(seen.length).toBe(1);
  });

  it('retries the read-only query POST, and not when retries are disabled per call', async () => {
    let calls = 0;
    const { url, seen } = await serve((_req, res) => {
      calls++;
      if (calls === 1) json(res, 503, { type: 'ServiceUnavailable', message: 'busy' });
      else json(res, 200, 42);
    });
    const client = new PropolisClient({ url, apiKey: 'k', retry: fast });
    expect(await client.case.count()).toBe(42);
    expect(seen.length).toBe(2);
    calls = 0;
    const error = await client.case.count({ retry: false }).catch((e: unknown) => e);
    expect((error as PropolisApiError).status).toBe(503);
    expect(seen.length).toBe(3);
  });

  it('does not retry 4xx answers', async () => {
    const { url, seen } = await serve((_req, res) =>
      json(res, 404, { type: 'NotFoundError', message: 'no case 1' }),
    );
    const client = new PropolisClient({ url, apiKey: 'k', retry: fast });
    const error = await client.case.get(1).catch((e: unknown) => e);
    expect((error as PropolisApiError).type).toBe('NotFoundError');
    expect((error as PropolisApiError).detail).toBe('no case 1');
    expect(seen.length).toBe(1);
  });

  it('honours Retry-After', async () => {
    let calls = 0;
    const { url, seen } = await serve((_req, res) => {
      calls++;
      if (calls === 1)
        json(res, 429, { type: 'TooManyRequests', message: 'slow down' }, { 'retry-after': '1' });
      else json(res, 200, []);
    });
    const client = new PropolisClient({
      url,
      apiKey: 'k',
      retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 5000 },
    });
    await client.task.ofCase(1);
    expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(950);
  });

  it('retries network failures of idempotent requests: a server that drops connections', async () => {
    let calls = 0;
    const { url, seen } = await serve((req, res) => {
      calls++;
      if (calls < 3) req.socket.destroy();
      else json(res, 200, { login: 'x' });
    });
    const client = new PropolisClient({ url, apiKey: 'k', retry: fast });
    expect((await client.user.current()).login).toBe('x');
    expect(seen.length).toBe(3);

    calls = 0;
    const error = await client.case.create({ title: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PropolisNetworkError);
    expect((error as PropolisNetworkError).request).toBe('POST /api/v1/case');
    expect(seen.length).toBe(4);
  });

  it('retries even a POST when the connection is refused (the server never saw it)', async () => {
    const { url } = await serve((_req, res) => json(res, 200, {}));
    for (const s of servers.splice(0)) await new Promise((resolve) => s.close(resolve));
    const started = Date.now();
    const client = new PropolisClient({
      url,
      apiKey: 'k',
      retry: { retries: 2, baseDelayMs: 100, maxDelayMs: 1000 },
    });
    const error = await client.case.create({ title: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PropolisNetworkError);
    expect((error as Error).message).toMatch(/ECONNREFUSED/);
    // two retries: >= 50 ms + >= 100 ms of backoff
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('times out, per client and per call, without retrying a timed-out request', async () => {
    const { url, seen } = await serve((_req, res) => {
      setTimeout(() => json(res, 200, { login: 'late' }), 1500);
    });
    const client = new PropolisClient({ url, apiKey: 'k', timeout: 300, retry: fast });
    const started = Date.now();
    const error = await client.user.current().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PropolisTimeoutError);
    expect((error as PropolisTimeoutError).timeoutMs).toBe(300);
    expect(Date.now() - started).toBeLessThan(1400);
    // not retried (on a loaded machine the one request may not even have arrived yet)
    expect(seen.length).toBeLessThanOrEqual(1);
    expect((await client.user.current({ timeout: 5000 })).login).toBe('late');
  });

  it('is cancelled by an AbortSignal, also while waiting to retry', async () => {
    const { url } = await serve((_req, res) => {
      setTimeout(() => json(res, 200, {}), 2000);
    });
    const client = new PropolisClient({ url, apiKey: 'k' });
    const controller = new AbortController();
    const pending = client.user.current({ signal: controller.signal }).catch((e: unknown) => e);
    setTimeout(() => controller.abort(new Error('user left')), 50);
    const error = await pending;
    expect((error as Error).message).toBe('user left');

    const busy = await serve((_req, res) => json(res, 503, { type: 'ServiceUnavailable', message: 'busy' }));
    const retrying = new PropolisClient({
      url: busy.url,
      apiKey: 'k',
      retry: { retries: 5, baseDelayMs: 2000 },
    });
    const started = Date.now();
    const aborted = await retrying.user
      .current({ signal: AbortSignal.timeout(100) })
      .catch((e: unknown) => e);
    expect((aborted as Error).name).toBe('TimeoutError');
    expect(Date.now() - started).toBeLessThan(1500);
    expect(busy.seen.length).toBe(1);

    const already = AbortSignal.abort();
    await expect(client.user.current({ signal: already })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('cancels a download mid-stream, closing the connection', async () => {
    let closed: () => void = () => undefined;
    const socketClosed = new Promise<void>((resolve) => {
      closed = resolve;
    });
    const chunk = new Uint8Array(64 * 1024).fill(7);
    const { url } = await serve((req, res) => {
      res.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-disposition': 'attachment; filename="big.bin"',
      });
      req.socket.on('close', () => closed());
      // an endless body, one chunk per turn of the event loop, waiting when the client does not read
      const pump = () => {
        if (res.destroyed) return;
        if (res.write(chunk)) setImmediate(pump);
        else res.once('drain', pump);
      };
      pump();
    });
    const client = new PropolisClient({ url, apiKey: 'k' });
    const controller = new AbortController();
    const download = await client.attachment.download('abc', { signal: controller.signal, timeout: 1000 });
    expect(download.name).toBe('big.bin');
    const reader = download.stream.getReader();
    // the timeout stopped counting once the answer started: reading on for longer is fine
    await new Promise((r) => setTimeout(r, 1200));
    expect((await reader.read()).done).toBe(false);
    controller.abort(new Error('enough'));
    const error = await (async () => {
      for (;;) if ((await reader.read()).done) return undefined;
    })().catch((e: unknown) => e);
    expect((error as Error).message).toBe('enough');
    await socketClosed;
  });

  it('types error answers that are not JSON', async () => {
    const { url } = await serve((_req, res) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('proxy exploded');
    });
    const client = new PropolisClient({ url, apiKey: 'k', retry: false });
    const error = (await client.case.get(1).catch((e: unknown) => e)) as PropolisApiError;
    expect(error).toBeInstanceOf(PropolisApiError);
    expect(error.status).toBe(500);
    expect(error.type).toBe('HttpError');
    expect(error.detail).toBe('proxy exploded');
  });

  it('sends the organisation of the client, of another client view, and of the call', async () => {
    const { url, seen } = await serve((_req, res) => json(res, 200, {}));
    const client = new PropolisClient({ url, apiKey: 'secret', organisation: 'soc' });
    await client.user.current();
    await client.user.current({ organisation: 'cert' });
    await client.in('noc').user.current();
    expect(seen.map((s) => s.headers['x-organisation'])).toEqual(['soc', 'cert', 'noc']);
    expect(seen.every((s) => s.headers.authorization === 'Bearer secret')).toBe(true);
  });

  it('sends Basic credentials as UTF-8 base64', async () => {
    const { url, seen } = await serve((_req, res) => json(res, 200, {}));
    await new PropolisClient({ url: `${url}/`, username: 'zoë', password: 'pässwörd:1' }).user.current();
    const header = seen[0]!.headers.authorization!;
    expect(Buffer.from(header.replace(/^Basic /, ''), 'base64').toString('utf8')).toBe('zoë:pässwörd:1');
    expect(seen[0]!.url).toBe('/api/v1/user/current');
  });
});
