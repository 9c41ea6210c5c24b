/**
 * Aggregations (v0 `_stats`, v1 `aggregation` step) computed in SQL over a selection, returning
 * TheHive's result shapes:
 * - count → `{"count": n}`; sum/avg/min/max → `{"sum_<field>": x}` (sum of nothing is 0,
 *   avg/min/max of nothing are null);
 * - field (terms) → `{"<term>": {<sub-aggregations>}, ...}`;
 * - time → `{"<bucket start, epoch ms>": {"<date field>": {<sub-aggregations>}}, ...}`;
 * - category → `{"<label>": {<sub-aggregations>}, ...}`;
 * - top → `{"<name>": [entities]}` (rendered by the caller).
 * A terms, time or category aggregation given an explicit `_name` is wrapped as `{"<name>": {...}}`.
 */
import {
  type Aggregation,
  type Filter,
  type Interval,
  type MetricAggregation,
  QueryError,
  type Scalar,
  type TermsAggregation,
  type TimeAggregation,
} from '@propolis/core';
import { type RawBuilder, sql } from 'kysely';
import { type RollupShape, rollupAnswers, rollupHistogramRows } from './aggregate-rollup.js';
import { coerce } from './compile-filter.js';
import { type ResolvedField, resolveField, scalarExpr, valueTypeOf } from './resolve-field.js';
import { type QueryEnv, type Selection, selectAll, statement, withFilter } from './selection.js';
import type { CoreDialect } from './types.js';

/** Most buckets a time aggregation may produce (ask for a larger interval beyond). */
export const MAX_TIME_BUCKETS = 1000;
/** Most distinct terms read when buckets are ordered by a sub-aggregation. */
const MAX_TERMS_SCAN = 1000;

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonObject = { [k: string]: Json };

export interface AggregateOptions {
  api: CoreDialect;
  /** False computes whole-set alert histograms from the alert table instead of the rollup (tests). */
  rollups?: boolean;
  /** Renders the rows of a `top` aggregation; without it `top` is refused. */
  renderTop?: (sel: Selection) => Promise<Json[]>;
}

const DAY_MS = 86_400_000;
const UNIT_MS: Record<string, number> = {
  second: 1000,
  minute: 60_000,
  hour: 3_600_000,
  day: DAY_MS,
  week: 7 * DAY_MS,
};
/** 1970-01-01 is a Thursday; weeks start on Monday (4 days later). */
const WEEK_OFFSET = 4 * DAY_MS;

function toNumber(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : null;
}

function scoped(sel: Selection, filter: Filter | undefined, api: CoreDialect): Selection {
  return filter ? withFilter(sel, filter, api) : sel;
}

export function deepMerge(target: JsonObject, source: JsonObject): JsonObject {
  for (const [k, v] of Object.entries(source)) {
    const cur = target[k];
    if (
      cur &&
      v &&
      typeof cur === 'object' &&
      typeof v === 'object' &&
      !Array.isArray(cur) &&
      !Array.isArray(v)
    ) {
      deepMerge(cur as JsonObject, v as JsonObject);
    } else target[k] = v;
  }
  return target;
}

/** Runs several aggregations and deep-merges their results (the `_stats` answer). */
export async function aggregateAll(
  env: QueryEnv,
  sel: Selection,
  aggs: Aggregation[],
  opts: AggregateOptions,
): Promise<JsonObject> {
  const out: JsonObject = Object.create(null);
  for (const agg of aggs) deepMerge(out, await aggregate(env, sel, agg, opts));
  return { ...out };
}

