/**
 * A selection: the rows of one entity that a pipeline designates so far (filters, links to
 * another selection, sort, page). It compiles to one SQL statement for rows, ids or a count.
 */
import { type Filter, QueryError, type SortField } from '@propolis/core';
import { type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Scope } from '../db/scope.js';
import { and, type CompileContext, compileFilter, scopeCondition } from './compile-filter.js';
import { choiceOfCount, type ListedTag, NARROW_TAG_ROWS, tagOfCount, tagWalkRows } from './narrow-tag.js';
import type { CustomFieldInfo } from './resolve-field.js';
import { resolveField, scalarExpr } from './resolve-field.js';
import type { CoreDialect, EntityDef, LinkTable, SqlDialect } from './types.js';
import { wordScreen } from './word-screen.js';

/** Everything the engine needs for one request. */
export interface QueryEnv {
  db: Kysely<Database>;
  dialect: SqlDialect;
  scope: Scope;
  customFields: ReadonlyMap<string, CustomFieldInfo>;
}

export interface Selection {
  entity: EntityDef;
  /** Filters with the API dialect their field names come from; all must match. */
  filters: Array<{ filter: Filter; api: CoreDialect }>;
  /**
   * `t.column IN (SELECT source.sourceColumn FROM <source selection>)`, or through a link table
   * (`via`): `t.column IN (SELECT via.column FROM via.table WHERE via.sourceColumn IN (...))`.
   */
  links: Array<{ column: string; source: Selection; sourceColumn: string; via?: LinkTable }>;
  sort?: { fields: SortField[]; api: CoreDialect };
  page?: { offset: number; limit: number | null };
}

export const selectAll = (entity: EntityDef): Selection => ({ entity, filters: [], links: [] });

/** A selection with more conditions; a paged selection is first wrapped (the page applies first). */
export function refine(sel: Selection): Selection {
  if (!sel.page) return { ...sel, filters: [...sel.filters], links: [...sel.links] };
  return { entity: sel.entity, filters: [], links: [{ column: 'id', source: sel, sourceColumn: 'id' }] };
}

export function withFilter(sel: Selection, filter: Filter, api: CoreDialect): Selection {
  const next = refine(sel);
  next.filters.push({ filter, api });
  if (sel.sort && !sel.page) next.sort = sel.sort;
  return next;
}

/** Rows of `target` linked to `sel`: `target.column IN (SELECT sel.sourceColumn ...)`. */
export function navigate(
  sel: Selection,
  target: EntityDef,
  column: string,
  sourceColumn: string,
  via?: LinkTable,
): Selection {
  return {
    entity: target,
    filters: [],
    links: [{ column, source: sel, sourceColumn, ...(via ? { via } : {}) }],
  };
}

const ctxOf = (
  env: QueryEnv,
  api: CoreDialect,
  aliases: { n: number },
  listedTag: ListedTag | undefined,
): CompileContext => ({
  dialect: env.dialect,
  api,
  scope: env.scope,
  customFields: env.customFields,
  aliases,
  ...(listedTag ? { listedTag } : {}),
});

/**
 * The WHERE condition of a selection over alias `t` (`listedTag`: one of its filters' tag
 * equalities compiled otherwise: query/narrow-tag.ts; `screenWords`: a page walked in the sort's
 * order, where word tests are screened first: query/word-screen.ts).
 */
export function whereOf(
  env: QueryEnv,
  sel: Selection,
  t: string,
  aliases: { n: number },
  listedTag?: ListedTag,
  screenWords = false,
): RawBuilder<SqlBool> {
  const parts = [scopeCondition(sel.entity, t, env.scope, env.dialect)];
  for (const { filter, api } of sel.filters) {
    const ctx = ctxOf(env, api, aliases, listedTag);
    parts.push(compileFilter(ctx, sel.entity, t, filter));
    const screen = screenWords ? wordScreen(ctx, sel.entity, t, filter) : undefined;
    if (screen) parts.push(screen);
  }
  for (const link of sel.links) {
    aliases.n += 1;
    const s = `t${aliases.n}`;
    const inner = statement(env, link.source, s, aliases, sql.ref(`${s}.${link.sourceColumn}`));
    if (link.via) {
      const v = link.via;
      parts.push(
        sql<SqlBool>`${sql.ref(`${t}.${link.column}`)} IN (SELECT ${sql.ref(v.column)} FROM ${sql.table(v.table)} WHERE ${sql.ref(v.sourceColumn)} IN (${inner}))`,
      );
    } else parts.push(sql<SqlBool>`${sql.ref(`${t}.${link.column}`)} IN (${inner})`);
  }
  return and(parts);
}

