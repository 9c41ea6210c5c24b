/**
 * The aggregation AST (`_stats` bodies, v1 `aggregation` steps, dashboard widgets) and its
 * parser. Nested `_query` filters are read with the dialect's filter parser. Unknown keys in
 * an aggregation object are ignored (TheHive's UIs send extras); unknown `_agg` kinds are not.
 */
import type { Filter } from './ast.js';
import { type Ctx, type Dialect, guard, makeContext, type ParseOptions, spend } from './context.js';
import { QueryError } from './errors.js';
import { readField } from './fields.js';
import { parseFilterAt } from './filter-parser.js';
import { INTERVAL_LETTERS, type IntervalUnit } from './interval-units.js';
import {
  childPath,
  describe,
  expectArray,
  expectObject,
  get,
  isObject,
  type JsonObject,
  keysOf,
  quote,
  readInteger,
  readString,
} from './json.js';
import { readSortStrings, type SortDirection, type SortField } from './sort.js';

export type MetricFunction = 'sum' | 'avg' | 'min' | 'max';
export type { IntervalUnit };

/** Number of entities (`{"count": n}`), optionally restricted by its own `_query`. */
export interface CountAggregation {
  kind: 'count';
  name: string;
  filter?: Filter;
}
/** sum / avg / min / max of a numeric field (`{"sum_<field>": x}` by default). */
export interface MetricAggregation {
  kind: 'metric';
  fn: MetricFunction;
  field: string;
  name: string;
  filter?: Filter;
}
/** Bucket order of a terms aggregation: by count, by term, or by a field / sub-aggregation name. */
export type TermsOrder =
  | { by: 'count'; direction: SortDirection }
  | { by: 'term'; direction: SortDirection }
  | { by: 'field'; field: string; direction: SortDirection };
/** One bucket per distinct value of `field` (the `size` largest by `order`), each with `select`. */
export interface TermsAggregation {
  kind: 'terms';
  field: string;
  name?: string;
  size: number;
  order: TermsOrder[];
  select: Aggregation[];
  filter?: Filter;
}
export interface Interval {
  amount: number;
  unit: IntervalUnit;
}
/** Date histogram over `field`: one bucket per `interval` (keyed by bucket start), each with `select`. */
export interface TimeAggregation {
  kind: 'time';
  field: string;
  interval: Interval;
  name: string;
  select: Aggregation[];
  filter?: Filter;
}
/** One bucket per labelled filter, each with `select` (TheHive 3). */
export interface CategoryAggregation {
  kind: 'category';
  name?: string;
  categories: Array<{ label: string; filter: Filter }>;
  select: Aggregation[];
  filter?: Filter;
}
/** The first `size` entities by `order` (`{"top": [...]}`; TheHive 3). */
export interface TopAggregation {
  kind: 'top';
  name: string;
  size: number;
  order: SortField[];
  filter?: Filter;
}

export type Aggregation =
  | CountAggregation
  | MetricAggregation
  | TermsAggregation
  | TimeAggregation
  | CategoryAggregation
  | TopAggregation;

export const AGGREGATION_KINDS: readonly string[] = [
  'count',
  'sum',
  'avg',
  'min',
  'max',
  'field',
  'time',
  'category',
  'top',
];

/** One aggregation object (`{"_agg": "field", ...}`), with `_query` read in `dialect`. */
export function parseAggregation(json: unknown, dialect: Dialect, opts?: ParseOptions): Aggregation {
  const path = opts?.path ?? 'stats';
  return guard(path, () => readAggregation(makeContext(dialect, opts), json, path, 1));
}

/**
 * A v1 pipeline step `{"_name": "aggregation", "_agg": ..., ...}`. `_name` is the step name
 * here, so the aggregation gets its default result name.
 */
export function parseV1AggregationStep(step: unknown, opts?: ParseOptions): Aggregation {
  const path = opts?.path ?? 'aggregation';
  return guard(path, () => {
    const obj = expectObject(step, path, 'an aggregation step object');
    const rest: JsonObject = Object.create(null);
    for (const key of keysOf(obj, path)) if (key !== '_name') rest[key] = obj[key];
    return readAggregation(makeContext('v1', opts), rest, path, 1);
  });
}

/** A list of aggregations (`stats: [...]`, `_select: [...]`) at aggregation depth `depth`. */
export function readAggregations(ctx: Ctx, json: unknown, path: string, depth: number): Aggregation[] {
  return expectArray(json, path, 'an array of aggregations').map((item, i) =>
    readAggregation(ctx, item, childPath(path, i), depth),
  );
}

