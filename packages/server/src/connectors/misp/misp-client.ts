/**
 * HTTP to one MISP server (its REST API, JSON), with node:http(s) so that the server's TLS options
 * (extra CAs, skip-verify, a client certificate) apply: every call has a timeout and reads at most `maxResponseBytes`. Failures become `MispUnavailable` with a message that never carries the key.
 */
import type { Agent as HttpAgent } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import { remoteAgent, remoteCall } from '../remote-http.js';
import type { MispServerConfig } from './misp-config.js';
import type { MispAttribute, MispAttributeDraft, MispEvent } from './misp-mapping.js';

export class MispUnavailable extends Error {
  constructor(
    readonly server: string,
    message: string,
    /** The HTTP status MISP answered, when it answered. */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'MispUnavailable';
  }
}

export interface MispClientOptions {
  timeoutMs: number;
  maxResponseBytes: number;
}

/** The answer of one call: status and body, read up to the limit. */
interface RawAnswer {
  status: number;
  text: string;
}

export class MispClient {
  private readonly agent: HttpAgent | HttpsAgent;

  constructor(
    readonly server: Pick<MispServerConfig, 'name' | 'url' | 'key' | 'tls'>,
    private readonly options: MispClientOptions,
  ) {
    this.agent = remoteAgent(server.url, server.tls);
  }

  /** Frees the kept-alive sockets. */
  close(): void {
    this.agent.destroy();
  }

  private send(method: 'GET' | 'POST', path: string, body?: unknown): Promise<RawAnswer> {
    const name = this.server.name;
    const limit = this.options.maxResponseBytes;
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body), 'utf8');
    return remoteCall(new URL(`${this.server.url}${path}`), {
      method,
      agent: this.agent,
      headers: {
        ...(this.server.key ? { Authorization: this.server.key } : {}),
        Accept: 'application/json',
        ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': payload.length } : {}),
      },
      body: payload,
      timeoutMs: this.options.timeoutMs,
      limit,
      tooBig: () => new MispUnavailable(name, `MISP server ${name} answered more than ${limit} bytes`),
    });
  }

  private async call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    const name = this.server.name;
    let answer: RawAnswer;
    try {
      answer = await this.send(method, path, body);
    } catch (error) {
      if (error instanceof MispUnavailable) throw error;
      const code = (error as { code?: unknown })?.code;
      const clientCertificate =
        typeof code === 'string' &&
        /ALERT_CERTIFICATE_REQUIRED|ALERT_BAD_CERTIFICATE|ALERT_UNKNOWN_CA/.test(code);
      const certificate = clientCertificate
        ? `; it wants a client certificate it trusts: set misp.servers[${name}].tls.certFile and keyFile`
        : typeof code === 'string' && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/.test(code)
          ? `; trust its CA with misp.servers[${name}].tls.caFile`
          : '';
      const why =
        error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')
          ? `no answer within ${this.options.timeoutMs} ms`
          : `unreachable (${error instanceof Error ? error.message : 'error'}${certificate})`;
      throw new MispUnavailable(name, `MISP server ${name} is ${why}`);
    }
    const { status, text } = answer;
    if (status >= 300 && status < 400)
      throw new MispUnavailable(
        name,
        `MISP server ${name} answered ${method} ${path} with a redirect (HTTP ${status})`,
        status,
      );
    if (status < 200 || status >= 300) {
      const detail = this.server.key
        ? text.slice(0, 200).replaceAll(this.server.key, '<key>')
        : text.slice(0, 200);
      throw new MispUnavailable(
        name,
        `MISP server ${name} answered ${method} ${path} with HTTP ${status}${detail ? `: ${detail}` : ''}`,
        status,
      );
    }
    try {
      return text === '' ? null : JSON.parse(text);
    } catch {
      throw new MispUnavailable(
        name,
        `MISP server ${name} answered ${method} ${path} with something not JSON`,
      );
    }
  }

  /** Any JSON document under the base URL (a feed's manifest and events). */
  getJson(path: string): Promise<unknown> {
    return this.call('GET', path);
  }

  async version(): Promise<string> {
    const answer = (await this.call('GET', '/servers/getVersion')) as { version?: unknown } | null;
    return typeof answer?.version === 'string' ? answer.version : 'unknown';
  }

  /** One page of the events modified at or after `since` (MISP `timestamp`, seconds), oldest first. */
  async searchEvents(since: number, page: number, limit: number): Promise<MispEvent[]> {
    const answer = (await this.call('POST', '/events/restSearch', {
      returnFormat: 'json',
      timestamp: since,
      page,
      limit,
      includeAttachments: true,
      order: 'Event.timestamp ASC',
    })) as { response?: unknown } | unknown[] | null;
    const list = Array.isArray(answer) ? answer : Array.isArray(answer?.response) ? answer.response : [];
    return list
      .map((item) => (item as { Event?: MispEvent })?.Event)
      .filter((e): e is MispEvent => typeof e === 'object' && e !== null && e.id !== undefined);
  }

  async getEvent(id: string): Promise<MispEvent | undefined> {
    const answer = (await this.call('GET', `/events/view/${encodeURIComponent(id)}`)) as {
      Event?: MispEvent;
    } | null;
    return answer?.Event;
  }

  async addEvent(event: unknown): Promise<MispEvent> {
    const answer = (await this.call('POST', '/events/add', { Event: event })) as { Event?: MispEvent } | null;
    if (!answer?.Event?.id)
      throw new MispUnavailable(
        this.server.name,
        `MISP server ${this.server.name} did not return the event it created`,
      );
    return answer.Event;
  }

  async editEvent(id: string, event: unknown): Promise<MispEvent> {
    const answer = (await this.call('POST', `/events/edit/${encodeURIComponent(id)}`, { Event: event })) as {
      Event?: MispEvent;
    } | null;
    if (!answer?.Event?.id)
      throw new MispUnavailable(
        this.server.name,
        `MISP server ${this.server.name} did not return the event it updated`,
      );
    return answer.Event;
  }

  async addAttribute(eventId: string, attribute: MispAttributeDraft): Promise<MispAttribute> {
    const answer = (await this.call('POST', `/attributes/add/${encodeURIComponent(eventId)}`, attribute)) as {
      Attribute?: MispAttribute;
    } | null;
    return answer?.Attribute ?? { ...attribute };
  }
}
