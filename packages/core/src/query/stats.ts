/**
 * v0 statistics bodies: `POST /api/<entity>/_stats` `{"query": ..., "stats": [aggs]}` and the
 * multi-model `POST /api/_stats` `{"query"?: ..., "stats": [{"model": "case", "query"?: ...,
 * "stats": [aggs]}]}` whose results the server deep-merges.
 */

import { type Aggregation, readAggregations } from './aggregation.js';
import type { Filter } from './ast.js';
import { type Ctx, guard, makeContext, type ParseOptions } from './context.js';
import { QueryError } from './errors.js';
import { readTypeName } from './fields.js';
import { parseFilterAt } from './filter-parser.js';
import { childPath, expectArray, expectObject, get, type JsonObject, keysOf } from './json.js';

export interface StatsRequest {
  filter: Filter;
  aggregations: Aggregation[];
}

export interface ModelStats extends StatsRequest {
  /** The v0 model name as sent (`case`, `case_task`, `alert`...); the server maps it. */
  model: string;
}

export interface MultiStatsRequest {
  /** Applies to every model, AND-ed with the model's own filter. */
  filter: Filter;
  models: ModelStats[];
}

export function parseV0StatsBody(body: unknown, opts?: ParseOptions): StatsRequest {
  const path = opts?.path ?? '';
  return guard(path, () => {
    const ctx = makeContext('v0', opts);
    const obj = expectObject(body, path || 'body', 'a stats body {"query": ..., "stats": [...]}');
    keysOf(obj, path);
    return readStats(ctx, obj, path);
  });
}

export function parseV0MultiStatsBody(body: unknown, opts?: ParseOptions): MultiStatsRequest {
  const path = opts?.path ?? '';
  return guard(path, () => {
    const ctx = makeContext('v0', opts);
    const obj = expectObject(
      body,
      path || 'body',
      'a stats body {"stats": [{"model": ..., "stats": [...]}]}',
    );
    keysOf(obj, path);
    const filter = readFilter(ctx, obj, path);
    const statsPath = childPath(path, 'stats');
    if (get(obj, 'stats') === undefined) throw new QueryError(path, 'Parameter "stats" is missing');
    const models = expectArray(
      get(obj, 'stats'),
      statsPath,
      'an array of {"model": ..., "stats": [...]}',
    ).map((item, i) => {
      const itemPath = childPath(statsPath, i);
      const entry = expectObject(item, itemPath, 'an object {"model": ..., "stats": [...]}');
      keysOf(entry, itemPath);
      if (get(entry, 'model') === undefined) throw new QueryError(itemPath, 'missing "model"');
      const model = readTypeName(ctx, get(entry, 'model'), childPath(itemPath, 'model'));
      return { model, ...readStats(ctx, entry, itemPath) };
    });
    return { filter, models };
  });
}

function readStats(ctx: Ctx, obj: JsonObject, path: string): StatsRequest {
  const filter = readFilter(ctx, obj, path);
  const stats = get(obj, 'stats');
  if (stats === undefined || stats === null) throw new QueryError(path, 'Parameter "stats" is missing');
  return { filter, aggregations: readAggregations(ctx, stats, childPath(path, 'stats'), 1) };
}

function readFilter(ctx: Ctx, obj: JsonObject, path: string): Filter {
  const query = get(obj, 'query');
  if (query === undefined || query === null) return { kind: 'any' };
  return parseFilterAt(ctx, query, childPath(path, 'query'), 1);
}