export function readAggregation(ctx: Ctx, json: unknown, path: string, depth: number): Aggregation {
  if (depth > ctx.limits.maxAggDepth) {
    throw new QueryError(
      path,
      `aggregations nested deeper than ${ctx.limits.maxAggDepth} levels (the limit)`,
    );
  }
  const obj = expectObject(json, path, 'an aggregation object {"_agg": ...}');
  keysOf(obj, path);
  spend(ctx, path);
  const agg = get(obj, '_agg');
  const filter = readQuery(ctx, obj, path);
  const base = filter ? { filter } : {};
  switch (agg) {
    case 'count':
      return { kind: 'count', name: readName(ctx, obj, path) ?? 'count', ...base };
    case 'sum':
    case 'avg':
    case 'min':
    case 'max': {
      const field = requireField(ctx, obj, '_field', path);
      return { kind: 'metric', fn: agg, field, name: readName(ctx, obj, path) ?? `${agg}_${field}`, ...base };
    }
    case 'field': {
      const out: TermsAggregation = {
        kind: 'terms',
        field: requireField(ctx, obj, '_field', path),
        size: readSize(ctx, obj, path),
        order: readTermsOrder(ctx, get(obj, '_order'), childPath(path, '_order')),
        select: readSelect(ctx, obj, path, depth),
        ...base,
      };
      const name = readName(ctx, obj, path);
      if (name !== undefined) out.name = name;
      return out;
    }
    case 'time':
      return {
        kind: 'time',
        field: readTimeField(ctx, obj, path),
        interval: readInterval(get(obj, '_interval'), childPath(path, '_interval'), get(obj, '_unit')),
        name: readName(ctx, obj, path) ?? 'datehistogram',
        select: readSelect(ctx, obj, path, depth),
        ...base,
      };
    case 'category': {
      const out: CategoryAggregation = {
        kind: 'category',
        categories: readCategories(ctx, get(obj, '_categories'), childPath(path, '_categories')),
        select: readSelect(ctx, obj, path, depth),
        ...base,
      };
      const name = readName(ctx, obj, path);
      if (name !== undefined) out.name = name;
      return out;
    }
    case 'top':
      return {
        kind: 'top',
        name: readName(ctx, obj, path) ?? 'top',
        size: readSize(ctx, obj, path),
        order: readSortStrings(ctx, get(obj, '_order'), childPath(path, '_order')),
        ...base,
      };
    default:
      throw new QueryError(
        childPath(path, '_agg'),
        `${agg === undefined ? 'missing "_agg"' : `unknown aggregation ${typeof agg === 'string' ? quote(agg) : describe(agg)}`}; ` +
          `supported: ${AGGREGATION_KINDS.join(', ')}`,
      );
  }
}

function readQuery(ctx: Ctx, obj: JsonObject, path: string): Filter | undefined {
  const query = get(obj, '_query');
  if (query === undefined || query === null) return undefined;
  return parseFilterAt(ctx, query, childPath(path, '_query'), 1);
}

function readName(ctx: Ctx, obj: JsonObject, path: string): string | undefined {
  const name = get(obj, '_name');
  if (name === undefined || name === null) return undefined;
  const text = readString(ctx, name, childPath(path, '_name'), 'a result name (a string)');
  if (text.length === 0 || text.length > ctx.limits.maxFieldLength) {
    throw new QueryError(
      childPath(path, '_name'),
      `a result name must have 1 to ${ctx.limits.maxFieldLength} characters`,
    );
  }
  return text;
}

function requireField(ctx: Ctx, obj: JsonObject, key: string, path: string): string {
  if (get(obj, key) === undefined) throw new QueryError(path, `missing "${key}"`);
  return readField(ctx, get(obj, key), childPath(path, key));
}

function readSize(ctx: Ctx, obj: JsonObject, path: string): number {
  const size = get(obj, '_size');
  if (size === undefined || size === null) return 10;
  return readInteger(size, childPath(path, '_size'), 1, ctx.limits.maxTermsSize);
}

function readSelect(ctx: Ctx, obj: JsonObject, path: string, depth: number): Aggregation[] {
  const select = get(obj, '_select');
  if (select === undefined || select === null) return [];
  return readAggregations(ctx, select, childPath(path, '_select'), depth + 1);
}

