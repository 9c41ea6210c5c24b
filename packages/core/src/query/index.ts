/**
 * The query language of Propolis: one filter AST (ast.ts), parsers for every dialect
 * TheHive clients send (v0 `_search`/`_stats` bodies, `_string`, v1 `/api/v1/query` steps,
 * TheHive 5 relative dates), sorting, paging and aggregations. Pure: no I/O, no database.
 * Every parser throws QueryError (a 400 BadRequest) and nothing else.
 */

export type {
  Aggregation,
  CategoryAggregation,
  CountAggregation,
  Interval,
  IntervalUnit,
  MetricAggregation,
  MetricFunction,
  TermsAggregation,
  TermsOrder,
  TimeAggregation,
  TopAggregation,
} from './aggregation.js';
export { AGGREGATION_KINDS, parseAggregation, parseV1AggregationStep } from './aggregation.js';
export type {
  AndFilter,
  AnyFilter,
  BetweenFilter,
  ChildFilter,
  CompareFilter,
  CompareOp,
  Filter,
  FilterKind,
  FulltextFilter,
  HasFilter,
  IdFilter,
  InFilter,
  MatchFilter,
  NotFilter,
  OrFilter,
  ParentFilter,
  Scalar,
  TextFilter,
  TextOp,
  TypeFilter,
  WildcardFilter,
} from './ast.js';
export { wildcardParts } from './ast.js';
export type { Dialect, ParseOptions } from './context.js';
export { QueryError } from './errors.js';
export { matchesFilter, sortObjects } from './evaluate.js';
export { normalizeField } from './fields.js';
export { COMMON_OPERATORS, supportedOperators, V0_ONLY_OPERATORS } from './filter-parser.js';
export { DEFAULT_LIMITS, type QueryLimits, resolveLimits } from './limits.js';
export { DEFAULT_V0_RANGE, type Page, parseV0Range, parseV1Page } from './page.js';
export { parseV0Query } from './parse-v0.js';
export { parseV1Filter, parseV1FilterStep } from './parse-v1.js';
export { QUERY_STRING_SYNTAX } from './query-string.js';
export {
  isRelativeDate,
  parseRelativeDate,
  type RelativeDate,
  type RelativeUnit,
  resolveRelativeDate,
} from './relative-date.js';
export { parseV0Sort, parseV1Sort, type SortDirection, type SortField } from './sort.js';
export {
  type ModelStats,
  type MultiStatsRequest,
  parseV0MultiStatsBody,
  parseV0StatsBody,
  type StatsRequest,
} from './stats.js';
