/**
 * Paging of both dialects, as `{offset, limit}` (`limit: null` = everything):
 * v1 step `{"_name":"page","from":0,"to":15,"extraData":["total"]}` (`to` exclusive; TheHive 4's
 * v0 query also sends `withStats`/`withParents`); v0 `range` parameter: `"all"`, `"a-b"`
 * (offset a, b - a items), default `"0-10"`; like TheHive, an unreadable start means 0,
 * an unreadable end means start + 10, and end <= start means 10 items from start.
 * A page larger than `maxPageSize` is a QueryError in both dialects.
 */
import { type Ctx, guard, makeContext, type ParseOptions, spend } from './context.js';
import { QueryError } from './errors.js';
import { childPath, describe, expectObject, get, keysOf, readInteger, readString } from './json.js';

export interface Page {
  offset: number;
  /** Items to return; `null` = all of them (v0 `range=all`). */
  limit: number | null;
  /** Names of extra data to compute per item (v1), deduplicated, in request order. */
  extraData: string[];
  /** TheHive 4 v0 query `page`: add `stats` to each item. */
  withStats?: boolean;
  /** TheHive 4 v0 query `page`: embed this many levels of parents. */
  withParents?: number;
}

export const DEFAULT_V0_RANGE = '0-10';

export function parseV1Page(step: unknown, opts?: ParseOptions): Page {
  const path = opts?.path ?? 'page';
  return guard(path, () => {
    const ctx = makeContext('v1', opts);
    const obj = expectObject(step, path, 'a page step object {"from": n, "to": m}');
    keysOf(obj, path);
    const max = Number.MAX_SAFE_INTEGER;
    const from =
      get(obj, 'from') === undefined ? 0 : readInteger(get(obj, 'from'), childPath(path, 'from'), 0, max);
    if (get(obj, 'to') === undefined) throw new QueryError(path, 'missing "to"');
    const to = readInteger(get(obj, 'to'), childPath(path, 'to'), 0, max);
    if (to < from) throw new QueryError(childPath(path, 'to'), `"to" (${to}) is before "from" (${from})`);
    checkSize(ctx, to - from, path);
    const page: Page = {
      offset: from,
      limit: to - from,
      extraData: readExtraData(ctx, get(obj, 'extraData'), childPath(path, 'extraData')),
    };
    const withStats = get(obj, 'withStats');
    if (withStats !== undefined) {
      if (typeof withStats !== 'boolean') {
        throw new QueryError(childPath(path, 'withStats'), `expected a boolean, got ${describe(withStats)}`);
      }
      page.withStats = withStats;
    }
    const withParents = get(obj, 'withParents');
    if (withParents !== undefined) {
      page.withParents = readInteger(withParents, childPath(path, 'withParents'), 0, ctx.limits.maxDepth);
    }
    return page;
  });
}

export function parseV0Range(range: unknown, opts?: ParseOptions): Page {
  const path = opts?.path ?? 'range';
  return guard(path, () => {
    const ctx = makeContext('v0', opts);
    let text: string;
    if (range === undefined || range === null || range === '') text = DEFAULT_V0_RANGE;
    else if (typeof range === 'string') text = readString(ctx, range, path).trim();
    else if (typeof range === 'number' && Number.isSafeInteger(range) && range >= 0) text = String(range);
    else throw new QueryError(path, `expected "all" or "<from>-<to>", got ${describe(range)}`);
    if (text.toLowerCase() === 'all') return { offset: 0, limit: null, extraData: [] };
    const [first = '', second = '0'] = `${text}-0`.split('-');
    const offset = toInt(first) ?? 0;
    const end = toInt(second) ?? offset + 10;
    const limit = end <= offset ? 10 : end - offset;
    checkSize(ctx, limit, path);
    return { offset, limit, extraData: [] };
  });
}

/** A decimal integer as TheHive reads one (Int), or undefined. */
function toInt(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d{1,10}$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return value <= 2_147_483_647 ? value : undefined;
}

function checkSize(ctx: Ctx, size: number, path: string): void {
  if (size > ctx.limits.maxPageSize) {
    throw new QueryError(path, `a page of ${size} items exceeds the limit of ${ctx.limits.maxPageSize}`);
  }
}

function readExtraData(ctx: Ctx, value: unknown, path: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new QueryError(path, `expected an array of names, got ${describe(value)}`);
  if (value.length > ctx.limits.maxInValues) {
    throw new QueryError(path, `${value.length} names exceed the limit of ${ctx.limits.maxInValues}`);
  }
  spend(ctx, path, value.length);
  const names = value.map((name, i) => {
    const text = readString(ctx, name, childPath(path, i), 'a name (a string)');
    if (text.length > ctx.limits.maxFieldLength) {
      throw new QueryError(
        childPath(path, i),
        `a name of ${text.length} characters exceeds the limit of ${ctx.limits.maxFieldLength}`,
      );
    }
    return text;
  });
  return [...new Set(names)];
}
