/**
 * Real receivers on 127.0.0.1 for notification tests: an HTTP server that records what it is sent
 * (and can fail or be slow on demand), and an SMTP server (the smtp-server package) that records the
 * mails it receives.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface Received {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json: any;
  at: number;
}

export interface HttpReceiver {
  url: string;
  port: number;
  received: Received[];
  /** Answer this status instead of 200 (e.g. 503 while "down"); undefined = 200. */
  failWith: number | undefined;
  /** Wait this long before answering. */
  delayMs: number;
  /** Requests answered with an error so far. */
  refused: number;
  /** Requests being answered now, and the most there ever were at once. */
  inFlight: number;
  maxInFlight: number;
  /** TCP connections opened to it so far. */
  connections: number;
  waitFor(count: number, timeoutMs?: number): Promise<Received[]>;
  close(): Promise<void>;
}

export async function startHttpReceiver(port = 0): Promise<HttpReceiver> {
  const r: HttpReceiver = {
    url: '',
    port: 0,
    received: [],
    failWith: undefined,
    delayMs: 0,
    refused: 0,
    inFlight: 0,
    maxInFlight: 0,
    connections: 0,
    waitFor: (count, timeoutMs = 20_000) =>
      waitUntil(
        () => r.received.length >= count,
        timeoutMs,
        () => `${r.received.length}/${count} requests received`,
      ).then(() => r.received),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    r.inFlight++;
    r.maxInFlight = Math.max(r.maxInFlight, r.inFlight);
    res.on('finish', () => {
      r.inFlight--;
    });
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answer = () => {
        if (r.failWith !== undefined) {
          r.refused++;
          res.writeHead(r.failWith).end('down');
          return;
        }
        const body = Buffer.concat(chunks).toString();
        let json: unknown;
        try {
          json = JSON.parse(body);
        } catch {
          json = undefined;
        }
        r.received.push({
          method: req.method ?? '',
          path: req.url ?? '',
          headers: req.headers,
          body,
          json,
          at: Date.now(),
        });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      };
      if (r.delayMs > 0) setTimeout(answer, r.delayMs);
      else answer();
    });
  });
  server.on('connection', () => {
    r.connections++;
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  r.port = (server.address() as AddressInfo).port;
  r.url = `http://127.0.0.1:${r.port}`;
  return r;
}

export interface Mail {
  from: string;
  to: string[];
  raw: string;
}

export interface SmtpSink {
  port: number;
  mails: Mail[];
  waitFor(count: number, timeoutMs?: number): Promise<Mail[]>;
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((t) => t.address),
          raw: Buffer.concat(chunks).toString(),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    mails,
    waitFor: (count, timeoutMs = 20_000) =>
      waitUntil(
        () => mails.length >= count,
        timeoutMs,
        () => `${mails.length}/${count} mails received`,
      ).then(() => mails),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export async function waitUntil(
  test: () => boolean,
  timeoutMs: number,
  describe: () => string,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > until) throw new Error(`timed out: ${describe()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
