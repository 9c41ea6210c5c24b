/**
 * Counts on SQLite from a narrow tag (decision 0009). A tag filter is an `EXISTS` probe of
 * `entity_tag_lookup` per candidate row: right for a page, which stops after a few matches, but a
 * count walks every candidate — all the alerts with status New for "New and tag X", and a flood of
 * ingested alerts is New. When one tag equality of the filter has fewer rows than the rest of the
 * filter, the count reads that tag's rows once instead (`t.id IN (SELECT entity_id ...)`: SQLite
 * builds the list and a Bloom filter before the walk, and each candidate costs a probe of that
 * filter, a tenth of a seek). PostgreSQL plans both forms alike from its statistics: it keeps the probe.
 */
import type { Filter } from '@propolis/core';
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { onlyOwnRows } from '../db/visibility.js';
import { resolveField } from './resolve-field.js';
import type { QueryEnv, Selection } from './selection.js';

/**
 * A tag with more rows than this is not looked at (its rows are counted up to this bound first).
 * Building the list costs about what a probe costs per row (0.3 µs of CPU each on the benchmark's
 * data set, docs/performance.md), so the list pays when the rest of the filter has more rows than
 * the tag; past this size it would hold too many rows in memory for one count.
 */
export const NARROW_TAG_ROWS = 10_000;

/** A tag equality of a filter compiled otherwise: as the tag's list of rows, or left out. */
export interface ListedTag {
  filter: Filter;
  as: 'list' | 'any';
}

/** A tag equality on a field of kind `tags`: `tags = "x"`. */
type TagEquality = Filter & { kind: 'compare'; field: string; value: string | number | boolean };

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
 * The tag equality of the selection that may be counted from, on SQLite: the one with the fewest
 * rows (`rows`), if it has at most `limit` (each tag's rows counted up to `limit + 1` in its
 * index); undefined on PostgreSQL, when no tag is narrow, or when the rows may belong to other
 * organisations (shares).
 */
export async function narrowTag(
  env: QueryEnv,
  sel: Selection,
  limit = NARROW_TAG_ROWS,
): Promise<{ filter: Filter; rows: number } | undefined> {
  if (env.dialect !== 'sqlite' || !onlyOwnRows(sel.entity.table, env.scope)) return undefined;
  let best: { filter: Filter; rows: number } | undefined;
  for (const { filter, entityType } of requiredTags(env, sel)) {
    const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM (SELECT 1 FROM entity_tag
      WHERE organisation_id = ${env.scope.organisationId} AND entity_type = ${entityType} AND tag = ${String(filter.value)}
      LIMIT ${limit + 1}) c`.execute(env.db);
    const n = Number(rows[0]?.n ?? 0);
    if (n <= limit && (!best || n < best.rows)) best = { filter, rows: n };
  }
  return best;
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
