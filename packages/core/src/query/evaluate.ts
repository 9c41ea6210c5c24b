/**
 * Evaluates a filter on one plain object in memory: for small lists (users, profiles,
 * organisations), event filters (webhooks, notifications) and tests. Large entities are compiled
 * to SQL instead. Field paths are dotted (`customFields.cvss`); a list field matches when one of
 * its elements does. Text comparisons are case-insensitive, as TheHive's indexes are.
 */
import type { Filter, Scalar } from './ast.js';
import { QueryError } from './errors.js';

type Obj = Record<string, unknown>;

function read(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur as Obj, part)) return undefined;
    cur = (cur as Obj)[part];
  }
  return cur;
}

const values = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);
const lower = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v);

function compare(a: unknown, b: Scalar): number | undefined {
  if (a === undefined || a === null || b === null) return undefined;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' || typeof b === 'boolean') return a === b ? 0 : undefined;
  const x = String(lower(a));
  const y = String(lower(b));
  return x === y ? 0 : x < y ? -1 : 1;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function textOf(obj: unknown): string[] {
  if (typeof obj === 'string') return [obj];
  if (Array.isArray(obj)) return obj.flatMap(textOf);
  if (obj && typeof obj === 'object') return Object.values(obj).flatMap(textOf);
  return [];
}

export function matchesFilter(filter: Filter, obj: unknown, idField = '_id'): boolean {
  switch (filter.kind) {
    case 'any':
      return true;
    case 'and':
      return filter.filters.every((f) => matchesFilter(f, obj, idField));
    case 'or':
      return filter.filters.some((f) => matchesFilter(f, obj, idField));
    case 'not':
      return !matchesFilter(filter.filter, obj, idField);
    case 'compare': {
      const v = read(obj, filter.field);
      if (filter.value === null) {
        const absent = v === undefined || v === null || (Array.isArray(v) && v.length === 0);
        return filter.op === 'eq' ? absent : filter.op === 'ne' ? !absent : false;
      }
      const results = values(v).map((x) => compare(x, filter.value));
      switch (filter.op) {
        case 'eq':
          return results.some((r) => r === 0);
        case 'ne':
          return !results.some((r) => r === 0);
        case 'lt':
          return results.some((r) => r !== undefined && r < 0);
        case 'lte':
          return results.some((r) => r !== undefined && r <= 0);
        case 'gt':
          return results.some((r) => r !== undefined && r > 0);
        case 'gte':
          return results.some((r) => r !== undefined && r >= 0);
      }
      return false;
    }
    case 'between':
      return values(read(obj, filter.field)).some((x) => {
        const a = compare(x, filter.from);
        const b = compare(x, filter.to);
        return a !== undefined && b !== undefined && a >= 0 && b < 0;
      });
    case 'in':
      return values(read(obj, filter.field)).some((x) => filter.values.some((v) => compare(x, v) === 0));
    case 'text':
      return values(read(obj, filter.field)).some((x) => {
        if (typeof x !== 'string') return false;
        const s = x.toLowerCase();
        const t = filter.value.toLowerCase();
        return filter.op === 'startsWith'
          ? s.startsWith(t)
          : filter.op === 'endsWith'
            ? s.endsWith(t)
            : s.includes(t);
      });
    case 'wildcard': {
      const re = new RegExp(`^${filter.pattern.split('*').map(escapeRegExp).join('.*')}$`, 'is');
      return values(read(obj, filter.field)).some((x) => typeof x === 'string' && re.test(x));
    }
    case 'match': {
      const re = new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(filter.value)}($|[^\\p{L}\\p{N}])`, 'iu');
      return textOf(read(obj, filter.field)).some((s) => re.test(s));
    }
    case 'fulltext': {
      const needle = filter.value.toLowerCase();
      return textOf(obj).some((s) => s.toLowerCase().includes(needle));
    }
    case 'has': {
      const v = read(obj, filter.field);
      return !(v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0));
    }
    case 'id':
      return filter.ids.includes(String(read(obj, idField)));
    default:
      throw new QueryError('query', `the "${filter.kind}" operator cannot be evaluated here`);
  }
}

/** Orders for sorting: missing values last, numbers by value, anything else as text. */
function sortOrder(x: unknown, y: unknown): number {
  if (x === y) return 0;
  if (x === undefined || x === null) return 1;
  if (y === undefined || y === null) return -1;
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  return String(x).localeCompare(String(y));
}

/** A sorted copy of `items` by dotted field paths, the first field first. */
export function sortObjects<T>(
  items: readonly T[],
  sort: ReadonlyArray<{ field: string; direction: 'asc' | 'desc' }>,
): T[] {
  return [...items].sort((a, b) => {
    for (const { field, direction } of sort) {
      const r = sortOrder(read(a, field), read(b, field));
      if (r !== 0) return direction === 'desc' ? -r : r;
    }
    return 0;
  });
}