export async function aggregate(
  env: QueryEnv,
  base: Selection,
  agg: Aggregation,
  opts: AggregateOptions,
): Promise<JsonObject> {
  const sel = scoped(base, agg.filter, opts.api);
  switch (agg.kind) {
    case 'count':
      return { [agg.name]: await count(env, sel) };
    case 'metric':
      return { [agg.name]: await metric(env, sel, agg.fn, agg.field, opts.api) };
    case 'terms':
      return named(agg.name, await terms(env, sel, agg, opts));
    case 'time':
      return await time(env, sel, agg, opts);
    case 'category': {
      const out: JsonObject = {};
      for (const { label, filter } of agg.categories) {
        out[label] = await aggregateAll(env, withFilter(sel, filter, opts.api), agg.select, opts);
      }
      return named(agg.name, out);
    }
    case 'top': {
      if (!opts.renderTop) throw new QueryError('stats', 'the "top" aggregation is not available here');
      const top: Selection = {
        ...withFilter(sel, { kind: 'any' }, opts.api),
        sort: { fields: agg.order, api: opts.api },
        page: { offset: 0, limit: agg.size },
      };
      return { [agg.name]: await opts.renderTop(top) };
    }
  }
}

const named = (name: string | undefined, value: JsonObject): JsonObject => (name ? { [name]: value } : value);

async function count(env: QueryEnv, sel: Selection): Promise<number> {
  const inner = statement(env, sel, 't0', { n: 0 }, sql`1 AS one`);
  const { rows } = await sql<{ n: unknown }>`SELECT count(*) AS n FROM (${inner}) c`.execute(env.db);
  return toNumber(rows[0]?.n) ?? 0;
}

function numericField(
  env: QueryEnv,
  sel: Selection,
  name: string,
  api: CoreDialect,
  path: string,
): ResolvedField {
  const field = resolveField(sel.entity, name, api, env.customFields, path);
  const type = valueTypeOf(field);
  if (type !== 'number' && type !== 'date') {
    throw new QueryError(path, `"${name}" is not a number or a date: sum, avg, min and max need one`);
  }
  return field;
}

async function metric(
  env: QueryEnv,
  sel: Selection,
  fn: string,
  name: string,
  api: CoreDialect,
): Promise<number | null> {
  const field = numericField(env, sel, name, api, `stats._field`);
  const inner = statement(env, sel, 't0', { n: 0 }, sql`${scalarExpr(field, 't0', env.dialect)} AS v`);
  const f = sql.raw(fn.toUpperCase());
  const { rows } = await sql<{ v: unknown }>`SELECT ${f}(c.v) AS v FROM (${inner}) c`.execute(env.db);
  const v = toNumber(rows[0]?.v);
  return fn === 'sum' ? (v ?? 0) : v;
}

/** Renders a stored value as a JSON object key / bucket term. */
function termOf(type: string, v: unknown): string {
  if (type === 'boolean') return Number(v) === 1 ? 'true' : 'false';
  return String(v);
}

function termValue(type: string, key: string): Scalar {
  if (type === 'boolean') return key === 'true';
  if (type === 'number' || type === 'date' || type === 'id') return Number(key);
  return key;
}