/** ORDER BY of a selection (always ending with the id, so pages are stable). */
export function orderOf(env: QueryEnv, sel: Selection, t: string): RawBuilder<unknown> {
  const fields = sel.sort?.fields.length ? sel.sort.fields : sel.entity.defaultSort;
  const api = sel.sort?.fields.length ? sel.sort.api : 'v1';
  const parts: RawBuilder<unknown>[] = [];
  for (const { field, direction } of fields) {
    const resolved = resolveField(sel.entity, field, api, env.customFields, 'sort');
    if (resolved.kind === 'tags')
      throw new QueryError('sort', `cannot sort by "${field}": it has several values`);
    const expr = scalarExpr(resolved, t, env.dialect);
    const nullable = resolved.kind === 'custom' || (resolved.kind === 'value' && resolved.def.nullable);
    // absent values come last in both directions on both databases (as in TheHive's indexes)
    const nulls = nullable ? sql.raw(' NULLS LAST') : sql.raw('');
    parts.push(sql`${expr} ${sql.raw(direction === 'asc' ? 'ASC' : 'DESC')}${nulls}`);
  }
  const last = fields.at(-1)?.direction ?? 'asc';
  parts.push(sql`${sql.ref(`${t}.id`)} ${sql.raw(last === 'asc' ? 'ASC' : 'DESC')}`);
  return sql.join(parts);
}

/** `SELECT <what> FROM table t WHERE ... [ORDER BY ... LIMIT ... OFFSET ...]` */
export function statement(
  env: QueryEnv,
  sel: Selection,
  t: string,
  aliases: { n: number },
  what: RawBuilder<unknown>,
  options: { order?: boolean; listedTag?: ListedTag; screenWords?: boolean } = {},
): RawBuilder<unknown> {
  const where = whereOf(env, sel, t, aliases, options.listedTag, options.screenWords);
  const from = sql`SELECT ${what} FROM ${sql.table(sel.entity.table)} ${sql.raw(t)} WHERE ${where}`;
  if (!sel.page) return options.order ? sql`${from} ORDER BY ${orderOf(env, sel, t)}` : from;
  return sql`${from} ORDER BY ${orderOf(env, sel, t)}${pageOf(env, sel.page)}`;
}

/** LIMIT and OFFSET of a page. */
function pageOf(env: QueryEnv, page: NonNullable<Selection['page']>): RawBuilder<unknown> {
  const limit = page.limit === null ? sql`` : sql` LIMIT ${page.limit}`;
  const offset = page.offset > 0 ? sql` OFFSET ${page.offset}` : sql``;
  // LIMIT without a bound but with OFFSET: SQLite needs LIMIT -1, PostgreSQL accepts LIMIT ALL
  const unbounded =
    page.limit === null && page.offset > 0
      ? sql.raw(env.dialect === 'sqlite' ? ' LIMIT -1' : ' LIMIT ALL')
      : sql``;
  return sql`${limit}${unbounded}${offset}`;
}

/**
 * The rows of a selection, in order. `fromIds` (PostgreSQL, a page of a selection known to have
 * few rows, see `fewRows`): the page is sorted out of all the selection's ids, read first as an
 * array, rather than found by walking the rows in the page's order and testing each one.
 */
export async function fetchRows<T = Record<string, unknown>>(
  env: QueryEnv,
  sel: Selection,
  options: { fromIds?: boolean } = {},
): Promise<T[]> {
  const { rows } = await rowsStatement(env, sel, options).execute(env.db);
  return rows as T[];
}

/** The statement of `fetchRows`. */
export function rowsStatement(
  env: QueryEnv,
  sel: Selection,
  options: { fromIds?: boolean } = {},
): RawBuilder<unknown> {
  const aliases = { n: 0 };
  const t = 't0';
  if (!options.fromIds || !sel.page || env.dialect !== 'postgres')
    return statement(env, sel, t, aliases, sql.raw(`${t}.*`), { order: true, screenWords: true });
  const s = 't1';
  aliases.n = 1;
  const ids = statement(env, { ...sel, page: undefined }, s, aliases, sql.ref(`${s}.id`));
  return sql`SELECT ${sql.raw(`${t}.*`)} FROM ${sql.table(sel.entity.table)} ${sql.raw(t)} WHERE ${sql.ref(`${t}.id`)} = ANY(ARRAY(${ids})) ORDER BY ${orderOf(env, sel, t)}${pageOf(env, sel.page)}`;
}

/** Below this many rows, a page of a word search is read `fromIds` (`fewRows`). */
const FEW_ROWS = 1000;

/**
 * Whether a page of `sel`, whose rows are being counted as `total` (up to `cap`), is better read
 * `fromIds`: on PostgreSQL, a word search (`_match`, free words) with fewer than FEW_ROWS matches
 * (only then does it wait for the count). The planner takes the test of a word for cheap, though
 * it computes the row's words again from its text (~0.1 ms for a case's title and description),
 * and reads a page in date order by walking the rows in that order and testing each one until the
 * page is full: ~250 cases, ~30 ms, for a word in 6% of 5,000 cases. All the matches' ids from the
 * full-text index cost a few milliseconds when they are few; when they are many, the walk fills a
 * page soon and is kept. Neither way alone holds for every word (docs/performance.md).
 */
