/**
 * A fake MISP server on 127.0.0.1 for the connector tests, built from MISP's public REST API: the
 * `Authorization` key, `servers/getVersion`, `events/restSearch` (`timestamp`, `page`, `limit`,
 * `{"response": [{"Event": …}]}`), `events/view/{id}`, `events/add`, `events/edit/{id}` and
 * `attributes/add/{eventId}`. Events carry a `timestamp` from a counter that every change moves
 * forward, as MISP's does with its clock.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

export interface FakeEvent {
  id: string;
  uuid: string;
  info: string;
  date: string;
  timestamp: string;
  threat_level_id: string;
  Orgc: { name: string; uuid: string };
  Tag: { name: string }[];
  Attribute: Record<string, unknown>[];
  Object: { name: string; Attribute: Record<string, unknown>[] }[];
  [key: string]: unknown;
}

export interface FakeMisp {
  url: string;
  port: number;
  events: Map<string, FakeEvent>;
  /** Every request: method, path, parsed body, whether the key was right. */
  requests: { method: string; path: string; body: any; authorised: boolean }[];
  /** Adds an event (as MISP's users would) and returns it. */
  seed(event: Partial<FakeEvent> & { info: string }): FakeEvent;
  /** Changes an event as a MISP user would: its timestamp moves forward. */
  touch(id: string, change: (event: FakeEvent) => void): void;
  stop(): Promise<void>;
  restart(): Promise<void>;
}

async function bodyOf(request: IncomingMessage): Promise<any> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

/** With `tls` (PEM key and certificate) the fake answers over https; with `ca` and `requestCert` it asks for a client certificate signed by `ca`. */
export async function startFakeMisp(
  key: string,
  port = 0,
  tls?: { key: string; cert: string; ca?: string; requestCert?: boolean; rejectUnauthorized?: boolean },
): Promise<FakeMisp> {
  const events = new Map<string, FakeEvent>();
  const requests: FakeMisp['requests'] = [];
  let clock = 1_780_000_000;
  let nextId = 1;
  let nextAttribute = 1;
  const tick = () => String(++clock);
  const attribute = (a: Record<string, unknown>) => ({
    id: String(nextAttribute++),
    uuid: randomUUID(),
    category: 'Network activity',
    to_ids: false,
    deleted: false,
    comment: '',
    timestamp: String(clock),
    ...a,
  });
  const fake = {} as FakeMisp;
  const seed = (e: Partial<FakeEvent> & { info: string }): FakeEvent => {
    const id = String(nextId++);
    const event: FakeEvent = {
      date: '2026-12-01',
      threat_level_id: '2',
      Orgc: { name: 'CIRCL', uuid: randomUUID() },
      Tag: [],
      Object: [],
      ...e,
      id,
      uuid: e.uuid ?? randomUUID(),
      timestamp: tick(),
      Attribute: (e.Attribute ?? []).map(attribute),
    };
    events.set(id, event);
    return event;
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://fake');
    const body = await bodyOf(request).catch(() => undefined);
    const authorised = request.headers.authorization === key;
    requests.push({ method: request.method ?? '', path: url.pathname, body, authorised });
    const send = (status: number, value: unknown) => {
      response.writeHead(status, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(value));
    };
    if (!authorised) return send(403, { name: 'Authentication failed.', message: 'Authentication failed.' });
    const path = url.pathname;
    const route = (method: string, pattern: RegExp) =>
      request.method === method ? path.match(pattern) : null;
    let m: RegExpMatchArray | null;
    if (request.method === 'GET' && path === '/servers/getVersion') return send(200, { version: '2.4.190' });
    if (request.method === 'POST' && path === '/events/restSearch') {
      const since = Number(body?.timestamp ?? 0);
      const limit = Number(body?.limit ?? 1000);
      const page = Number(body?.page ?? 1);
      const matching = [...events.values()]
        .filter((e) => Number(e.timestamp) >= since)
        .sort((a, b) => Number(a.timestamp) - Number(b.timestamp));
      return send(200, {
        response: matching.slice((page - 1) * limit, page * limit).map((Event) => ({ Event })),
      });
    }
    m = route('GET', /^\/events\/view\/(\d+)$/);
    if (m) {
      const event = events.get(m[1]!);
      return event
        ? send(200, { Event: event })
        : send(404, { name: 'Invalid event', message: 'Invalid event' });
    }
    if (request.method === 'POST' && path === '/events/add') {
      if (!body?.Event?.info) return send(403, { name: 'Could not add Event', errors: { info: 'required' } });
      return send(200, { Event: seed(body.Event) });
    }
    m = route('POST', /^\/events\/edit\/(\d+)$/);
    if (m) {
      const event = events.get(m[1]!);
      if (!event) return send(404, { name: 'Invalid event', message: 'Invalid event' });
      const { Attribute, id: _id, uuid: _uuid, ...header } = body?.Event ?? {};
      Object.assign(event, header);
      for (const a of Attribute ?? []) event.Attribute.push(attribute(a));
      event.timestamp = tick();
      return send(200, { Event: event });
    }
    m = route('POST', /^\/attributes\/add\/(\d+)$/);
    if (m) {
      const event = events.get(m[1]!);
      if (!event) return send(404, { name: 'Invalid event', message: 'Invalid event' });
      const created = attribute(body ?? {});
      event.Attribute.push(created);
      event.timestamp = tick();
      return send(200, { Attribute: created });
    }
    return send(404, { name: 'Not Found', message: `no route ${request.method} ${path}` });
  };

  let server: Server;
  const listen = (p: number) =>
    new Promise<number>((resolve, reject) => {
      const listener = (req: IncomingMessage, res: ServerResponse) => {
        handle(req, res).catch((error) => {
          res.writeHead(500);
          res.end(String(error));
        });
      };
      server = tls ? createHttpsServer(tls, listener) : createServer(listener);
      server.once('error', reject);
      server.listen(p, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
    });
  const bound = await listen(port);
  Object.assign(fake, {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${bound}`,
    port: bound,
    events,
    requests,
    seed,
    touch(id: string, change: (event: FakeEvent) => void) {
      const event = events.get(id);
      if (!event) throw new Error(`no event ${id}`);
      change(event);
      event.Attribute = event.Attribute.map((a) => (a.id ? a : attribute(a)));
      event.timestamp = tick();
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
    restart: async () => {
      await listen(bound);
    },
  });
  return fake;
}
