/**
 * HTTP to one remote TAXII 2.1 collection (node:http(s), so the remote's TLS options apply: extra
 * CAs, skip-verify, a client certificate): `GET {root}collections/{id}/objects/` with the TAXII
 * media type, HTTP Basic or a bearer token, `added_after`, `limit` and `next`. Every call has a
 * timeout and reads at most `maxResponseBytes`; failures become `TaxiiUnavailable` with a message
 * that never carries the credentials.
 */
import type { Agent as HttpAgent } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import { type RemoteAnswer, remoteAgent, remoteCall } from '../remote-http.js';
import type { TaxiiRemoteConfig } from './taxii-config.js';

export const TAXII_ACCEPT = 'application/taxii+json;version=2.1';

export class TaxiiUnavailable extends Error {
  constructor(
    readonly remote: string,
    message: string,
  ) {
    super(message);
    this.name = 'TaxiiUnavailable';
  }
}

export interface TaxiiObjectsPage {
  objects: unknown[];
  more: boolean;
  next?: string;
  /** X-TAXII-Date-Added-Last: the `added_after` of the next pull. */
  dateAddedLast?: string;
}

export class TaxiiClient {
  private readonly agent: HttpAgent | HttpsAgent;

  constructor(
    readonly remote: TaxiiRemoteConfig,
    private readonly options: { timeoutMs: number; maxResponseBytes: number },
  ) {
    this.agent = remoteAgent(remote.url, remote.tls);
  }

  close(): void {
    this.agent.destroy();
  }

  private authorization(): string | undefined {
    const auth = this.remote.auth;
    if (auth.type === 'basic')
      return `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
    if (auth.type === 'bearer') return `Bearer ${auth.token}`;
    return undefined;
  }

  /** Removes the credentials from a text that may echo them. */
  private scrub(text: string): string {
    const auth = this.remote.auth;
    const secrets =
      auth.type === 'basic' ? [auth.password] : auth.type === 'bearer' ? [auth.token] : ([] as string[]);
    return secrets.filter((s) => s.length >= 4).reduce((t, s) => t.replaceAll(s, '<secret>'), text);
  }

  private get(url: URL): Promise<RemoteAnswer> {
    const name = this.remote.name;
    const limit = this.options.maxResponseBytes;
    const authorization = this.authorization();
    return remoteCall(url, {
      method: 'GET',
      agent: this.agent,
      headers: { Accept: TAXII_ACCEPT, ...(authorization ? { Authorization: authorization } : {}) },
      timeoutMs: this.options.timeoutMs,
      limit,
      tooBig: () => new TaxiiUnavailable(name, `TAXII remote ${name} answered more than ${limit} bytes`),
    });
  }

  /** One page of the collection's objects added after `addedAfter`, from `next` when given. */
  async objects(addedAfter: string | undefined, next: string | undefined): Promise<TaxiiObjectsPage> {
    const name = this.remote.name;
    const url = new URL(
      `collections/${encodeURIComponent(this.remote.collection)}/objects/`,
      this.remote.url,
    );
    if (addedAfter) url.searchParams.set('added_after', addedAfter);
    url.searchParams.set('limit', String(this.remote.pageSize));
    if (next) url.searchParams.set('next', next);
    let answer: Awaited<ReturnType<TaxiiClient['get']>>;
    try {
      answer = await this.get(url);
    } catch (error) {
      if (error instanceof TaxiiUnavailable) throw error;
      const why =
        error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')
          ? `no answer within ${this.options.timeoutMs} ms`
          : `unreachable (${error instanceof Error ? error.message : 'error'})`;
      throw new TaxiiUnavailable(name, `TAXII remote ${name} is ${why}`);
    }
    const { status, text, headers } = answer;
    if (status === 401 || status === 403)
      throw new TaxiiUnavailable(
        name,
        `TAXII remote ${name} refused the credentials (HTTP ${status}); check taxii.remotes[${name}].auth`,
      );
    if (status < 200 || status >= 300)
      throw new TaxiiUnavailable(
        name,
        `TAXII remote ${name} answered HTTP ${status}${text ? `: ${this.scrub(text.slice(0, 200))}` : ''}`,
      );
    let body: unknown;
    try {
      body = text.trim() === '' ? {} : JSON.parse(text);
    } catch {
      throw new TaxiiUnavailable(name, `TAXII remote ${name} answered something that is not JSON`);
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new TaxiiUnavailable(
        name,
        `TAXII remote ${name} answered something that is not a TAXII envelope`,
      );
    const envelope = body as { objects?: unknown; more?: unknown; next?: unknown };
    if (envelope.objects !== undefined && !Array.isArray(envelope.objects))
      throw new TaxiiUnavailable(name, `TAXII remote ${name}: the envelope's objects is not a list`);
    const last = headers['x-taxii-date-added-last'];
    return {
      objects: (envelope.objects as unknown[] | undefined) ?? [],
      more: envelope.more === true,
      ...(typeof envelope.next === 'string' && envelope.next ? { next: envelope.next } : {}),
      ...(typeof last === 'string' && last ? { dateAddedLast: last } : {}),
    };
  }
}
