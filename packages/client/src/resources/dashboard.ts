/**
 * Dashboards (`/api/v1/dashboard`): widgets over the query API, private to their owner or shared
 * with the organisation (`status: 'Shared'`).
 */
import type { DashboardBody, DashboardOutputV1, DashboardUpdateBody } from '@propolis/core';
import type { FindOptions } from '../query.js';
import type { CallOptions } from '../transport.js';
import { Resource, seg, V1 } from './resource.js';

export class DashboardResource extends Resource {
  /** The caller's dashboards and those shared with the organisation. */
  list(options: CallOptions = {}): Promise<DashboardOutputV1[]> {
    return this.t.json({ method: 'GET', path: `${V1}/dashboard` }, options);
  }

  create(dashboard: DashboardBody, options: CallOptions = {}): Promise<DashboardOutputV1> {
    return this.t.json({ method: 'POST', path: `${V1}/dashboard`, json: dashboard }, options);
  }

  get(id: string, options: CallOptions = {}): Promise<DashboardOutputV1> {
    return this.t.json({ method: 'GET', path: `${V1}/dashboard/${seg(id)}` }, options);
  }

  /** Changes fields (`version` is the definition format's version, kept as given). */
  update(id: string, fields: DashboardUpdateBody, options: CallOptions = {}): Promise<void> {
    return this.t.send({ method: 'PATCH', path: `${V1}/dashboard/${seg(id)}`, json: fields }, options);
  }

  delete(id: string, options: CallOptions = {}): Promise<void> {
    return this.t.send({ method: 'DELETE', path: `${V1}/dashboard/${seg(id)}` }, options);
  }

  /** Gives the dashboard to another user of the organisation (by login). */
  changeOwner(id: string, owner: string, options: CallOptions = {}): Promise<void> {
    return this.t.send(
      { method: 'POST', path: `${V1}/dashboard/${seg(id)}/owner`, json: { owner } },
      options,
    );
  }

  find(options: FindOptions = {}): Promise<DashboardOutputV1[]> {
    return this.lister<DashboardOutputV1>('listDashboard').find(options);
  }
}
