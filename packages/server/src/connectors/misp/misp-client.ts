/**
 * HTTP to one MISP server (its REST API, JSON): every call has a timeout and reads at most
 * `maxResponseBytes`. Failures become `MispUnavailable` with a message that never carries the key.
 */
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

async function readBounded(response: Response, limit: number, server: string): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit)
    throw new MispUnavailable(server, `MISP server ${server} answered more than ${limit} bytes`);
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw new MispUnavailable(server, `MISP server ${server} answered more than ${limit} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export class MispClient {
  constructor(
    readonly server: MispServerConfig,
    private readonly options: MispClientOptions,
  ) {}

  private async call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    const name = this.server.name;
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${this.server.url}${path}`, {
        method,
        headers: {
          Authorization: this.server.key,
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs),
        redirect: 'error',
      });
      text = await readBounded(response, this.options.maxResponseBytes, name);
    } catch (error) {
      if (error instanceof MispUnavailable) throw error;
      const why =
        error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')
          ? `no answer within ${this.options.timeoutMs} ms`
          : `unreachable (${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : 'error'})`;
      throw new MispUnavailable(name, `MISP server ${name} is ${why}`);
    }
    if (!response.ok) {
      const detail = text.slice(0, 200).replaceAll(this.server.key, '<key>');
      throw new MispUnavailable(
        name,
        `MISP server ${name} answered ${method} ${path} with HTTP ${response.status}${detail ? `: ${detail}` : ''}`,
        response.status,
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
