/**
 * Counts on SQLite from a narrow tag (decision 0009). A tag filter is an `EXISTS` probe of
 * `entity_tag_lookup` per candidate row: right for a page, which stops after a few matches, but a
 * count walks every candidate — all the alerts with status New for "New and tag X", and a flood of
 * ingested alerts is New. When the tag has fewer rows than the rest of the filter, the count reads
 * the tag's rows once instead (`t.id IN (SELECT entity_id ...)`: SQLite builds the list and a Bloom
 * filter before the walk, and each candidate costs a check of that filter, a tenth of a seek). The
 * count statement sizes both in their indexes and runs one of the two counts (a CASE), so the
 * choice costs no round trip. PostgreSQL plans both forms alike from its statistics: it keeps the
 * probe.
 */
import type { Filter } from '@propolis/core';
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { onlyOwnRows } from '../db/visibility.js';
import { resolveField } from './resolve-field.js';
import type { QueryEnv, Selection } from './selection.js';

/**
 * A tag with more rows than this is probed (its rows are counted up to this bound first). Building
 * the list costs about what a probe costs per row (0.3 µs of CPU each on the benchmark's data set,
 * docs/performance.md), so it pays when the rest of the filter has more rows than the tag; the
 * bound keeps the sizing under a millisecond and the list's memory small.
 */
export const NARROW_TAG_ROWS = 10_000;

/** A tag equality of a filter compiled otherwise: as the tag's list of rows, or left out. */
export interface ListedTag {
  filter: Filter;
  as: 'list' | 'any';
}

/** A tag equality on a field of kind `tags`: `tags = "x"`. */
export type TagEquality = Filter & { kind: 'compare'; field: string; value: string | number | boolean };

/** The tag equalities every row of the selection must satisfy (the top level of its filters' AND). */
function requiredTags(env: QueryEnv, sel: Selection): Array<{ filter: TagEquality; entityType: string }> {
  const out: Array<{ filter: TagEquality; entityType: string }> = [];
  const visit = (filter: Filter, api: Selection['filters'][number]['api']) => {
    if (filter.kind === 'and') {
      for (const f of filter.filters) visit(f, api);
      return;
    }
    if (filter.kind !== 'compare' || filter.op !== 'eq' || filter.value === null) return;
    const field = resolveField(sel.entity, filter.field, api, env.customFields);
    if (field.kind === 'tags') out.push({ filter: filter as TagEquality, entityType: field.def.entityType });
  };
  for (const { filter, api } of sel.filters) visit(filter, api);
  return out;
}

/**
 * The tag equality of the selection that a count may read as a list, on SQLite: the first one its
 * filter requires; undefined on PostgreSQL, without one, or when the rows may belong to other
 * organisations (shares).
 */
export function tagOfCount(
  env: QueryEnv,
  sel: Selection,
): { filter: TagEquality; entityType: string } | undefined {
  if (env.dialect !== 'sqlite' || !onlyOwnRows(sel.entity.table, env.scope)) return undefined;
  return requiredTags(env, sel)[0];
}

/**
 * The common table expressions that choose: `tag_rows(n)`, the tag's rows counted up to `limit + 1`
 * in its index, `rest_rows(n)`, the rows of the rest of the filter (`rest`, a count capped at the
 * smaller of the tag's size and `limit`, plus one), and `choice(list, walk)`:
 * - `list` when the tag has at most `limit` rows and the rest more: the tag's rows read once;
 * - `walk` when both have more than `limit`: the tag's rows walked newest first (highest id), each
 *   row checked against the rest by primary key, until the count's cap. The probe per row of the
 *   rest walks the rest in its index's order, which for "New and tag X" is the oldest New alert
 *   first: behind a backlog of untriaged New alerts without the tag it walked the whole backlog
 *   (634 ms p95 at a million alerts with 250,000 of them, docs/performance.md); the tag's newest
 *   rows are where an analyst's matches are, and the walk never exceeds the tag's size;
 * - neither: the rest is the smaller, each of its rows probes the tag.
 */
export function choiceOfCount(
  env: QueryEnv,
  tag: { filter: TagEquality; entityType: string },
  limit: number,
  rest: (cap: RawBuilder<unknown>) => RawBuilder<unknown>,
): RawBuilder<unknown> {
  const n = sql`(SELECT n FROM tag_rows)`;
  const r = sql`(SELECT n FROM rest_rows)`;
  const rows = ofTag('entity_tag', env.scope.organisationId, tag.entityType, String(tag.filter.value));
  return sql`WITH tag_rows AS (SELECT count(*) AS n FROM (SELECT 1 FROM entity_tag WHERE ${rows} LIMIT ${limit + 1}) c),
    rest_rows AS (SELECT (${rest(sql`(SELECT min(n, ${limit}) + 1 FROM tag_rows)`)}) AS n),
    choice AS (SELECT ${n} <= ${limit} AND ${r} > ${n} AS list, ${n} > ${limit} AND ${r} > ${limit} AS walk)`;
}

/** The rows of `entity_tag` (under alias `et`) that hold this tag in this organisation. */
function ofTag(et: string, organisationId: number, entityType: string, tag: string): RawBuilder<SqlBool> {
  const c = (name: string) => sql.ref(`${et}.${name}`);
  return sql<SqlBool>`${c('organisation_id')} = ${organisationId} AND ${c('entity_type')} = ${entityType} AND ${c('tag')} = ${tag}`;
}

/**
 * The selection's rows (`t` in `table`, meeting `where`) reached from a tag's rows of the scope's
 * organisation, newest first, by primary key: what a count that walks the tag (`walk` above) counts.
 * CROSS JOIN keeps the tag's index as the outer loop on SQLite.
 */
export function tagWalkRows(
  table: string,
  t: string,
  where: RawBuilder<SqlBool>,
  organisationId: number,
  tag: { filter: TagEquality; entityType: string },
): RawBuilder<unknown> {
  const rows = ofTag('tag_walk', organisationId, tag.entityType, String(tag.filter.value));
  return sql`SELECT 1 AS one FROM entity_tag tag_walk CROSS JOIN ${sql.table(table)} ${sql.raw(t)} ON ${sql.ref(`${t}.id`)} = tag_walk.entity_id WHERE ${rows} AND ${where} ORDER BY tag_walk.entity_id DESC`;
}

/**
 * `t.id` among the rows of a tag of the scope's organisation (`et`: the subquery's alias): the
 * condition of a narrow tag.
 */
export function tagListCondition(
  t: string,
  et: string,
  organisationId: number,
  entityType: string,
  tag: string,
): RawBuilder<SqlBool> {
  return sql<SqlBool>`${sql.ref(`${t}.id`)} IN (SELECT ${sql.ref(`${et}.entity_id`)} FROM entity_tag ${sql.raw(et)} WHERE ${ofTag(et, organisationId, entityType, tag)})`;
}
