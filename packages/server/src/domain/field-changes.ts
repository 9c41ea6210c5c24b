/**
 * The columns an update writes and what its audit row records, read from the fields an input gives
 * through a table of rules (input field → column, check). The update commands of cases, tasks,
 * alerts, dashboards and saved views state their fields this way; what a field needs beyond one
 * check (the alert's key, a status transition, an assignee looked up) stays in the command.
 */
import type { Updateable } from 'kysely';

/** How one input field becomes a column change. */
export interface FieldRule<V, T> {
  column: keyof T & string;
  /** The value written from the value given (checked, normalised); the value itself by default. */
  check?: (value: V) => unknown;
  /**
   * What the audit details record under the field's name: the value written (default), the value
   * given (`given`: a boolean written as 0/1) or only that it changed (`changed`: long JSON).
   */
  audit?: 'written' | 'given' | 'changed';
  /** The name the audit details give it; the input field's name by default. */
  auditName?: string;
}

/** The rules of an input's fields; a field with no rule is not a column change. */
export type FieldRules<I, T> = { [K in keyof I]?: FieldRule<Exclude<I[K], undefined>, T> };

/** A boolean input field written as 0/1 into `column`, audited as given. */
export const bitColumn = <T>(column: keyof T & string): FieldRule<boolean, T> => ({
  column,
  check: (value) => (value ? 1 : 0),
  audit: 'given',
});

/** The column changes of the fields `input` gives (in the rules' order) and their audit details. */
export function fieldChanges<I extends object, T>(
  input: I,
  rules: FieldRules<I, T>,
): { set: Updateable<T>; details: Record<string, unknown> } {
  const set: Record<string, unknown> = {};
  const details: Record<string, unknown> = {};
  for (const [field, rule] of Object.entries(rules) as [keyof I & string, FieldRule<unknown, T>][]) {
    const value = input[field];
    if (value === undefined) continue;
    const written = rule.check ? rule.check(value) : value;
    set[rule.column] = written;
    details[rule.auditName ?? field] =
      rule.audit === 'given' ? value : rule.audit === 'changed' ? '<changed>' : written;
  }
  return { set: set as Updateable<T>, details };
}