/** `_fields: ["createdAt"]` (only the first is used, as in TheHive 4) or `_field`. */
function readTimeField(ctx: Ctx, obj: JsonObject, path: string): string {
  const fields = get(obj, '_fields');
  if (fields !== undefined && fields !== null) {
    const list = expectArray(fields, childPath(path, '_fields'), 'an array of date fields');
    if (list.length === 0)
      throw new QueryError(childPath(path, '_fields'), 'expected at least one date field');
    return readField(ctx, list[0], childPath(childPath(path, '_fields'), 0));
  }
  if (get(obj, '_field') === undefined) throw new QueryError(path, 'missing "_fields" (or "_field")');
  return readField(ctx, get(obj, '_field'), childPath(path, '_field'));
}

const CHRONO_UNITS: Readonly<Record<string, IntervalUnit>> = {
  SECONDS: 'second',
  MINUTES: 'minute',
  HOURS: 'hour',
  DAYS: 'day',
  WEEKS: 'week',
  MONTHS: 'month',
  YEARS: 'year',
};
const MAX_INTERVAL = 1_000_000;

/**
 * `"1d"`, `"2w"`, `"1M"` (regex `(\d+)([smhdwMy])`), a unit word (`"day"`, `"month"`...),
 * or `{"_interval": n, "_unit": "DAYS"}` (Java ChronoUnit names; the unit may also sit next to
 * `_interval` in the aggregation object).
 */
export function readInterval(value: unknown, path: string, siblingUnit?: unknown): Interval {
  if (typeof value === 'string') {
    const match = /^\s*(\d{1,7})\s*([smhdwMy])\s*$/.exec(value);
    if (match) return checkInterval(Number(match[1]), INTERVAL_LETTERS[match[2]!]!, path);
    const word = value.trim().toLowerCase();
    const unit = (Object.values(INTERVAL_LETTERS) as string[]).includes(word)
      ? (word as IntervalUnit)
      : undefined;
    if (unit) return { amount: 1, unit };
    throw new QueryError(
      path,
      `${quote(value)} is not an interval; expected e.g. "1d", "1w", "1M", "1y" or {"_interval": 1, "_unit": "DAYS"}`,
    );
  }
  if (isObject(value)) {
    keysOf(value, path);
    return chronoInterval(get(value, '_interval'), get(value, '_unit'), path);
  }
  if (typeof value === 'number' && siblingUnit !== undefined) return chronoInterval(value, siblingUnit, path);
  if (value === undefined) throw new QueryError(path, 'missing "_interval"');
  throw new QueryError(
    path,
    `expected an interval such as "1d" or {"_interval": 1, "_unit": "DAYS"}, got ${describe(value)}`,
  );
}

function chronoInterval(amount: unknown, unit: unknown, path: string): Interval {
  const amountPath = childPath(path, '_interval');
  if (typeof amount !== 'number' || !Number.isInteger(amount)) {
    throw new QueryError(amountPath, `expected a positive integer, got ${describe(amount)}`);
  }
  const name = typeof unit === 'string' ? unit.toUpperCase() : undefined;
  const mapped = name !== undefined && Object.hasOwn(CHRONO_UNITS, name) ? CHRONO_UNITS[name] : undefined;
  if (!mapped) {
    throw new QueryError(
      childPath(path, '_unit'),
      `expected one of ${Object.keys(CHRONO_UNITS).join(', ')}, got ${typeof unit === 'string' ? quote(unit) : describe(unit)}`,
    );
  }
  return checkInterval(amount, mapped, amountPath);
}

function checkInterval(amount: number, unit: IntervalUnit, path: string): Interval {
  if (amount < 1 || amount > MAX_INTERVAL) {
    throw new QueryError(path, `the interval amount ${amount} is out of range (1 to ${MAX_INTERVAL})`);
  }
  return { amount, unit };
}

/** `"-_count"`, `["_term", "-sum_x"]`... Default: by count, descending. */
function readTermsOrder(ctx: Ctx, value: unknown, path: string): TermsOrder[] {
  if (value === undefined || value === null) return [{ by: 'count', direction: 'desc' }];
  return readSortStrings(ctx, value, path).map(({ field, direction }): TermsOrder => {
    if (field === '_count') return { by: 'count', direction };
    if (field === '_term') return { by: 'term', direction };
    return { by: 'field', field, direction };
  });
}

function readCategories(ctx: Ctx, value: unknown, path: string): Array<{ label: string; filter: Filter }> {
  const obj = expectObject(value, path, 'an object {"<label>": <query>, ...}');
  return keysOf(obj, path).map((label) => {
    const labelPath = childPath(path, label);
    if (label.length > ctx.limits.maxFieldLength) {
      throw new QueryError(
        labelPath,
        `a label of ${label.length} characters exceeds the limit of ${ctx.limits.maxFieldLength}`,
      );
    }
    return { label, filter: parseFilterAt(ctx, obj[label], labelPath, 1) };
  });
}
