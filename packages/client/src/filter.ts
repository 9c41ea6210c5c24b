/**
 * A builder of the v1 query language's filters (what `/api/v1/query` accepts in a `filter` step):
 * `like('title', 'Dridex*')` is `{"_like": {"_field": "title", "_value": "Dridex*"}}`. Combine with
 * `and`, `or`, `not`. The server parses these into its filter AST (packages/core/src/query).
 */

/** A filter of the v1 query language. */
export type Filter = { readonly [operator: string]: unknown };

type Scalar = string | number | boolean | null;

const fieldValue = (op: string) => (field: string, value: Scalar) =>
  ({ [op]: { _field: field, _value: value } }) as Filter;

/** `field` equals `value`. */
export const eq = fieldValue('_eq');
/** `field` differs from `value`. */
export const ne = fieldValue('_ne');
/** `field` is lower than `value`. */
export const lt = fieldValue('_lt');
/** `field` is lower than or equal to `value`. */
export const lte = fieldValue('_lte');
/** `field` is greater than `value`. */
export const gt = fieldValue('_gt');
/** `field` is greater than or equal to `value`. */
export const gte = fieldValue('_gte');

/** `from <= field < to` (dates as epoch milliseconds). */
export const between = (field: string, from: number | string, to: number | string): Filter => ({
  _between: { _field: field, _from: from, _to: to },
});

/** `field` is one of `values`. */
export const inValues = (field: string, values: readonly Scalar[]): Filter => ({
  _in: { _field: field, _values: [...values] },
});

/** `field` matches a pattern where `*` stands for any text (`Dridex*`); without `*`, contains it. */
export const like = (field: string, pattern: string): Filter => ({
  _like: { _field: field, _value: pattern },
});
/** The text of `field` starts with `prefix`. */
export const startsWith = (field: string, prefix: string): Filter => ({
  _startsWith: { _field: field, _value: prefix },
});
/** The text of `field` ends with `suffix`. */
export const endsWith = (field: string, suffix: string): Filter => ({
  _endsWith: { _field: field, _value: suffix },
});
/** Full-text match of the words of `text` in `field`. */
export const match = (field: string, text: string): Filter => ({ _match: { _field: field, _value: text } });
/** `field` contains `value` (an element of a list field, such as a tag). */
export const contains = (field: string, value: Scalar): Filter => ({
  _contains: { _field: field, _value: value },
});
/** `field` is set (TheHive's `_has`, also spelled `_contains`). A list field such as `tags` matches
 * an element with `eq('tags', 'phishing')`. */
export const has = (field: string): Filter => ({ _has: field });
/** The objects with these ids. */
export const id = (...ids: string[]): Filter => ({ _id: ids.length === 1 ? ids[0] : ids });
/** Every object. */
export const any = (): Filter => ({ _any: {} });

/** All of the filters (skips undefined ones; one filter is returned as is). */
export function and(...filters: Array<Filter | undefined>): Filter {
  const list = filters.filter((f): f is Filter => f !== undefined);
  return list.length === 1 ? list[0]! : { _and: list };
}
/** At least one of the filters (skips undefined ones). */
export function or(...filters: Array<Filter | undefined>): Filter {
  const list = filters.filter((f): f is Filter => f !== undefined);
  return list.length === 1 ? list[0]! : { _or: list };
}
/** Not the filter. */
export const not = (filter: Filter): Filter => ({ _not: filter });

/** Every operator in one object: `F.and(F.eq('status', 'New'), F.in('severity', [3, 4]))`. */
export const F = {
  eq,
  ne,
  lt,
  lte,
  gt,
  gte,
  between,
  in: inValues,
  like,
  startsWith,
  endsWith,
  match,
  has,
  id,
  any,
  and,
  or,
  not,
} as const;
