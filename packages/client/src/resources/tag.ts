/**
 * Tags (`/api/v1/tag`): the tags in use, with how many objects carry each (completion and filters),
 * and one tag of a taxonomy or a free tag, its colour and description.
 */
import type { TagOutput, TagQuery, TaxonomyTagOutput, UpdateTagBody } from '@propolis/core';
import type { CallOptions } from '../transport.js';
import { Resource, seg, V1 } from './resource.js';

export class TagResource extends Resource {
  /** Tags starting with `prefix`, used by `entity` (case, alert, observable...), at most `limit`. */
  list(query: TagQuery = {}, options: CallOptions = {}): Promise<TagOutput[]> {
    return this.t.json({ method: 'GET', path: `${V1}/tag`, query: { ...query } }, options);
  }

  /** A tag by id, or by its text (`namespace:predicate="value"`). */
  get(idOrText: string, options: CallOptions = {}): Promise<TaxonomyTagOutput | TagOutput> {
    return this.t.json({ method: 'GET', path: `${V1}/tag/${seg(idOrText)}` }, options);
  }

  update(idOrText: string, fields: UpdateTagBody, options: CallOptions = {}): Promise<void> {
    return this.t.send({ method: 'PATCH', path: `${V1}/tag/${seg(idOrText)}`, json: fields }, options);
  }

  delete(idOrText: string, options: CallOptions = {}): Promise<void> {
    return this.t.send({ method: 'DELETE', path: `${V1}/tag/${seg(idOrText)}` }, options);
  }
}
