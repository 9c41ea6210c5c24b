/**
 * The compiler from the core Filter AST to a SQL boolean expression over one entity (aliased).
 * Every value is a bound parameter; identifiers come from the registry only. Each leaf is
 * two-valued (never NULL) so that `_not` means what TheHive and core's matchesFilter mean:
 * `_ne` and `_not` match rows where the field is absent.
 */
import { type Filter, QueryError, type Scalar } from '@propolis/core';
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Scope } from '../db/scope.js';
import { tableVisible } from '../db/visibility.js';
import { freeWords, matchField } from './fulltext.js';
import { type ListedTag, tagListCondition } from './narrow-tag.js';
import { childrenOf, entity as entityNamed } from './registry.js';
import { type CustomFieldInfo, type ResolvedField, resolveField, scalarExpr } from './resolve-field.js';
import type { CoreDialect, EntityDef, SqlDialect, ValueType } from './types.js';

export interface CompileContext {
  dialect: SqlDialect;
  /** The API dialect the field names come from. */
  api: CoreDialect;
  scope: Scope;
  customFields: ReadonlyMap<string, CustomFieldInfo>;
  /** Alias counter shared by every subquery of one statement. */
  aliases: { n: number };
  /**
   * A tag equality of the filter compiled otherwise (query/narrow-tag.ts): as the list of the tag's
   * rows (`list`), or left out (`any`: the rest of the filter, to size it).
   */
  listedTag?: ListedTag;
}

type Bool = RawBuilder<SqlBool>;
export const TRUE: Bool = sql<SqlBool>`1 = 1`;
export const FALSE: Bool = sql<SqlBool>`1 = 0`;

export function nextAlias(ctx: CompileContext): string {
  ctx.aliases.n += 1;
  return `t${ctx.aliases.n}`;
}

export const and = (parts: Bool[]): Bool =>
  parts.length === 0 ? TRUE : parts.length === 1 ? parts[0]! : sql<SqlBool>`(${sql.join(parts, sql` AND `)})`;
export const or = (parts: Bool[]): Bool =>
  parts.length === 0 ? FALSE : parts.length === 1 ? parts[0]! : sql<SqlBool>`(${sql.join(parts, sql` OR `)})`;

/** The organisation condition of an entity's rows. */
export function scopeCondition(def: EntityDef, t: string, scope: Scope, dialect?: SqlDialect): Bool {
  return def.scope === 'organisation' ? tableVisible(def.table, scope, t, dialect) : TRUE;
}

/** Reads an id as the API shows it (`~123`; v0 clients may send the bare number). */
export function parseIdValue(value: Scalar): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const m = /^~?(\d{1,15})$/.exec(value.trim());
  return m ? Number(m[1]) : undefined;
}

/** Converts a request value to the stored representation of a field type, or throws a 400. */
export function coerce(type: ValueType | 'id', value: Scalar, field: string): Scalar {
  if (value === null) return null;
  switch (type) {
    case 'string':
      return String(value);
    case 'number':
    case 'date': {
      if (typeof value === 'number') return value;
      if (typeof value === 'string') {
        const text = value.trim();
        if (/^-?\d+(\.\d+)?$/.test(text) && text.length <= 20) return Number(text);
        if (type === 'date') {
          const ms = Date.parse(text);
          if (Number.isFinite(ms)) return ms;
        }
      }
      if (typeof value === 'boolean' && type === 'number') return value ? 1 : 0;
      throw new QueryError(
        'query',
        `the field "${field}" is a ${type}: ${JSON.stringify(value)} cannot be compared with it`,
      );
    }
    case 'boolean': {
      if (value === true || value === 1 || value === 'true' || value === '1') return 1;
      if (value === false || value === 0 || value === 'false' || value === '0') return 0;
      throw new QueryError(
        'query',
        `the field "${field}" is a boolean: expected true or false, got ${JSON.stringify(value)}`,
      );
    }
    case 'id': {
      const id = parseIdValue(value);
      return id === undefined ? -1 : id;
    }
  }
}

/**
 * A bound value. On PostgreSQL numbers are cast explicitly (pg sends text parameters and the
 * server would otherwise infer the column's type: `2.5` against an integer column, or a value
 * beyond int4, would be an error instead of a comparison).
 */