export async function fewRows(
  env: QueryEnv,
  sel: Selection,
  total: Promise<number>,
  cap: number | undefined,
): Promise<boolean> {
  if (env.dialect !== 'postgres' || !sel.filters.some(({ filter }) => searchesWords(filter))) return false;
  return (await total) < Math.min(cap ?? FEW_ROWS, FEW_ROWS);
}

function searchesWords(filter: Filter): boolean {
  switch (filter.kind) {
    case 'match':
    case 'fulltext':
      return true;
    case 'and':
    case 'or':
      return filter.filters.some(searchesWords);
    case 'not':
      return searchesWords(filter.filter);
    default:
      return false;
  }
}

/** `SELECT count(*)` of the rows of `inner`, or of at most `cap` of them. */
function countOf(inner: RawBuilder<unknown>, cap: number | RawBuilder<unknown> | undefined) {
  const limit = cap === undefined ? sql`` : sql` LIMIT ${cap}`;
  return sql<{ n: number | string }>`SELECT count(*) AS n FROM (${inner}${limit}) c`;
}

/** The statement counting the rows of a selection (exact), or at most `cap` of them. */
function counting(
  env: QueryEnv,
  sel: Selection,
  cap: number | RawBuilder<unknown> | undefined,
  listedTag?: ListedTag,
): RawBuilder<{ n: number | string }> {
  const inner = statement(env, sel, 't0', { n: 0 }, sql`1 AS one`, listedTag ? { listedTag } : {});
  return countOf(cap !== undefined && sel.page ? sql`SELECT 1 AS one FROM (${inner}) c0` : inner, cap);
}

/**
 * The count of a selection walking its required tag's rows newest first (query/narrow-tag.ts
 * `tagWalkRows`), the tag itself left out of the condition checked on each row.
 */
function walkingTag(
  env: QueryEnv,
  sel: Selection,
  cap: number | undefined,
  tag: NonNullable<ReturnType<typeof tagOfCount>>,
): RawBuilder<{ n: number | string }> {
  const where = whereOf(env, sel, 't0', { n: 0 }, { filter: tag.filter, as: 'any' });
  return countOf(tagWalkRows(sel.entity.table, 't0', where, env.scope.organisationId, tag), cap);
}

/** The choice of a count (query/narrow-tag.ts): its common table expressions, or undefined. */
function countChoice(env: QueryEnv, sel: Selection, limit: number) {
  const tag = tagOfCount(env, sel);
  if (!tag) return undefined;
  const as = (how: ListedTag['as']): ListedTag => ({ filter: tag.filter, as: how });
  const ctes = choiceOfCount(env, tag, limit, (cap) => counting(env, sel, cap, as('any')));
  return { ctes, list: as('list'), tag };
}

/**
 * The statement counting the rows of a selection (exact), or at most `cap` of them. On SQLite,
 * when its filter requires a tag, it reads the tag's rows as a list if the tag has at most
 * `narrowTagRows` rows and the rest of the filter more, walks the tag's rows newest first when both
 * have more, else probes the tag per row (query/narrow-tag.ts): one statement, whose CASE runs one
 * of the three counts.
 */
export function countStatement(
  env: QueryEnv,
  sel: Selection,
  cap?: number,
  narrowTagRows = NARROW_TAG_ROWS,
): RawBuilder<{ n: number | string }> {
  const choice = countChoice(env, sel, narrowTagRows);
  if (!choice) return counting(env, sel, cap);
  return sql`${choice.ctes} SELECT CASE WHEN (SELECT list FROM choice) THEN (${counting(env, sel, cap, choice.list)}) WHEN (SELECT walk FROM choice) THEN (${walkingTag(env, sel, cap, choice.tag)}) ELSE (${counting(env, sel, cap)}) END AS n`;
}

/**
 * How a count of the selection would use its required tag (tests): `list` (the tag's rows read
 * once), `walk` (the tag's rows walked newest first), `probe` (the tag probed per row), undefined
 * without a tag or off SQLite.
 */
export async function tagCountChoice(
  env: QueryEnv,
  sel: Selection,
  narrowTagRows = NARROW_TAG_ROWS,
): Promise<'list' | 'walk' | 'probe' | undefined> {
  const choice = countChoice(env, sel, narrowTagRows);
  if (!choice) return undefined;
  const { rows } = await sql<{
    list: number;
    walk: number;
  }>`${choice.ctes} SELECT list, walk FROM choice`.execute(env.db);
  return rows[0]?.list ? 'list' : rows[0]?.walk ? 'walk' : 'probe';
}

/** The number of rows of a selection (exact), or at most `cap` of them. */
export async function countRows(env: QueryEnv, sel: Selection, cap?: number): Promise<number> {
  const { rows } = await countStatement(env, sel, cap).execute(env.db);
  return Number(rows[0]?.n ?? 0);
}
