/**
 * Sort specifications of both dialects, as a list of `{field, direction}`:
 * v1 step `{"_name":"sort","_fields":[{"date":"desc"},"-title","+x"]}` (also `fields`);
 * v0 `sort` parameter: a string or a list of strings (repeated `sort=`), each possibly
 * comma-separated, each `-field` (desc), `+field` or `field` (asc).
 */
import { type Ctx, guard, makeContext, type ParseOptions, spend } from './context.js';
import { QueryError } from './errors.js';
import { checkField } from './fields.js';
import { childPath, describe, expectObject, get, isObject, keysOf, quote } from './json.js';

export type SortDirection = 'asc' | 'desc';

export interface SortField {
  field: string;
  direction: SortDirection;
}

export function parseV1Sort(step: unknown, opts?: ParseOptions): SortField[] {
  const path = opts?.path ?? 'sort';
  return guard(path, () => {
    const ctx = makeContext('v1', opts);
    const obj = expectObject(step, path, 'a sort step object {"_fields": [...]}');
    keysOf(obj, path);
    const key =
      get(obj, '_fields') !== undefined ? '_fields' : get(obj, 'fields') !== undefined ? 'fields' : null;
    if (key === null) throw new QueryError(path, 'missing "_fields"');
    const listPath = childPath(path, key);
    const list = get(obj, key);
    if (!Array.isArray(list)) throw new QueryError(listPath, `expected an array, got ${describe(list)}`);
    const out: SortField[] = [];
    list.forEach((entry, i) => {
      const entryPath = childPath(listPath, i);
      if (typeof entry === 'string') {
        push(ctx, out, signedField(ctx, entry, entryPath), entryPath);
      } else if (isObject(entry)) {
        const keys = keysOf(entry, entryPath);
        if (keys.length === 0) throw new QueryError(entryPath, 'expected {"<field>": "asc" | "desc"}');
        for (const field of keys) {
          const fieldPath = childPath(entryPath, field);
          push(
            ctx,
            out,
            { field: checkField(ctx, field, fieldPath), direction: direction(entry[field], fieldPath) },
            fieldPath,
          );
        }
      } else {
        throw new QueryError(
          entryPath,
          `expected {"<field>": "asc" | "desc"} or "±field", got ${describe(entry)}`,
        );
      }
    });
    return out;
  });
}

export function parseV0Sort(sort: unknown, opts?: ParseOptions): SortField[] {
  const path = opts?.path ?? 'sort';
  return guard(path, () => readSortStrings(makeContext('v0', opts), sort, path));
}

/** `"-a,+b"` or `["-a", "b"]` (also used by the `top` aggregation's `_order`). */
export function readSortStrings(ctx: Ctx, sort: unknown, path: string): SortField[] {
  if (sort === undefined || sort === null) return [];
  const items = Array.isArray(sort) ? sort : [sort];
  const out: SortField[] = [];
  items.forEach((item, i) => {
    const itemPath = Array.isArray(sort) ? childPath(path, i) : path;
    if (typeof item !== 'string') throw new QueryError(itemPath, `expected "±field", got ${describe(item)}`);
    if (item.length > ctx.limits.maxStringLength) {
      throw new QueryError(
        itemPath,
        `a string of ${item.length} characters exceeds the limit of ${ctx.limits.maxStringLength}`,
      );
    }
    for (const piece of item.split(',')) {
      if (piece.trim() === '') continue;
      push(ctx, out, signedField(ctx, piece, itemPath), itemPath);
    }
  });
  return out;
}

function push(ctx: Ctx, out: SortField[], field: SortField, path: string): void {
  spend(ctx, path);
  if (out.length >= ctx.limits.maxSortFields) {
    throw new QueryError(path, `more than ${ctx.limits.maxSortFields} sort fields (the limit)`);
  }
  out.push(field);
}

/** `-f` desc, `+f` or `f` asc (a `+` decoded as a space from a URL also means asc). */
function signedField(ctx: Ctx, raw: string, path: string): SortField {
  const text = raw.trim();
  const sign = text[0];
  const direction: SortDirection = sign === '-' ? 'desc' : 'asc';
  const name = sign === '-' || sign === '+' ? text.slice(1).trim() : text;
  if (name === '') throw new QueryError(path, `${quote(raw)} has no field name`);
  return { field: checkField(ctx, name, path), direction };
}

function direction(value: unknown, path: string): SortDirection {
  const lower = typeof value === 'string' ? value.toLowerCase() : undefined;
  if (lower === 'asc' || lower === 'desc') return lower;
  throw new QueryError(
    path,
    `expected "asc" or "desc", got ${typeof value === 'string' ? quote(value) : describe(value)}`,
  );
}
