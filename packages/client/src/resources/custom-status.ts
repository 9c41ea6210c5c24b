/**
 * Case and alert statuses (`/api/v1/caseStatus`, `/api/v1/alertStatus`): the built-in ones and the
 * organisation's own, which can be added, changed and removed (built-in ones cannot).
 */
import type { CustomStatusBody, CustomStatusOutput, UpdateCustomStatusBody } from '@propolis/core';
import type { CallOptions, Transport } from '../transport.js';
import { Resource, seg, V1 } from './resource.js';

export class CustomStatusResource extends Resource {
  constructor(
    t: Transport,
    private readonly path: '/caseStatus' | '/alertStatus',
  ) {
    super(t);
  }

  list(options: CallOptions = {}): Promise<CustomStatusOutput[]> {
    return this.t.json({ method: 'GET', path: `${V1}${this.path}` }, options);
  }

  create(status: CustomStatusBody, options: CallOptions = {}): Promise<CustomStatusOutput> {
    return this.t.json({ method: 'POST', path: `${V1}${this.path}`, json: status }, options);
  }

  update(idOrValue: string, fields: UpdateCustomStatusBody, options: CallOptions = {}): Promise<void> {
    return this.t.send(
      { method: 'PATCH', path: `${V1}${this.path}/${seg(idOrValue)}`, json: fields },
      options,
    );
  }

  delete(idOrValue: string, options: CallOptions = {}): Promise<void> {
    return this.t.send({ method: 'DELETE', path: `${V1}${this.path}/${seg(idOrValue)}` }, options);
  }
}
