/**
 * The shapes of the query engine's entity registry. An entity says which table it lives in, how it
 * is scoped, and how each API field name (v1 and v0 spellings) maps to SQL. The compiler
 * (compile-filter.ts), the selection runner (selection.ts) and the aggregations (aggregate.ts)
 * only ever read these definitions: adding an entity is writing one `EntityDef` (see registry.ts).
 */
import type { Dialect as CoreDialect, Filter, Scalar } from '@propolis/core';
import type { RawBuilder } from 'kysely';
import type { Dialect as SqlDialect } from '../db/database.js';
import type { Scope } from '../db/scope.js';

/** How values of a field are read from the request and compared. */
export type ValueType = 'string' | 'number' | 'boolean' | 'date';

/**
 * A SQL expression over the row aliased `t` (use `col(t, 'name')` to reference columns). Filters
 * pass the caller's scope, for fields whose value depends on who asks (task `actionRequired`).
 */
export type Expr = (t: string, dialect: SqlDialect, scope?: Scope) => RawBuilder<unknown>;

export interface ColumnField {
  kind: 'value';
  type: ValueType;
  /** The SQL expression of the field (a column reference or a computed expression). */
  expr: Expr;
  /** The expression may be NULL (adds `IS NOT NULL` guards so that NOT works as in TheHive). */
  nullable?: boolean;
  /**
   * Optional rewrite of filters on this field into filters on other fields, used where a v0
   * value stands for several internal values and an indexed rewrite exists (v0 case `status`).
   * The returned filter uses v1 field names. Return undefined to compile on `expr` as usual.
   */
  rewrite?: (filter: Filter) => Filter | undefined;
  /** Not usable in sort / terms aggregation (e.g. long texts). Default: allowed. */
  noSort?: boolean;
  /** Used by `_match`, contains-style `_like` and free words of `_string`. */
  text?: boolean;
}

/** A multi-valued tag field stored in `entity_tag` (one row per tag). */
export interface TagsField {
  kind: 'tags';
  /** `entity_tag.entity_type` of the entity. */
  entityType: string;
}

export type FieldDef = ColumnField | TagsField;

/** A link from this entity to its parent (`observable.case_id` → case). */
export interface ParentLink {
  /** The parent's entity name in the registry. */
  entity: string;
  /** Column of this entity holding the parent's id. */
  column: string;
}

/** A link table between two entities (`case_template_page`): its column towards each side. */
export interface LinkTable {
  table: string;
  /** Holds the source entity's `sourceColumn` values. */
  sourceColumn: string;
  /** Holds the target entity's `column` values. */
  column: string;
}

export interface EntityDef {
  /** Registry name, as in `list<Name>` (`case`, `task`, `log`, `observable`...). */
  name: string;
  /** v0 model / `_type` names (`case`, `case_task`, `case_task_log`, `case_artifact`...). */
  v0Types: string[];
  /** v1 `_type` name (`Case`, `Task`...). */
  v1Type: string;
  table: string;
  /** `organisation`: rows carry organisation_id and are filtered by the caller's organisation. */
  scope: 'organisation' | 'platform';
  /** Fields shared by both API versions (v1 names, `_createdAt`...). */
  fields: Record<string, FieldDef>;
  /** v0-only names and v0 meanings that differ (`owner`, `caseId`, v0 `status`, v0 `tlp`). */
  v0Fields?: Record<string, FieldDef>;
  /** v1-only names. */
  v1Fields?: Record<string, FieldDef>;
  /** Custom field values (`customFields.<name>`) stored with this `entity_type`. */
  customFields?: string;
  /** Parent links by v0 parent type (`case`, `case_task`, `alert`). */
  parents?: Record<string, ParentLink>;
  /**
   * v1 navigation steps from this entity (`case` → `tasks`): rows of `entity` whose `column`
   * is in this selection's `sourceColumn`.
   */
  navigation?: Record<string, { entity: string; column: string; sourceColumn: string; via?: LinkTable }>;
  /** Default order when the request has none (the id tiebreaker is always added). */
  defaultSort: Array<{ field: string; direction: 'asc' | 'desc' }>;
  /**
   * How `get<Name>` / `idOrName` finds rows besides `~id`: e.g. case number, template name.
   * Returns a filter, or undefined when the text cannot name a row.
   */
  byName?: (text: string) => Filter | undefined;
  /**
   * The entity's full-text index (migration 0007-fulltext): `_match` on `fields` and the free
   * words of `_string` use it (query/fulltext.ts).
   */
  fulltext?: FulltextDef;
}

export interface FulltextDef {
  /** The indexed text columns, in the order of the index (SQLite `<table>_fts`, PostgreSQL `<table>_fts`). */
  columns: string[];
  /** API field name → indexed column (`_match` on these fields is a word search in the index). */
  fields: Record<string, string>;
  /**
   * Indexed columns that also have a PostgreSQL index of their own,
   * `propolis_fts(coalesce(<column>, ''))` (migration 0012): `_match` on a field of such a column
   * reads it instead of checking the column row by row.
   */
  pgFieldIndexes?: string[];
  /** Free words also find the row through these entities' index (`task.case_id` for a case). */
  related?: Array<{ entity: string; column: string }>;
}

export type { CoreDialect, Scalar, SqlDialect };
