/**
 * Saved list views (`/api/v1/view`): named filters, sort and columns of the alert or case list,
 * private to their owner or shared with the organisation (`status: 'Shared'`).
 */
import type { SavedViewBody, SavedViewOutput, SavedViewUpdateBody } from '@propolis/core';
import type { CallOptions } from '../transport.js';
import { Resource, seg, V1 } from './resource.js';

export class SavedViewResource extends Resource {
  /** The caller's views and those shared with the organisation, by name; of one list if `entity` is given. */
  list(entity?: 'alert' | 'case', options: CallOptions = {}): Promise<SavedViewOutput[]> {
    return this.t.json({ method: 'GET', path: `${V1}/view`, query: entity ? { entity } : {} }, options);
  }

  create(view: SavedViewBody, options: CallOptions = {}): Promise<SavedViewOutput> {
    return this.t.json({ method: 'POST', path: `${V1}/view`, json: view }, options);
  }

  get(id: string, options: CallOptions = {}): Promise<SavedViewOutput> {
    return this.t.json({ method: 'GET', path: `${V1}/view/${seg(id)}` }, options);
  }

  /** Renames, shares or unshares, or replaces the filters, sort or columns; answers the view. */
  update(id: string, fields: SavedViewUpdateBody, options: CallOptions = {}): Promise<SavedViewOutput> {
    return this.t.json({ method: 'PATCH', path: `${V1}/view/${seg(id)}`, json: fields }, options);
  }

  delete(id: string, options: CallOptions = {}): Promise<void> {
    return this.t.send({ method: 'DELETE', path: `${V1}/view/${seg(id)}` }, options);
  }
}
