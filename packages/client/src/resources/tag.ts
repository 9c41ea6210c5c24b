/**
 * Tags in use (`/api/v1/tag`), with how many objects carry each: for completion and filters.
 */
import type { TagOutput, TagQuery } from '@propolis/core';
import type { CallOptions } from '../transport.js';
import { Resource, V1 } from './resource.js';

export class TagResource extends Resource {
  /** Tags starting with `prefix`, used by `entity` (case, alert, observable...), at most `limit`. */
  list(query: TagQuery = {}, options: CallOptions = {}): Promise<TagOutput[]> {
    return this.t.json({ method: 'GET', path: `${V1}/tag`, query: { ...query } }, options);
  }
}