async function terms(
  env: QueryEnv,
  sel: Selection,
  agg: TermsAggregation,
  opts: AggregateOptions,
): Promise<JsonObject> {
  const field = resolveField(sel.entity, agg.field, opts.api, env.customFields, 'stats._field');
  const type = valueTypeOf(field);
  const aliases = { n: 0 };
  let grouped: RawBuilder<unknown>;
  if (field.kind === 'tags') {
    const ids = statement(env, sel, 't0', aliases, sql.ref('t0.id'));
    grouped = sql`SELECT et.tag AS k, count(*) AS n FROM entity_tag et WHERE et.entity_type = ${field.def.entityType} AND et.entity_id IN (${ids}) GROUP BY et.tag`;
  } else {
    const inner = statement(env, sel, 't0', aliases, sql`${scalarExpr(field, 't0', env.dialect)} AS k`);
    grouped = sql`SELECT c.k AS k, count(*) AS n FROM (${inner}) c WHERE c.k IS NOT NULL GROUP BY c.k`;
  }
  const byField = agg.order.some((o) => o.by === 'field');
  const orderSql = byField
    ? sql`n DESC, k ASC`
    : sql.join(
        agg.order.map(
          (o) =>
            sql`${sql.raw(o.by === 'count' ? 'n' : 'k')} ${sql.raw(o.direction === 'asc' ? 'ASC' : 'DESC')}`,
        ),
      );
  const limit = byField ? MAX_TERMS_SCAN : agg.size;
  const { rows } = await sql<{
    k: unknown;
    n: unknown;
  }>`SELECT g.k AS k, g.n AS n FROM (${grouped}) g ORDER BY ${orderSql}, k ASC LIMIT ${limit}`.execute(
    env.db,
  );
  const buckets: Array<{ key: string; count: number; value: JsonObject }> = [];
  // Counts are already in the grouped rows: a breakdown of counts needs no statement per term.
  const countsOnly = agg.select.every((a) => a.kind === 'count' && !a.filter);
  for (const row of rows) {
    const key = termOf(type, row.k);
    if (countsOnly) {
      const count = toNumber(row.n) ?? 0;
      const value: JsonObject = {};
      for (const c of agg.select) value[(c as { name: string }).name] = count;
      buckets.push({ key, count, value });
      continue;
    }
    const bucketSel = withFilter(
      sel,
      { kind: 'compare', op: 'eq', field: agg.field, value: termValue(type, key) },
      opts.api,
    );
    buckets.push({
      key,
      count: toNumber(row.n) ?? 0,
      value: await aggregateAll(env, bucketSel, agg.select, opts),
    });
  }
  if (byField) {
    buckets.sort((a, b) => {
      for (const o of agg.order) {
        const x = o.by === 'count' ? a.count : o.by === 'term' ? a.key : (a.value[o.field] as Json);
        const y = o.by === 'count' ? b.count : o.by === 'term' ? b.key : (b.value[o.field] as Json);
        const c = compareJson(x, y);
        if (c !== 0) return o.direction === 'asc' ? c : -c;
      }
      return 0;
    });
  }
  const out: JsonObject = {};
  for (const b of buckets.slice(0, agg.size)) out[b.key] = b.value;
  return out;
}

function compareJson(x: Json | undefined, y: Json | undefined): number {
  if (x === y) return 0;
  if (x === undefined || x === null) return -1;
  if (y === undefined || y === null) return 1;
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  return String(x) < String(y) ? -1 : 1;
}

/** SQL for the bucket of a date expression: epoch ms for fixed units, a month/year index otherwise. */
function bucketExpr(env: QueryEnv, expr: RawBuilder<unknown>, interval: Interval): RawBuilder<unknown> {
  const { amount, unit } = interval;
  if (unit === 'month' || unit === 'year') {
    const pg = env.dialect === 'postgres';
    const year = pg
      ? sql`CAST(EXTRACT(YEAR FROM (to_timestamp(${expr} / 1000.0) AT TIME ZONE 'UTC')) AS INTEGER)`
      : sql`CAST(strftime('%Y', ${expr} / 1000, 'unixepoch') AS INTEGER)`;
    const month = pg
      ? sql`CAST(EXTRACT(MONTH FROM (to_timestamp(${expr} / 1000.0) AT TIME ZONE 'UTC')) AS INTEGER)`
      : sql`CAST(strftime('%m', ${expr} / 1000, 'unixepoch') AS INTEGER)`;
    const index = unit === 'year' ? sql`(${year} - 1970)` : sql`((${year} - 1970) * 12 + ${month} - 1)`;
    return sql`(${index} / ${sql.raw(String(amount))}) * ${sql.raw(String(amount))}`;
  }
  const width = amount * UNIT_MS[unit]!;
  const offset = unit === 'week' ? WEEK_OFFSET : 0;
  const shifted = offset ? sql`(${expr} - ${sql.raw(String(offset))})` : expr;
  // integer division rounds toward zero; dates before 1970 are not bucketed exactly
  return sql`((${shifted} / ${sql.raw(String(width))}) * ${sql.raw(String(width))} + ${sql.raw(String(offset))})`;
}

