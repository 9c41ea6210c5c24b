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
 * in its index, and `choice(list)`, true when the tag has at most `limit` rows and the rest of the
 * filter (`rest`, a count capped by `capOf` the tag's size plus one) has more.
 */
export function choiceOfCount(
  env: QueryEnv,
  tag: { filter: TagEquality; entityType: string },
  limit: number,
  rest: (cap: RawBuilder<unknown>) => RawBuilder<unknown>,
): RawBuilder<unknown> {
  const n = sql`(SELECT n FROM tag_rows)`;
  return sql`WITH tag_rows AS (SELECT count(*) AS n FROM (SELECT 1 FROM entity_tag WHERE organisation_id = ${env.scope.organisationId} AND entity_type = ${tag.entityType} AND tag = ${String(tag.filter.value)} LIMIT ${limit + 1}) c),
    choice AS (SELECT CASE WHEN ${n} <= ${limit} THEN (${rest(sql`(SELECT n + 1 FROM tag_rows)`)}) > ${n} ELSE 0 END AS list)`;
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
  const c = (name: string) => sql.ref(`${et}.${name}`);
  return sql<SqlBool>`${sql.ref(`${t}.id`)} IN (SELECT ${c('entity_id')} FROM entity_tag ${sql.raw(et)} WHERE ${c('organisation_id')} = ${organisationId} AND ${c('entity_type')} = ${entityType} AND ${c('tag')} = ${tag})`;
}
