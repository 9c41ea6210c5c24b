/**
 * Tags on the wire. Propolis tags are free text (TheHive 4's "free tags"); a listing item carries
 * the text as `_id`, `value` and `predicate`, its use count, and the default colour.
 */
import type { TagOutput } from '@propolis/core';
import type { TagCount } from '../../domain/tags/list-tags.js';

export const DEFAULT_TAG_COLOUR = '#000000';

export const tagOutput = (t: TagCount): TagOutput => ({
  _id: t.tag,
  _type: 'Tag',
  namespace: '_freetags_',
  predicate: t.tag,
  value: t.tag,
  count: t.count,
  colour: DEFAULT_TAG_COLOUR,
});
