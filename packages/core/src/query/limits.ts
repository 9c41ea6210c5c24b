/**
 * Bounds on hostile input. Every parser counts what it reads against these limits and
 * throws a QueryError naming the limit when one is exceeded, so a request can never make
 * the parser (or the SQL it leads to) unboundedly large, deep or slow.
 */

export interface QueryLimits {
  /** Nesting depth of filters (`_and`/`_or`/`_not`/`_parent`/`_child`, parentheses in `_string`). */
  maxDepth: number;
  /** Values in one `_in` or `_id` list (also extraData names in a page). */
  maxInValues: number;
  /** Filter nodes, list values, aggregations and sort keys in one parse call, all together. */
  maxNodes: number;
  /** Length of any string value, including a whole `_string` query. */
  maxStringLength: number;
  /** Length of a field name (a dotted path) or of an entity type name. */
  maxFieldLength: number;
  /** `*` in one wildcard pattern (after collapsing runs of `*`). */
  maxPatternStars: number;
  /** Items one page may ask for (v1 `to - from`, v0 `range` end - start). */
  maxPageSize: number;
  /** Nesting depth of aggregations through `_select`. */
  maxAggDepth: number;
  /** `_size` of a terms (`field`) or `top` aggregation. */
  maxTermsSize: number;
  /** Keys in one sort specification. */
  maxSortFields: number;
}

export const DEFAULT_LIMITS: Readonly<QueryLimits> = Object.freeze({
  maxDepth: 32,
  maxInValues: 1000,
  maxNodes: 2000,
  maxStringLength: 4096,
  maxFieldLength: 256,
  maxPatternStars: 4,
  maxPageSize: 10000,
  maxAggDepth: 5,
  maxTermsSize: 1000,
  maxSortFields: 32,
});

/** Defaults overridden by the given limits; a non-positive or non-integer override is ignored. */
export function resolveLimits(overrides?: Partial<QueryLimits>): QueryLimits {
  const limits: QueryLimits = { ...DEFAULT_LIMITS };
  if (overrides) {
    for (const key of Object.keys(DEFAULT_LIMITS) as Array<keyof QueryLimits>) {
      const value = overrides[key];
      if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) limits[key] = value;
    }
  }
  return limits;
}
