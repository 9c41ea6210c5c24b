/**
 * Meaning of a value with `*` wildcards (`_like`, `_wildcard`, `field:val*` in `_string`):
 * `v*` → startsWith, `*v` → endsWith, `*v*` → contains, no star → equality (or contains,
 * see ParseOptions.plainLike), a star inside (`a*b`) → a bounded wildcard pattern.
 */
import type { Filter } from './ast.js';
import type { Ctx } from './context.js';
import { QueryError } from './errors.js';

export function starFilter(
  ctx: Ctx,
  field: string,
  raw: string,
  path: string,
  plain: 'eq' | 'contains',
): Filter {
  const value = raw.replace(/\*{2,}/g, '*');
  let stars = 0;
  for (const ch of value) if (ch === '*') stars++;
  if (stars > ctx.limits.maxPatternStars) {
    throw new QueryError(path, `${stars} wildcards (*) exceed the limit of ${ctx.limits.maxPatternStars}`);
  }
  if (stars === 0) {
    return plain === 'eq'
      ? { kind: 'compare', op: 'eq', field, value }
      : { kind: 'text', op: 'contains', field, value };
  }
  const leading = value.startsWith('*');
  const trailing = value.endsWith('*');
  const inner = value.slice(leading ? 1 : 0, trailing ? Math.max(value.length - 1, 1) : value.length);
  if (inner.includes('*')) return { kind: 'wildcard', field, pattern: value };
  if (leading && trailing) return { kind: 'text', op: 'contains', field, value: inner };
  if (leading) return { kind: 'text', op: 'endsWith', field, value: inner };
  return { kind: 'text', op: 'startsWith', field, value: inner };
}
