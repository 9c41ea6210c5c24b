/**
 * Field names → SQL: folds dialect aliases (core `normalizeField`), then looks the name up in the
 * entity's v0/v1 map, then handles `_id`, `customFields.<name>[.<type>]` and `tags`. An unknown
 * field is a 400 naming it and listing the fields of the entity.
 */
import { normalizeField, QueryError } from '@propolis/core';
import { sql } from 'kysely';
import type { ColumnField, CoreDialect, EntityDef, TagsField, ValueType } from './types.js';

export interface CustomFieldInfo {
  id: number;
  type: string;
}

export type ResolvedField =
  | { kind: 'value'; name: string; def: ColumnField }
  | { kind: 'tags'; name: string; def: TagsField }
  | { kind: 'id'; name: string }
  | {
      kind: 'custom';
      name: string;
      entityType: string;
      fieldId: number;
      type: ValueType;
      column: 'string_value' | 'number_value' | 'boolean_value' | 'date_value';
    };

const CF_TYPE_SUFFIXES = new Set(['string', 'number', 'integer', 'float', 'boolean', 'date', 'url', 'value']);

function customColumn(type: string): {
  type: ValueType;
  column: Extract<ResolvedField, { kind: 'custom' }>['column'];
} {
  switch (type) {
    case 'integer':
    case 'float':
      return { type: 'number', column: 'number_value' };
    case 'boolean':
      return { type: 'boolean', column: 'boolean_value' };
    case 'date':
      return { type: 'date', column: 'date_value' };
    default:
      return { type: 'string', column: 'string_value' };
  }
}

/** The field names an entity accepts in `dialect` (for error messages and docs). */
export function allowedFields(def: EntityDef, dialect: CoreDialect): string[] {
  const names = new Set<string>(['_id', ...Object.keys(def.fields)]);
  for (const n of Object.keys((dialect === 'v0' ? def.v0Fields : def.v1Fields) ?? {})) names.add(n);
  if (dialect === 'v0') {
    for (const n of ['_createdAt', '_createdBy', '_updatedAt', '_updatedBy'])
      if (names.delete(n)) names.add(n.slice(1));
  }
  // `$` names are internal (targets of rewrites), not API fields
  const out = [...names].filter((n) => !n.startsWith('$')).sort();
  if (def.customFields) out.push('customFields.<name>');
  return out;
}

export function resolveField(
  def: EntityDef,
  raw: string,
  dialect: CoreDialect,
  customFields: ReadonlyMap<string, CustomFieldInfo>,
  path = 'query',
): ResolvedField {
  const name = normalizeField(raw, dialect);
  const local = dialect === 'v0' ? def.v0Fields : def.v1Fields;
  const found =
    (local && Object.hasOwn(local, name) ? local[name] : undefined) ??
    (Object.hasOwn(def.fields, name) ? def.fields[name] : undefined);
  if (found)
    return found.kind === 'tags' ? { kind: 'tags', name, def: found } : { kind: 'value', name, def: found };
  if (name === '_id' || (dialect === 'v0' && name === 'id')) return { kind: 'id', name };
  if (def.customFields && name.startsWith('customFields.')) {
    const parts = name.split('.');
    if (parts.length === 2 || (parts.length === 3 && CF_TYPE_SUFFIXES.has(parts[2]!))) {
      const info = customFields.get(parts[1]!);
      if (!info) {
        throw new QueryError(
          path,
          `unknown custom field "${parts[1]}"; defined: ${[...customFields.keys()].sort().join(', ') || '(none)'}`,
        );
      }
      return {
        kind: 'custom',
        name,
        entityType: def.customFields,
        fieldId: info.id,
        ...customColumn(info.type),
      };
    }
  }
  throw new QueryError(
    path,
    `unknown field "${raw}" for ${def.name}; allowed: ${allowedFields(def, dialect).join(', ')}`,
  );
}

/** A scalar SQL expression of a resolved field (for sort, terms, metrics); tags have none. */
export function scalarExpr(field: ResolvedField, t: string, dialect: 'sqlite' | 'postgres') {
  switch (field.kind) {
    case 'value':
      return field.def.expr(t, dialect);
    case 'id':
      return sql.ref(`${t}.id`);
    case 'custom':
      return sql`(SELECT ${sql.ref(`cfv.${field.column}`)} FROM custom_field_value cfv WHERE cfv.entity_type = ${field.entityType} AND cfv.entity_id = ${sql.ref(`${t}.id`)} AND cfv.field_id = ${field.fieldId} ORDER BY ${sql.ref('cfv.order')} LIMIT 1)`;
    case 'tags':
      throw new QueryError(
        '',
        `"${field.name}" has several values: it cannot be sorted or aggregated this way`,
      );
  }
}

export function valueTypeOf(field: ResolvedField): ValueType | 'id' | 'tags' {
  switch (field.kind) {
    case 'value':
      return field.def.type;
    case 'custom':
      return field.type;
    case 'id':
      return 'id';
    case 'tags':
      return 'tags';
  }
}