function bucketStart(interval: Interval, key: number): { start: number; end: number } {
  if (interval.unit === 'month') {
    return { start: Date.UTC(1970, key, 1), end: Date.UTC(1970, key + interval.amount, 1) };
  }
  if (interval.unit === 'year') {
    return { start: Date.UTC(1970 + key, 0, 1), end: Date.UTC(1970 + key + interval.amount, 0, 1) };
  }
  return { start: key, end: key + interval.amount * UNIT_MS[interval.unit]! };
}

async function time(
  env: QueryEnv,
  sel: Selection,
  agg: TimeAggregation,
  opts: AggregateOptions,
): Promise<JsonObject> {
  const field = resolveField(sel.entity, agg.field, opts.api, env.customFields, 'stats._fields');
  if (valueTypeOf(field) !== 'date')
    throw new QueryError('stats._fields', `"${agg.field}" is not a date field`);
  const out: JsonObject = {};
  const name = agg.name === 'datehistogram' ? undefined : agg.name;
  // The one-statement shapes check the bucket limit themselves.
  const fast = await timeInOneStatement(env, sel, agg, opts, field);
  if (fast) {
    for (const [key, value] of fast)
      out[String(bucketStart(agg.interval, key).start)] = { [agg.field]: value };
    return named(name, out);
  }
  const inner = statement(env, sel, 't0', { n: 0 }, sql`${scalarExpr(field, 't0', env.dialect)} AS d`);
  const bucketsOf = isCalendar(agg.interval)
    ? sql`SELECT ${dayBucket(env, agg.interval)} AS b FROM (SELECT ${dayOf(sql.ref('c.d'))} AS day FROM (${inner}) c WHERE c.d IS NOT NULL GROUP BY 1) g GROUP BY 1`
    : sql`SELECT ${bucketExpr(env, sql.ref('c.d'), agg.interval)} AS b FROM (${inner}) c WHERE c.d IS NOT NULL GROUP BY 1`;
  const { rows } = await sql<{
    b: unknown;
  }>`SELECT q.b AS b FROM (${bucketsOf}) q ORDER BY b LIMIT ${MAX_TIME_BUCKETS + 1}`.execute(env.db);
  if (rows.length > MAX_TIME_BUCKETS) {
    throw new QueryError(
      'stats._interval',
      `more than ${MAX_TIME_BUCKETS} time buckets (the limit): use a larger interval or a narrower query`,
    );
  }
  for (const row of rows) {
    const key = toNumber(row.b);
    if (key === null) continue;
    const { start, end } = bucketStart(agg.interval, key);
    const range: Filter = {
      kind: 'between',
      field: agg.field,
      from: coerce('date', start, agg.field),
      to: end,
    };
    const value = await aggregateAll(env, withFilter(sel, range, opts.api), agg.select, opts);
    out[String(start)] = { [agg.field]: value };
  }
  return named(name, out);
}

/**
 * The common dashboard shapes — a histogram whose buckets hold counts, metrics and at most one
 * field breakdown with counts — computed by one grouped statement instead of one statement per
 * bucket (and per term). Answers undefined for any other shape, which then takes the general path.
 */
