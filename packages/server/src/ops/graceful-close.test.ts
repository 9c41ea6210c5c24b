/**
 * Stopping the HTTP server: a connection that never sends a request does not hold the shutdown, a
 * request in flight is answered before its connection closes, and one that never ends is cut at the
 * grace deadline.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { trackConnections } from './graceful-close.js';

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const server = createServer(handler);
  const tracker = trackConnections(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const close = (graceMs: number) =>
    tracker.closeGracefully(() => new Promise<void>((resolve) => server.close(() => resolve())), graceMs);
  return { port, close };
}

const silentConnection = async (port: number) => {
  const socket = connect(port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  const closed = new Promise((resolve) => socket.once('close', resolve));
  return closed;
};

describe('graceful close', () => {
  it('closes a connection that has sent nothing at once', async () => {
    const s = await serve((_req, res) => res.end('ok'));
    const closed = silentConnection(s.port);
    await new Promise((r) => setTimeout(r, 20));
    const started = Date.now();
    await s.close(30_000);
    await closed;
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('answers a request in flight, then closes its connection', async () => {
    let release: () => void = () => {};
    const s = await serve((_req, res) => {
      release = () => res.end('done');
    });
    const answer = fetch(`http://127.0.0.1:${s.port}/`).then((r) => r.text());
    await new Promise((r) => setTimeout(r, 100));
    const closing = s.close(30_000);
    setTimeout(() => release(), 200);
    expect(await answer).toBe('done');
    await closing;
  });

  it('cuts a request that never ends at the deadline', async () => {
    const s = await serve(() => {});
    const answer = fetch(`http://127.0.0.1:${s.port}/`).then(
      () => 'answered',
      () => 'cut',
    );
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    await s.close(300);
    expect(await answer).toBe('cut');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
