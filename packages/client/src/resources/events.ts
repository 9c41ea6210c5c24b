/**
 * Server-Sent Events (`GET /api/v1/events`): the audit events of the caller's organisation as they
 * are committed, as an async iterator. Read with fetch, not EventSource, so that every kind of
 * authentication works (EventSource sends no Authorization header); after the server ends a
 * connection (its `maxConnectionSeconds`), it reconnects from the last event id it saw, so no event
 * is lost. Stop with the call's `signal` or by leaving the `for await` loop.
 */
import type { AuditOutputV1 } from '@propolis/core';
import { sleep } from '../retry.js';
import type { CallOptions } from '../transport.js';
import { Resource, V1 } from './resource.js';

/** One event: the audit row as v1 shows it, and the organisation it happened in. */
export type AuditEvent = AuditOutputV1 & { organisation: string };

export interface SubscribeOptions extends CallOptions {
  /** Start after this event id (`~123` or `123`): the events committed since are sent first. */
  lastEventId?: string;
  /** Reconnect when the server ends the connection (default true). */
  reconnect?: boolean;
  /** Called each time a connection is established (first, and after each reconnection). */
  onOpen?: () => void;
}

interface RawEvent {
  id?: string;
  data: string;
  retry?: number;
}

/** Splits a text/event-stream into events (id, data lines, retry; comments skipped). */
export async function* parseEventStream(stream: ReadableStream<Uint8Array>): AsyncGenerator<RawEvent> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let event: RawEvent = { data: '' };
  let hasData = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let newline = buffer.search(/\r\n|\r|\n/);
      while (newline >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
        if (line === '') {
          if (hasData || event.retry !== undefined) yield event;
          event = { data: '' };
          hasData = false;
        } else if (!line.startsWith(':')) {
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'data') {
            event.data = hasData ? `${event.data}\n${value}` : value;
            hasData = true;
          } else if (field === 'id') event.id = value;
          else if (field === 'retry' && /^\d+$/.test(value)) event.retry = Number(value);
        }
        newline = buffer.search(/\r\n|\r|\n/);
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

export class EventsResource extends Resource {
  /** The organisation's audit events as they happen. */
  async *subscribe(options: SubscribeOptions = {}): AsyncGenerator<AuditEvent, void, undefined> {
    const { lastEventId, reconnect = true, onOpen, ...call } = options;
    let last = lastEventId;
    let delay = 3000;
    for (;;) {
      const response = await this.t.stream(
        {
          method: 'GET',
          path: `${V1}/events`,
          query: { lastEventId: last },
          // a new connection resumes after the last event: safe to retry
          idempotent: true,
        },
        { ...call, headers: { accept: 'text/event-stream', ...call.headers } },
      );
      if (!response.body) return;
      onOpen?.();
      for await (const event of parseEventStream(response.body as ReadableStream<Uint8Array>)) {
        if (event.retry !== undefined) delay = event.retry;
        if (event.id) last = event.id;
        if (event.data) yield JSON.parse(event.data) as AuditEvent;
      }
      if (!reconnect || call.signal?.aborted) return;
      await sleep(Math.min(delay, 30_000), call.signal);
    }
  }
}