async function timeInOneStatement(
  env: QueryEnv,
  sel: Selection,
  agg: TimeAggregation,
  opts: AggregateOptions,
  dateField: ResolvedField,
): Promise<Map<number, JsonObject> | undefined> {
  const counts = agg.select.filter((a) => a.kind === 'count');
  const metrics = agg.select.filter((a) => a.kind === 'metric');
  const termsAggs = agg.select.filter((a) => a.kind === 'terms');
  if (counts.length + metrics.length + termsAggs.length !== agg.select.length || termsAggs.length > 1)
    return undefined;
  if (agg.select.some((a) => a.filter)) return undefined;
  const termsAgg = termsAggs[0];
  let termField: ResolvedField | undefined;
  if (termsAgg) {
    if (termsAgg.select.some((a) => a.kind !== 'count' || a.filter)) return undefined;
    if (termsAgg.order.some((o) => o.by === 'field')) return undefined;
    termField = resolveField(sel.entity, termsAgg.field, opts.api, env.customFields, 'stats._field');
    if (termField.kind === 'tags') return undefined;
  }
  // With a field breakdown, metrics would need their own pass: leave that shape to the general path.
  if (termField && metrics.length > 0) return undefined;
  const metricFields = metrics.map((m) => numericField(env, sel, m.field, opts.api, 'stats._field'));
  const shape: RollupShape = {
    field: agg.field,
    interval: agg.interval,
    metrics,
    termsField: termsAgg?.field,
    api: opts.api,
  };
  const days = opts.rollups === false ? undefined : rollupAnswers(sel, shape);
  const rows =
    (days && (await rollupHistogramRows(env, shape, days))) ??
    (await histogramRows(env, sel, agg, dateField, metrics, metricFields, termField));
  const buckets = new Map<number, Array<Record<string, unknown>>>();
  for (const row of rows) {
    const key = toNumber(row.b);
    if (key === null) continue;
    const list = buckets.get(key) ?? [];
    list.push(row);
    buckets.set(key, list);
  }
  if (buckets.size > MAX_TIME_BUCKETS) {
    throw new QueryError(
      'stats._interval',
      `more than ${MAX_TIME_BUCKETS} time buckets (the limit): use a larger interval or a narrower query`,
    );
  }
  const out = new Map<number, JsonObject>();
  for (const key of [...buckets.keys()].sort((a, b) => a - b)) {
    const list = buckets.get(key)!;
    const total = list.reduce((acc, r) => acc + (toNumber(r.n) ?? 0), 0);
    const value: JsonObject = {};
    for (const c of counts) value[c.name] = total;
    if (metrics.length > 0) {
      // Without a field breakdown there is exactly one row per bucket.
      metrics.forEach((m, i) => {
        const v = toNumber(list[0]![`m${i}`]);
        value[m.name] = m.fn === 'sum' ? (v ?? 0) : v;
      });
    }
    if (termsAgg && termField) {
      const type = valueTypeOf(termField);
      const termRows = list.filter((r) => r.k !== null && r.k !== undefined);
      termRows.sort((x, y) => {
        for (const o of termsAgg.order) {
          const c =
            o.by === 'count'
              ? (toNumber(x.n) ?? 0) - (toNumber(y.n) ?? 0)
              : compareJson(x.k as Json, y.k as Json);
          if (c !== 0) return o.direction === 'asc' ? c : -c;
        }
        return compareJson(x.k as Json, y.k as Json);
      });
      const termsOut: JsonObject = {};
      for (const r of termRows.slice(0, termsAgg.size)) {
        const sub: JsonObject = {};
        for (const c of termsAgg.select) sub[(c as { name: string }).name] = toNumber(r.n) ?? 0;
        termsOut[termOf(type, r.k)] = sub;
      }
      deepMerge(value, named(termsAgg.name, termsOut));
    }
    out.set(key, value);
  }
  return out;
}

