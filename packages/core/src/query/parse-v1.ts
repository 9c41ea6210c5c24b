/**
 * v1 filters (TheHive 4 and 5, thehive4py 2.x): `parseV1Filter` reads a filter object, and
 * `parseV1FilterStep` reads a `/api/v1/query` pipeline step where the filter keys are merged
 * into the op object: `{"_name": "filter", "_eq": {"_field": "status", "_value": "New"}}`.
 */
import type { Filter } from './ast.js';
import { guard, makeContext, type ParseOptions } from './context.js';
import { parseFilterAt } from './filter-parser.js';
import { expectObject, keysOf } from './json.js';

export function parseV1Filter(json: unknown, opts?: ParseOptions): Filter {
  const path = opts?.path ?? 'query';
  return guard(path, () => parseFilterAt(makeContext('v1', opts), json, path, 1));
}

/** A filter step: `_name` is ignored, the other keys are one filter (several keys are AND-ed). */
export function parseV1FilterStep(step: unknown, opts?: ParseOptions): Filter {
  const path = opts?.path ?? 'query';
  return guard(path, () => {
    const obj = expectObject(step, path, 'a filter step object');
    const rest: Record<string, unknown> = Object.create(null);
    for (const key of keysOf(obj, path)) if (key !== '_name') rest[key] = obj[key];
    return parseFilterAt(makeContext('v1', opts), rest, path, 1);
  });
}
