/**
 * Building blocks for entity definitions: column fields, meta fields, computed durations, tags.
 */
import type { Filter, Scalar } from '@propolis/core';
import { sql } from 'kysely';
import type { ColumnField, FieldDef, ValueType } from './types.js';

/** A field that is one column of the entity's table. */
export function column(
  name: string,
  type: ValueType,
  options: Omit<ColumnField, 'kind' | 'type' | 'expr'> = {},
): ColumnField {
  return { kind: 'value', type, expr: (t) => sql.ref(`${t}.${name}`), ...options };
}

/** The meta fields every audited table has (`_createdAt`...; v0 aliases are folded by core's normalizeField). */
export const metaFields = (): Record<string, FieldDef> => ({
  _createdAt: column('created_at', 'date'),
  _createdBy: column('created_by', 'string'),
  _updatedAt: column('updated_at', 'date', { nullable: true }),
  _updatedBy: column('updated_by', 'string', { nullable: true }),
});

const DURATION_UNITS: Record<string, number> = {
  handlingDuration: 1,
  handlingDurationInSeconds: 1000,
  handlingDurationInMinutes: 60_000,
  handlingDurationInHours: 3_600_000,
  handlingDurationInDays: 86_400_000,
};

/**
 * `handlingDuration[InSeconds|InMinutes|InHours|InDays]` from an expression of the duration in
 * ms: the value itself, or whole units (integer division, as TheHive computes them). NULL while
 * the entity is open.
 */
export function handlingDurations(durationMs: ColumnField['expr']): Record<string, FieldDef> {
  const out: Record<string, FieldDef> = {};
  for (const [name, unit] of Object.entries(DURATION_UNITS)) {
    out[name] = {
      kind: 'value',
      type: 'number',
      nullable: true,
      expr: (t, dialect) =>
        unit === 1 ? durationMs(t, dialect) : sql`(${durationMs(t, dialect)} / ${sql.raw(String(unit))})`,
    };
  }
  return out;
}

/**
 * A v0 status computed from stored columns by `expr`; filters on it are rewritten by `is` into
 * filters on those columns, so that their indexes serve v0 searches.
 */
export function derivedStatus(expr: ColumnField['expr'], is: (value: Scalar) => Filter): ColumnField {
  return {
    kind: 'value',
    type: 'string',
    expr,
    rewrite: (f) => {
      if (f.kind === 'compare' && f.value !== null && (f.op === 'eq' || f.op === 'ne')) {
        const match = is(f.value);
        return f.op === 'eq' ? match : { kind: 'not', filter: match };
      }
      if (f.kind === 'in') return { kind: 'or', filters: f.values.map(is) };
      return undefined;
    },
  };
}

/** A v0 TLP field: internal TLP 0–4 shown on TheHive 3's 0–3 scale (`tlpToV0`). */
export function tlpV0(name: string): ColumnField {
  return {
    kind: 'value',
    type: 'number',
    expr: (t) => {
      const c = sql.ref(`${t}.${name}`);
      return sql`(CASE WHEN ${c} >= 4 THEN 3 WHEN ${c} = 3 THEN 2 ELSE ${c} END)`;
    },
  };
}

/**
 * A field of the entity's children read through the parent (TheHive 3's alert `artifacts.data`):
 * a filter on it matches the rows that have at least one `child` whose `childField` matches.
 * Filter only: it has no single value to sort or aggregate on.
 */
export function childValue(child: string, childField: string, type: ValueType = 'string'): ColumnField {
  return {
    kind: 'value',
    type,
    nullable: true,
    noSort: true,
    expr: () => sql`NULL`,
    rewrite: (f) =>
      'field' in f && typeof f.field === 'string'
        ? ({ kind: 'child', type: child, filter: { ...f, field: childField } } as Filter)
        : undefined,
  };
}