/** The grouped statement of the one-statement histogram: rows `{b, n, m0.., k}`. */
async function histogramRows(
  env: QueryEnv,
  sel: Selection,
  agg: TimeAggregation,
  dateField: ResolvedField,
  metrics: MetricAggregation[],
  metricFields: ResolvedField[],
  termField: ResolvedField | undefined,
): Promise<Array<Record<string, unknown>>> {
  const columns = [sql`${scalarExpr(dateField, 't0', env.dialect)} AS d`];
  for (const [i, f] of metricFields.entries()) {
    columns.push(sql`${scalarExpr(f, 't0', env.dialect)} AS ${sql.raw(`m${i}`)}`);
  }
  if (termField) columns.push(sql`${scalarExpr(termField, 't0', env.dialect)} AS k`);
  const inner = statement(env, sel, 't0', { n: 0 }, sql.join(columns));
  if (isCalendar(agg.interval)) return calendarHistogramRows(env, inner, agg.interval, metrics, !!termField);
  const bucket = bucketExpr(env, sql.ref('c.d'), agg.interval);
  const metricSql = metrics.map(
    (m, i) => sql`${sql.raw(m.fn.toUpperCase())}(c.${sql.raw(`m${i}`)}) AS ${sql.raw(`m${i}`)}`,
  );
  const select = sql.join([
    sql`${bucket} AS b`,
    sql`count(*) AS n`,
    ...metricSql,
    ...(termField ? [sql`c.k AS k`] : []),
  ]);
  const groupBy = termField ? sql`${bucket}, c.k` : bucket;
  const { rows } = await sql<
    Record<string, unknown>
  >`SELECT ${select} FROM (${inner}) c WHERE c.d IS NOT NULL GROUP BY ${groupBy}`.execute(env.db);
  return rows;
}

/**
 * Month and year histograms: the rows are grouped by UTC day first, which is integer arithmetic,
 * and the calendar (year and month of a date) is worked out once per day instead of once per row
 * (at 100k cases, 134 ms → ~30 ms on PostgreSQL). Metrics travel as partials per day: sums, counts
 * for averages, minima and maxima. Rows `{b, n, m0.., k}` as `histogramRows` gives.
 */
async function calendarHistogramRows(
  env: QueryEnv,
  inner: RawBuilder<unknown>,
  interval: Interval,
  metrics: MetricAggregation[],
  withTerm: boolean,
): Promise<Array<Record<string, unknown>>> {
  const daily = [sql`${dayOf(sql.ref('c.d'))} AS day`, sql`count(*) AS n`];
  const combined = [sql`${dayBucket(env, interval)} AS b`, sql`SUM(g.n) AS n`];
  for (const [i, m] of metrics.entries()) {
    const col = sql.raw(`m${i}`);
    const sum = sql.raw(`s${i}`);
    const cnt = sql.raw(`c${i}`);
    if (m.fn === 'avg') {
      daily.push(sql`SUM(c.${col}) AS ${sum}`, sql`COUNT(c.${col}) AS ${cnt}`);
      combined.push(sql`CAST(SUM(g.${sum}) AS DOUBLE PRECISION) / NULLIF(SUM(g.${cnt}), 0) AS ${col}`);
    } else {
      const fn = sql.raw(m.fn.toUpperCase());
      daily.push(sql`${fn}(c.${col}) AS ${col}`);
      // a sum of the days' sums, the least of their minima, the greatest of their maxima
      combined.push(sql`${fn}(g.${col}) AS ${col}`);
    }
  }
  if (withTerm) {
    daily.push(sql`c.k AS k`);
    combined.push(sql`g.k AS k`);
  }
  const { rows } = await sql<Record<string, unknown>>`SELECT ${sql.join(combined)} FROM (
    SELECT ${sql.join(daily)} FROM (${inner}) c WHERE c.d IS NOT NULL GROUP BY 1${withTerm ? sql`, c.k` : sql``}
  ) g GROUP BY 1${withTerm ? sql`, g.k` : sql``}`.execute(env.db);
  return rows;
}

/** The UTC day of an epoch-ms expression (dates are 1970 or later: integer division floors). */
function dayOf(expr: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`(${expr} / ${sql.raw(String(DAY_MS))})`;
}

/** The bucket of a day `g.day` (from dayOf). */
function dayBucket(env: QueryEnv, interval: Interval): RawBuilder<unknown> {
  return bucketExpr(env, sql`(g.day * ${sql.raw(String(DAY_MS))})`, interval);
}

const isCalendar = (interval: Interval): boolean => interval.unit === 'month' || interval.unit === 'year';

export { selectAll };
