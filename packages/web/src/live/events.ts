/**
 * Live updates: one subscription to /api/v1/events through the client (the organisation's audit
 * events; the client reconnects from the last event id when the server ends a connection, and this
 * starts it again from there after a failure). Screens subscribe by object type; the connection
 * state shows in the shell.
 */
import type { AuditEvent } from '@propolis/client';
import { useEffect, useState } from 'react';
import { client } from '../api/http';

/** Wait before connecting again after a failure. */
const RETRY_MS = 3000;

/** An audit event of the organisation, as the client reads it. */
export type LiveEvent = AuditEvent;

type Handler = (event: LiveEvent) => void;
const handlers = new Set<Handler>();

export function subscribeLive(handler: Handler): () => void {
  handlers.add(handler);
  return () => handlers.delete(handler);
}

export function useLiveSubscription(handler: Handler, deps: unknown[]): void {
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller lists what the handler reads
  useEffect(() => subscribeLive(handler), deps);
}

/** Opens the stream while the shell is mounted; answers its state. */
export function useLiveEvents(): 'open' | 'connecting' {
  const [state, setState] = useState<'open' | 'connecting'>('connecting');
  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    let last: string | undefined;
    void (async () => {
      while (!signal.aborted) {
        try {
          for await (const event of client.events.subscribe({
            signal,
            timeout: 0,
            lastEventId: last,
            onOpen: () => setState('open'),
          })) {
            last = event._id;
            for (const h of handlers) h(event);
          }
        } catch {
          // aborted, or the connection failed: try again below unless the shell is gone
        }
        if (signal.aborted) return;
        setState('connecting');
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    })();
    return () => controller.abort();
  }, []);
  return state;
}
