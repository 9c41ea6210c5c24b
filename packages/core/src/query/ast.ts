/**
 * The one filter AST of Propolis. Every query dialect (v0 `_search` bodies, v1 `/api/v1/query`
 * filter steps, `_string` query strings, dashboard and stats queries) parses into `Filter`,
 * and one compiler turns it into SQL. Field names are kept as the client gave them
 * (dotted paths such as `customFields.cvss.number`); mapping them to columns is the
 * compiler's job, per entity (see `normalizeField` in fields.ts for the v0 aliases).
 */

/** A value a field is compared with. Dates are epoch milliseconds (relative dates are resolved). */
export type Scalar = string | number | boolean | null;

export type CompareOp = 'eq' | 'ne' | 'lt' | 'gt' | 'lte' | 'gte';
export type TextOp = 'startsWith' | 'endsWith' | 'contains';

/** Matches everything (`{}`, `{"_any":...}`, `*` in a query string). */
export interface AnyFilter {
  kind: 'any';
}
/** All sub-filters match. An empty list matches everything. */
export interface AndFilter {
  kind: 'and';
  filters: Filter[];
}
/** At least one sub-filter matches. An empty list matches nothing (TheHive 4 semantics). */
export interface OrFilter {
  kind: 'or';
  filters: Filter[];
}
/** The sub-filter does not match. */
export interface NotFilter {
  kind: 'not';
  filter: Filter;
}
/**
 * `field <op> value`. On a multi-valued field (`tags`) `eq` means "one of the values equals".
 * `eq`/`ne` with `null` mean "is absent" / "is present"; ordering ops never carry `null`.
 */
export interface CompareFilter {
  kind: 'compare';
  op: CompareOp;
  field: string;
  value: Scalar;
}
/** `from <= field < to` (TheHive 4/5 semantics: from inclusive, to exclusive). Never null bounds. */
export interface BetweenFilter {
  kind: 'between';
  field: string;
  from: Scalar;
  to: Scalar;
}
/** The field equals one of the values. An empty list matches nothing. */
export interface InFilter {
  kind: 'in';
  field: string;
  values: Scalar[];
}
/** String prefix / suffix / substring test (case handling is the compiler's choice). */
export interface TextFilter {
  kind: 'text';
  op: TextOp;
  field: string;
  value: string;
}
/**
 * Glob match where `*` is any run of characters and every other character is literal.
 * Runs of `*` are collapsed and the number of `*` is bounded (`maxPatternStars`).
 * Only produced when a star sits inside the value (`a*b`); edge stars become `text`.
 */
export interface WildcardFilter {
  kind: 'wildcard';
  field: string;
  pattern: string;
}
/** Full-text word match on one field (`_match`, TheHive 5). */
export interface MatchFilter {
  kind: 'match';
  field: string;
  value: string;
}
/** Full-text match of a word or a phrase on any text field (bare words of `_string`). */
export interface FulltextFilter {
  kind: 'fulltext';
  value: string;
}
/** The field is present: not null and, for lists and strings, not empty (`_has`, `_contains`). */
export interface HasFilter {
  kind: 'has';
  field: string;
}
/** The entity id is one of `ids` (ids are opaque strings such as `~123`). */
export interface IdFilter {
  kind: 'id';
  ids: string[];
}
/** v0 only: the entity's parent of type `type` (`case`, `case_task`, `alert`...) matches `filter`. */
export interface ParentFilter {
  kind: 'parent';
  type: string;
  filter: Filter;
}
/** v0 only: at least one child of type `type` (`case_task`, `case_artifact`...) matches `filter`. */
export interface ChildFilter {
  kind: 'child';
  type: string;
  filter: Filter;
}
/** v0 only: the entity is of type `type` (used by the global `/api/_search`). */
export interface TypeFilter {
  kind: 'type';
  type: string;
}

export type Filter =
  | AnyFilter
  | AndFilter
  | OrFilter
  | NotFilter
  | CompareFilter
  | BetweenFilter
  | InFilter
  | TextFilter
  | WildcardFilter
  | MatchFilter
  | FulltextFilter
  | HasFilter
  | IdFilter
  | ParentFilter
  | ChildFilter
  | TypeFilter;

export type FilterKind = Filter['kind'];

/** The literal parts of a wildcard pattern: `a*b*c` → `['a', 'b', 'c']`, `*a*` → `['', 'a', '']`. */
export function wildcardParts(pattern: string): string[] {
  return pattern.split('*');
}