export function param(dialect: SqlDialect, v: Scalar): RawBuilder<unknown> {
  if (dialect === 'postgres' && typeof v === 'number') {
    return Number.isInteger(v) ? sql`CAST(${v} AS bigint)` : sql`CAST(${v} AS double precision)`;
  }
  return sql`${v}`;
}

const OPS = { eq: '=', ne: '<>', lt: '<', gt: '>', lte: '<=', gte: '>=' } as const;

function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Case-insensitive LIKE: `lower(expr) LIKE lower(pattern)` on SQLite, `expr ILIKE pattern` on
 * PostgreSQL (served by the pg_trgm GIN indexes of migration 0007-fulltext).
 */
function likeExpr(dialect: SqlDialect, expr: RawBuilder<unknown>, pattern: string): Bool {
  return dialect === 'postgres'
    ? sql<SqlBool>`${expr} ILIKE ${pattern} ESCAPE '\\'`
    : sql<SqlBool>`lower(${expr}) LIKE ${pattern.toLowerCase()} ESCAPE '\\'`;
}

function textPattern(filter: Filter): string {
  switch (filter.kind) {
    case 'text': {
      const v = likeEscape(filter.value);
      return filter.op === 'startsWith' ? `${v}%` : filter.op === 'endsWith' ? `%${v}` : `%${v}%`;
    }
    case 'wildcard':
      return filter.pattern.split('*').map(likeEscape).join('%');
    case 'match':
    case 'fulltext':
      return `%${likeEscape(filter.value)}%`;
    default:
      throw new Error(`not a text filter: ${filter.kind}`);
  }
}

/** A condition on one value expression (a column, a computed expression, a tag). */
function valueCondition(
  dialect: SqlDialect,
  expr: RawBuilder<unknown>,
  type: ValueType | 'id',
  nullable: boolean,
  filter: Filter,
  fieldName: string,
): Bool {
  const present = (b: Bool): Bool => (nullable ? sql<SqlBool>`(${expr} IS NOT NULL AND ${b})` : b);
  switch (filter.kind) {
    case 'compare': {
      if (filter.value === null) {
        if (filter.op === 'eq') return nullable ? sql<SqlBool>`${expr} IS NULL` : FALSE;
        if (filter.op === 'ne') return nullable ? sql<SqlBool>`${expr} IS NOT NULL` : TRUE;
        return FALSE;
      }
      const v = param(dialect, coerce(type, filter.value, fieldName));
      if (filter.op === 'ne') {
        return nullable ? sql<SqlBool>`(${expr} IS NULL OR ${expr} <> ${v})` : sql<SqlBool>`${expr} <> ${v}`;
      }
      return present(sql<SqlBool>`${expr} ${sql.raw(OPS[filter.op])} ${v}`);
    }
    case 'between': {
      const from = param(dialect, coerce(type, filter.from, fieldName));
      const to = param(dialect, coerce(type, filter.to, fieldName));
      return present(sql<SqlBool>`(${expr} >= ${from} AND ${expr} < ${to})`);
    }
    case 'in': {
      const values = filter.values
        .filter((v) => v !== null)
        .map((v) => param(dialect, coerce(type, v, fieldName)));
      const parts: Bool[] = [];
      if (values.length > 0) parts.push(present(sql<SqlBool>`${expr} IN (${sql.join(values)})`));
      if (filter.values.includes(null) && nullable) parts.push(sql<SqlBool>`${expr} IS NULL`);
      return or(parts);
    }
    case 'text':
    case 'wildcard':
    case 'match':
      if (type !== 'string') {
        throw new QueryError(
          'query',
          `the field "${fieldName}" is not text: text operators do not apply to it`,
        );
      }
      return present(likeExpr(dialect, expr, textPattern(filter)));
    case 'has':
      if (!nullable) return type === 'string' ? sql<SqlBool>`${expr} <> ''` : TRUE;
      return type === 'string'
        ? sql<SqlBool>`(${expr} IS NOT NULL AND ${expr} <> '')`
        : sql<SqlBool>`${expr} IS NOT NULL`;
    default:
      throw new Error(`not a field filter: ${filter.kind}`);
  }
}

function fieldOf(filter: Filter): string | undefined {
  return 'field' in filter ? filter.field : undefined;
}

