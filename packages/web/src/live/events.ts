/**
 * Live updates: one EventSource on /api/v1/events (the organisation's audit events, resumed with
 * Last-Event-ID by the browser). Screens subscribe by object type; the connection state shows in the shell.
 */
import { useEffect, useState } from 'react';

export interface LiveEvent {
  _id: string;
  action: string;
  objectType: string;
  objectId: string;
  rootId: string;
  _createdBy: string;
  details?: Record<string, unknown>;
}

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
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/v1/events');
    source.onopen = () => setState('open');
    source.onerror = () => setState('connecting');
    source.onmessage = (message) => {
      let event: LiveEvent;
      try {
        event = JSON.parse(message.data) as LiveEvent;
      } catch {
        return;
      }
      for (const h of handlers) h(event);
    };
    return () => source.close();
  }, []);
  return state;
}
