/**
 * The live stream and the flow (`/api/v1/stream`, `/api/v1/flow`), TheHive's long-polling change
 * feed: `open()` a stream, then `poll(id)` for what happened since the last poll (the server holds
 * the request until something happens or its wait ends); `flow()` reads recent activity.
 */
import type { StreamElement, StreamStatusOutput } from '@propolis/core';
import type { CallOptions } from '../transport.js';
import { Resource, seg, V1 } from './resource.js';

export class StreamResource extends Resource {
  /** Opens a stream; answers its id. */
  open(options: CallOptions = {}): Promise<string> {
    return this.t.text({ method: 'POST', path: `${V1}/stream` }, options);
  }

  /** The changes since the previous poll; waits on the server side (the call's timeout must allow it). */
  poll(id: string, options: CallOptions = {}): Promise<StreamElement[]> {
    return this.t.json({ method: 'GET', path: `${V1}/stream/${seg(id)}` }, options);
  }

  /** Seconds left in the caller's session. */
  status(options: CallOptions = {}): Promise<StreamStatusOutput> {
    return this.t.json({ method: 'GET', path: `${V1}/stream/status` }, options);
  }

  /** The most recent activity (of one case or alert with `rootId`), newest first. */
  flow(query: { rootId?: string; count?: number } = {}, options: CallOptions = {}): Promise<StreamElement[]> {
    return this.t.json({ method: 'GET', path: `${V1}/flow`, query: { ...query } }, options);
  }
}
