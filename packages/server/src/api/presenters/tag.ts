/**
 * Tags on the wire. A free tag's listing item carries its text as `_id`, `value` and `predicate`; a
 * taxonomy tag (`namespace:predicate="value"`) its parts; both their use count and colour.
 */
import type { TagOutput } from '@propolis/core';
import type { TagCount } from '../../domain/tags/list-tags.js';
import { tagParts } from '../../domain/taxonomies/machinetag.js';

export const DEFAULT_TAG_COLOUR = '#000000';

/** A used tag: a free tag, or a taxonomy's `namespace:predicate="value"` split into its parts. */
export function tagOutput(t: TagCount): TagOutput {
  const parts = tagParts(t.tag);
  return {
    _id: t.tag,
    _type: 'Tag',
    namespace: parts.namespace,
    predicate: parts.predicate,
    value: parts.value ?? '',
    count: t.count,
    colour: t.colour ?? DEFAULT_TAG_COLOUR,
  };
}
