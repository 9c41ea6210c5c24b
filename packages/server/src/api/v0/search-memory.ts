/**
 * v0 `_search` over small lists that are evaluated in memory (case templates, custom field
 * definitions, users): the same query language as everywhere (core parseV0Query, parseV0Sort,
 * parseV0Range), evaluated on the rendered v0 objects with core's matchesFilter. `_parent` and
 * `_child` have no meaning on these lists and answer 400.
 */
import { matchesFilter, parseV0Query, parseV0Range, parseV0Sort, sortObjects } from '@propolis/core';

type Item = Record<string, unknown>;

/** Whether an item matches a v0 query (`undefined`/`{}` match everything). */
export function matches(item: Item, query: unknown): boolean {
  return matchesFilter(parseV0Query(query), item);
}

/** `query`, `range` ("all", "a-b") and `sort` ("+f", "-f", comma-separated or repeated). */
export function searchList(
  items: Item[],
  query: unknown,
  params: { range?: unknown; sort?: unknown },
): { page: Item[]; total: number } {
  const filter = parseV0Query(query, { path: 'query' });
  const sort = parseV0Sort(params.sort, { path: 'sort' });
  const range = parseV0Range(Array.isArray(params.range) ? params.range[0] : params.range, { path: 'range' });
  let out = items.filter((i) => matchesFilter(filter, i));
  if (sort.length > 0) out = sortObjects(out, sort);
  const total = out.length;
  out = out.slice(range.offset, range.limit === null ? undefined : range.offset + range.limit);
  return { page: out, total };
}
