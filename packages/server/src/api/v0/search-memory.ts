/**
 * A stopgap for v0 `_search` bodies over small lists (case templates, custom field definitions),
 * evaluated on the rendered v0 objects: `_and`, `_or`, `_not`, `_any`, `{}`, equality
 * (`{"_field": f, "_value": v}`, `{"f": v}`), `_in`, `_id`, `_string` of `field:value` terms,
 * and `range` / `sort` as query parameters. The query engine (packages/core/src/query, compiled to
 * SQL) replaces this; keep it trivial until then.
 */
import { badRequest } from '@propolis/core';

type Item = Record<string, unknown>;

const equal = (actual: unknown, expected: unknown): boolean =>
  Array.isArray(actual)
    ? actual.some((a) => equal(a, expected))
    : actual === expected || (actual != null && String(actual) === String(expected));

function fieldValue(item: Item, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Item)[k] : undefined), item);
}

export function matches(item: Item, query: unknown): boolean {
  if (query === undefined || query === null) return true;
  if (typeof query !== 'object' || Array.isArray(query))
    throw badRequest(`query: ${JSON.stringify(query)} is not a filter`);
  const q = query as Item;
  const keys = Object.keys(q);
  if (keys.length === 0 || '_any' in q) return true;
  if (Array.isArray(q._and)) return q._and.every((f) => matches(item, f));
  if (Array.isArray(q._or)) return q._or.some((f) => matches(item, f));
  if ('_not' in q) return !matches(item, q._not);
  if (typeof q._field === 'string') return equal(fieldValue(item, q._field), q._value);
  if (q._id !== undefined) return item._id === q._id;
  if (q._in && typeof q._in === 'object') {
    const { _field, _values } = q._in as Item;
    return (
      typeof _field === 'string' &&
      Array.isArray(_values) &&
      _values.some((v) => equal(fieldValue(item, _field), v))
    );
  }
  if (typeof q._string === 'string') {
    // "field:value" terms, all required; anything else is matched against every string field.
    return q._string
      .split(/\s+(?:AND\s+)?/i)
      .filter(Boolean)
      .every((term) => {
        const m = /^([\w.]+):"?([^"]*)"?$/.exec(term);
        if (m) return equal(fieldValue(item, m[1]!), m[2]);
        const needle = term.replace(/\*/g, '').toLowerCase();
        return Object.values(item).some((v) => typeof v === 'string' && v.toLowerCase().includes(needle));
      });
  }
  if (keys.length === 1 && !keys[0]!.startsWith('_')) return equal(fieldValue(item, keys[0]!), q[keys[0]!]);
  throw badRequest(`query: ${JSON.stringify(query)} is not supported on this list yet`);
}

/** `range` ("all", "a-b") and `sort` ("+f", "-f", comma-separated or repeated) as TheHive's v0 lists take them. */
export function searchList(
  items: Item[],
  query: unknown,
  params: { range?: unknown; sort?: unknown },
): { page: Item[]; total: number } {
  let out = items.filter((i) => matches(i, query));
  const sorts = ([] as unknown[])
    .concat(params.sort ?? [])
    .flatMap((s) => String(s).split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  if (sorts.length > 0) {
    out = [...out].sort((a, b) => {
      for (const s of sorts) {
        const dir = s.startsWith('-') ? -1 : 1;
        const f = s.replace(/^[+-]/, '');
        const x = fieldValue(a, f) as string | number;
        const y = fieldValue(b, f) as string | number;
        if (x === y) continue;
        if (x === undefined) return 1;
        if (y === undefined) return -1;
        return (x < y ? -1 : 1) * dir;
      }
      return 0;
    });
  }
  const total = out.length;
  const range = params.range === undefined ? undefined : String(params.range);
  if (range !== undefined && range !== 'all') {
    const m = /^(\d+)-(\d+)$/.exec(range);
    const from = m ? Number(m[1]) : 0;
    const to = m && Number(m[2]) > from ? Number(m[2]) : from + 10;
    out = out.slice(from, to);
  }
  return { page: out, total };
}