function compileField(
  ctx: CompileContext,
  def: EntityDef,
  t: string,
  filter: Filter,
  field: ResolvedField,
): Bool {
  switch (field.kind) {
    case 'value': {
      if (field.def.rewrite) {
        const rewritten = field.def.rewrite(filter);
        if (rewritten) return compileFilter({ ...ctx, api: 'v1' }, def, t, rewritten);
      }
      if (filter.kind === 'match') {
        const words = matchField(ctx, def, t, field.name, filter.value);
        if (words) return words;
      }
      return valueCondition(
        ctx.dialect,
        field.def.expr(t, ctx.dialect, ctx.scope),
        field.def.type,
        field.def.nullable ?? false,
        filter,
        field.name,
      );
    }
    case 'id':
      return valueCondition(ctx.dialect, sql.ref(`${t}.id`), 'id', false, filter, field.name);
    case 'tags': {
      const et = nextAlias(ctx);
      if (filter === ctx.listedTag?.filter && filter.kind === 'compare')
        return ctx.listedTag.as === 'any'
          ? TRUE
          : tagListCondition(t, et, ctx.scope.organisationId, field.def.entityType, String(filter.value));
      const tag = sql.ref(`${et}.tag`);
      const exists = (cond: Bool): Bool =>
        // The organisation makes the probe one seek in entity_tag_lookup (organisation, type, tag, entity).
        sql<SqlBool>`EXISTS (SELECT 1 FROM entity_tag ${sql.raw(et)} WHERE ${sql.ref(`${et}.organisation_id`)} = ${sql.ref(`${t}.organisation_id`)} AND ${sql.ref(`${et}.entity_type`)} = ${field.def.entityType} AND ${sql.ref(`${et}.entity_id`)} = ${sql.ref(`${t}.id`)} AND ${cond})`;
      if (filter.kind === 'compare' && filter.op === 'ne') {
        if (filter.value === null) return exists(TRUE);
        return sql<SqlBool>`NOT ${exists(sql<SqlBool>`${tag} = ${String(filter.value)}`)}`;
      }
      if (filter.kind === 'compare' && filter.value === null) return sql<SqlBool>`NOT ${exists(TRUE)}`;
      if (filter.kind === 'has') return exists(TRUE);
      return exists(valueCondition(ctx.dialect, tag, 'string', false, filter, field.name));
    }
    case 'custom': {
      const v = nextAlias(ctx);
      const col = sql.ref(`${v}.${field.column}`);
      const exists = (cond: Bool): Bool =>
        sql<SqlBool>`EXISTS (SELECT 1 FROM custom_field_value ${sql.raw(v)} WHERE ${sql.ref(`${v}.entity_type`)} = ${field.entityType} AND ${sql.ref(`${v}.entity_id`)} = ${sql.ref(`${t}.id`)} AND ${sql.ref(`${v}.field_id`)} = ${field.fieldId} AND ${cond})`;
      if (filter.kind === 'compare' && filter.value === null) {
        const has = exists(sql<SqlBool>`${col} IS NOT NULL`);
        if (filter.op === 'eq') return sql<SqlBool>`NOT ${has}`;
        if (filter.op === 'ne') return has;
        return FALSE;
      }
      if (filter.kind === 'compare' && filter.op === 'ne') {
        const v2 = param(ctx.dialect, coerce(field.type, filter.value, field.name));
        return sql<SqlBool>`NOT ${exists(sql<SqlBool>`${col} = ${v2}`)}`;
      }
      return exists(valueCondition(ctx.dialect, col, field.type, true, filter, field.name));
    }
  }
}

/** Compiles `filter` over `def` rows aliased `t` (the caller adds the scope condition of `t`). */
export function compileFilter(ctx: CompileContext, def: EntityDef, t: string, filter: Filter): Bool {
  switch (filter.kind) {
    case 'any':
      return TRUE;
    case 'and':
      return and(filter.filters.map((f) => compileFilter(ctx, def, t, f)));
    case 'or':
      return or(filter.filters.map((f) => compileFilter(ctx, def, t, f)));
    case 'not':
      return sql<SqlBool>`NOT ${compileFilter(ctx, def, t, filter.filter)}`;
    case 'id': {
      const ids = filter.ids.map(parseIdValue).filter((n): n is number => n !== undefined);
      return ids.length === 0
        ? FALSE
        : sql<SqlBool>`${sql.ref(`${t}.id`)} IN (${sql.join(ids.map((id) => param(ctx.dialect, id)))})`;
    }
    case 'type':
      return def.v0Types.includes(filter.type) || def.name === filter.type ? TRUE : FALSE;
    case 'fulltext':
      return fulltext(ctx, def, t, filter);
    case 'parent':
      return parentCondition(ctx, def, t, filter.type, filter.filter);
    case 'child':
      return childCondition(ctx, def, t, filter.type, filter.filter);
    default: {
      const name = fieldOf(filter)!;
      const field = resolveField(def, name, ctx.api, ctx.customFields);
      return compileField(ctx, def, t, filter, field);
    }
  }
}

