/**
 * Live changes against a real server: the long-polling stream and the flow, and Server-Sent Events
 * as an async iterator that reconnects from the last event id when the server ends a connection.
 */
import { describe, expect, it } from 'vitest';
import { useClients } from '../test-support/clients.js';
import { type AuditEvent, parseEventStream } from './events.js';

describe('client.stream and client.events', () => {
  // connections end after 1 s, so that the test sees a reconnection
  const c = useClients({
    events: { heartbeatSeconds: 15, maxConnectionSeconds: 1 },
    stream: { refreshSeconds: 2 },
  } as never);

  it('opens a stream, polls what happened, and reads the flow', async () => {
    const id = await c.analyst.stream.open();
    const kase = await c.analyst.case.create({ title: 'Streamed', description: 'd' });
    let elements: Awaited<ReturnType<typeof c.analyst.stream.poll>> = [];
    for (let i = 0; i < 5 && elements.length === 0; i++) elements = await c.analyst.stream.poll(id);
    expect(elements.map((e) => e.base.objectId)).toContain(kase._id);
    expect((await c.analyst.stream.status()).warning).toBe(false);
    const flow = await c.analyst.stream.flow({ rootId: kase._id, count: 5 });
    expect(flow[0]!.base.objectId).toBe(kase._id);
  });

  it('iterates the organisation events across reconnections, losing none', async () => {
    const controller = new AbortController();
    const seen: AuditEvent[] = [];
    const titles = ['SSE one', 'SSE two'];
    const created: string[] = [];
    let opened = 0;
    const reading = (async () => {
      const options = { signal: controller.signal, onOpen: () => opened++ };
      for await (const event of c.analyst.events.subscribe(options)) {
        if (event.objectType === 'Case' && event.action === 'create') seen.push(event);
        if (seen.length === titles.length) return;
      }
    })();
    await new Promise((r) => setTimeout(r, 300));
    created.push((await c.analyst.case.create({ title: titles[0]!, description: 'd' }))._id);
    // the server ends the connection after 1 s: the second case is created while reconnecting
    await new Promise((r) => setTimeout(r, 1200));
    created.push((await c.analyst.case.create({ title: titles[1]!, description: 'd' }))._id);
    await Promise.race([
      reading,
      new Promise((_, reject) => setTimeout(() => reject(new Error('no events')), 15_000)),
    ]);
    controller.abort();
    expect(seen.map((e) => e.objectId)).toEqual(created);
    expect(seen[0]!.organisation).toBe('soc');
    // onOpen told of the first connection and of the reconnection
    expect(opened).toBeGreaterThanOrEqual(2);
  });

  it('parses event streams with CRLF, multi-line data, comments and retry', async () => {
    const text = ': hello\r\nretry: 500\r\n\r\nid: 7\r\ndata: {"a":\r\ndata: 1}\r\n\r\nid: 8\ndata: x\n\n';
    const bytes = new TextEncoder().encode(text);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        // split mid-line to check the buffering
        controller.enqueue(bytes.slice(0, 25));
        controller.enqueue(bytes.slice(25));
        controller.close();
      },
    });
    const events = [];
    for await (const e of parseEventStream(stream)) events.push(e);
    expect(events).toEqual([
      { data: '', retry: 500 },
      { id: '7', data: '{"a":\n1}' },
      { id: '8', data: 'x' },
    ]);
  });
});
