/**
 * Feeders (`/api/v1/feeder`, platform administration): the connectors that turn incident sources
 * into alerts, their health and rejected items, and a webhook feeder's public endpoint.
 */
import type {
  FeederBody,
  FeederFailureOutput,
  FeederOutput,
  FeederPatch,
  FeederWebhookOutput,
} from '@propolis/core';
import type { CallOptions } from '../transport.js';
import { Resource, seg, V1 } from './resource.js';

export class FeederResource extends Resource {
  list(options: CallOptions = {}): Promise<FeederOutput[]> {
    return this.t.json({ method: 'GET', path: `${V1}/feeder` }, options);
  }

  get(name: string, options: CallOptions = {}): Promise<FeederOutput> {
    return this.t.json({ method: 'GET', path: `${V1}/feeder/${seg(name)}` }, options);
  }

  create(definition: FeederBody, options: CallOptions = {}): Promise<FeederOutput> {
    return this.t.json({ method: 'POST', path: `${V1}/feeder`, json: definition }, options);
  }

  /** Changes settings of a feeder defined through the API; `{enabled}` for any feeder. */
  update(name: string, fields: FeederPatch, options: CallOptions = {}): Promise<FeederOutput> {
    return this.t.json({ method: 'PATCH', path: `${V1}/feeder/${seg(name)}`, json: fields }, options);
  }

  delete(name: string, options: CallOptions = {}): Promise<void> {
    return this.t.send({ method: 'DELETE', path: `${V1}/feeder/${seg(name)}` }, options);
  }

  /** The items the feeder could not turn into alerts, newest first. */
  failures(name: string, options: CallOptions & { limit?: number } = {}): Promise<FeederFailureOutput[]> {
    const { limit, ...call } = options;
    return this.t.json({ method: 'GET', path: `${V1}/feeder/${seg(name)}/failures`, query: { limit } }, call);
  }

  /**
   * Posts events to a webhook feeder, authenticated by the feeder's own token (not the client's
   * credentials, which are sent too but not used by this route).
   */
  webhook(
    name: string,
    token: string,
    events: unknown,
    options: CallOptions = {},
  ): Promise<FeederWebhookOutput> {
    return this.t.json(
      {
        method: 'POST',
        path: `${V1}/feeder/${seg(name)}/webhook`,
        json: events,
        // the same events again are reported as duplicates: safe to retry
        idempotent: true,
      },
      { ...options, headers: { 'X-Feeder-Token': token, ...options.headers } },
    );
  }
}