/**
 * Bare words of `_string`: through the full-text index where the entity has one (query/fulltext.ts),
 * where they also find tags equal to the text (as typed or in lower case: an indexed lookup, where a
 * substring of every tag would scan them all); else a substring of any text field or tag.
 */
function fulltext(
  ctx: CompileContext,
  def: EntityDef,
  t: string,
  filter: Filter & { kind: 'fulltext' },
): Bool {
  const pattern = textPattern(filter);
  const indexed = freeWords(ctx, def, t, filter.value, (alias) => {
    const tags = Object.values(def.fields).find((f) => f.kind === 'tags');
    if (!tags) return undefined;
    const text = filter.value.trim();
    const forms = [...new Set([text, text.toLowerCase()])];
    return sql<SqlBool>`${sql.ref(`${alias}.entity_type`)} = ${tags.entityType} AND ${sql.ref(`${alias}.tag`)} IN (${sql.join(forms)})`;
  });
  if (indexed) return indexed;
  const parts: Bool[] = [];
  for (const [name, f] of Object.entries({
    ...def.fields,
    ...(ctx.api === 'v0' ? def.v0Fields : def.v1Fields),
  })) {
    if (f.kind === 'value' && f.text)
      parts.push(sql<SqlBool>`COALESCE(${likeExpr(ctx.dialect, f.expr(t, ctx.dialect), pattern)}, 1 = 0)`);
    else if (f.kind === 'tags') {
      parts.push(
        compileField(
          ctx,
          def,
          t,
          { kind: 'text', op: 'contains', field: name, value: filter.value },
          { kind: 'tags', name, def: f },
        ),
      );
    }
  }
  return or(parts);
}

function parentCondition(ctx: CompileContext, def: EntityDef, t: string, type: string, filter: Filter): Bool {
  const link = def.parents?.[type];
  if (!link) {
    const known = Object.keys(def.parents ?? {});
    throw new QueryError(
      'query._parent._type',
      `${def.name} has no parent of type "${type}"; ${known.length ? `supported: ${known.join(', ')}` : 'it has no parent'}`,
    );
  }
  const parent = entityNamed(link.entity);
  const p = nextAlias(ctx);
  const where = and([
    scopeCondition(parent, p, ctx.scope, ctx.dialect),
    compileFilter(ctx, parent, p, filter),
  ]);
  return sql<SqlBool>`${sql.ref(`${t}.${link.column}`)} IN (SELECT ${sql.ref(`${p}.id`)} FROM ${sql.table(parent.table)} ${sql.raw(p)} WHERE ${where})`;
}

function childCondition(ctx: CompileContext, def: EntityDef, t: string, type: string, filter: Filter): Bool {
  const children = childrenOf(def);
  const found = children.find((c) => c.types.includes(type) || c.child.name === type);
  if (!found) {
    const known = children.flatMap((c) => c.types);
    throw new QueryError(
      'query._child._type',
      `${def.name} has no child of type "${type}"; ${known.length ? `supported: ${known.join(', ')}` : 'it has no children'}`,
    );
  }
  const c = nextAlias(ctx);
  const where = and([
    scopeCondition(found.child, c, ctx.scope, ctx.dialect),
    sql<SqlBool>`${sql.ref(`${c}.${found.column}`)} IS NOT NULL`,
    compileFilter(ctx, found.child, c, filter),
  ]);
  return sql<SqlBool>`${sql.ref(`${t}.id`)} IN (SELECT ${sql.ref(`${c}.${found.column}`)} FROM ${sql.table(found.child.table)} ${sql.raw(c)} WHERE ${where})`;
}

export { scalarExpr };
