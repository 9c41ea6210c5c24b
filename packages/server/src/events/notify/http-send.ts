/**
 * One HTTP request of a notifier: a timeout on the whole exchange, a bounded request body, the
 * response read up to a small bound and thrown away, redirects not followed, and, for URLs given
 * through the API, connections only to addresses url-safety.ts allows. A 2xx answer is a delivery;
 * anything else is an error whose message says what happened (never the URL: it may hold a token).
 */
import http from 'node:http';
import https from 'node:https';
import type { WebhookAuth } from './endpoints.js';
import { guardedLookup } from './url-safety.js';

export interface HttpCall {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  auth?: WebhookAuth;
  timeoutMs: number;
  /** Check the addresses connected to (URLs given through the API). */
  guarded: boolean;
}

const MAX_RESPONSE = 64 * 1024;

/**
 * Connections kept open between deliveries (a TLS handshake or a TCP connect per event cost more
 * than the event), closed after a few idle seconds, before a receiver's usual keep-alive of 5 s.
 * Guarded and unguarded URLs use agents of their own, so a socket opened without the address check
 * never serves a URL that needs it.
 */
const IDLE_MS = 4000;
const agents = {
  http: {
    guarded: new http.Agent({ keepAlive: true, timeout: IDLE_MS }),
    open: new http.Agent({ keepAlive: true, timeout: IDLE_MS }),
  },
  https: {
    guarded: new https.Agent({ keepAlive: true, timeout: IDLE_MS }),
    open: new https.Agent({ keepAlive: true, timeout: IDLE_MS }),
  },
};

export function authHeaders(auth: WebhookAuth | undefined): Record<string, string> {
  switch (auth?.type) {
    case 'basic':
      return {
        authorization: `Basic ${Buffer.from(`${auth.username ?? ''}:${auth.password ?? ''}`).toString('base64')}`,
      };
    case 'bearer':
      return { authorization: `Bearer ${auth.key ?? ''}` };
    case 'key':
      return { authorization: `key ${auth.key ?? ''}` };
    default:
      return {};
  }
}

export class DeliveryError extends Error {}

export function sendHttp(call: HttpCall): Promise<number> {
  return new Promise((resolve, reject) => {
    let url: URL;
    try {
      url = new URL(call.url);
    } catch {
      return reject(new DeliveryError('the URL is not valid'));
    }
    const body = call.body !== undefined ? Buffer.from(call.body) : undefined;
    const headers: Record<string, string> = {
      'user-agent': 'Propolis-notification',
      ...call.headers,
      ...authHeaders(call.auth),
      ...(body ? { 'content-length': String(body.length) } : {}),
    };
    const secure = url.protocol === 'https:';
    const transport = secure ? https : http;
    const request = transport.request(
      url,
      {
        method: call.method,
        headers,
        ...(call.guarded ? { lookup: guardedLookup as never } : {}),
        agent: agents[secure ? 'https' : 'http'][call.guarded ? 'guarded' : 'open'],
      },
      (response) => {
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_RESPONSE) response.destroy();
        });
        response.on('error', () => {});
        response.on('close', () => {
          const status = response.statusCode ?? 0;
          clearTimeout(timer);
          if (status >= 200 && status < 300) resolve(status);
          else reject(new DeliveryError(`the receiver answered HTTP ${status}`));
        });
      },
    );
    const timer = setTimeout(() => {
      request.destroy(new DeliveryError(`no answer within ${call.timeoutMs} ms`));
    }, call.timeoutMs);
    request.on('error', (error) => {
      clearTimeout(timer);
      const code = (error as NodeJS.ErrnoException).code;
      reject(
        error instanceof DeliveryError
          ? error
          : new DeliveryError(code ? `${code}: ${error.message}` : error.message),
      );
    });
    request.end(body);
  });
}
