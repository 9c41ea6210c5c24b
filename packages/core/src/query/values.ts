/**
 * Filter values: scalars (string, finite number within ±2^53, boolean, null) and, where a
 * date can be compared, TheHive 5 relative dates resolved against the parse's "now".
 */
import type { Scalar } from './ast.js';
import type { Ctx } from './context.js';
import { QueryError } from './errors.js';
import { describe, isObject, readString } from './json.js';
import { isRelativeDate, parseRelativeDate, resolveRelativeDate } from './relative-date.js';

export function readScalar(ctx: Ctx, value: unknown, path: string): Scalar {
  switch (typeof value) {
    case 'string':
      return readString(ctx, value, path);
    case 'number':
      if (!Number.isFinite(value)) throw new QueryError(path, `${value} is not a valid number`);
      if (Math.abs(value) > Number.MAX_SAFE_INTEGER) {
        throw new QueryError(path, `the number ${value} is out of range (±${Number.MAX_SAFE_INTEGER})`);
      }
      return value === 0 ? 0 : value;
    case 'boolean':
      return value;
    default:
      if (value === null) return null;
      if (Array.isArray(value)) {
        throw new QueryError(path, 'expected a single value, got an array (use _in for several values)');
      }
      throw new QueryError(path, `expected a string, number, boolean or null, got ${describe(value)}`);
  }
}

/** A scalar, or a relative date object resolved to epoch ms. */
export function readValue(ctx: Ctx, value: unknown, path: string): Scalar {
  if (isObject(value) && isRelativeDate(value)) {
    return resolveRelativeDate(parseRelativeDate(value, path), ctx.now(path), path);
  }
  return readScalar(ctx, value, path);
}

/** A value that can be ordered: a relative date or a non-null scalar. */
export function readOrderedValue(ctx: Ctx, value: unknown, path: string): Exclude<Scalar, null> {
  const scalar = readValue(ctx, value, path);
  if (scalar === null) throw new QueryError(path, 'null cannot be used with an ordering operator');
  return scalar;
}
