/**
 * A cheap condition implied by a filter's word tests, for PostgreSQL pages walked in the sort's order.
 *
 * PostgreSQL tests a row's words (`_match`) by computing them again from its text
 * (`regexp_replace`, then `to_tsvector`: ~50-100 µs for a case's title and description), and a page
 * read by walking the rows in the sort's order tests every row it passes: ~250 of them for a word
 * in 6% of the cases (docs/performance.md). A field whose words hold the phrase holds each of its
 * plain words as a substring of its lowercased text (the index lowercases as `lower` does), so
 * `strpos(lower(field), word) > 0` is implied by the word test and costs ~1 µs. Added beside the
 * filter, as a condition of its own, the planner evaluates it first (it is cheaper) and computes
 * the words only for the rows that pass it; where an index finds the rows instead, the word tests
 * are the index's condition and only the screen is left to check on each row.
 *
 * Only words PostgreSQL's parser always keeps whole are screened: ASCII letters only, or digits
 * only (letters and digits mixed may be split: `10e5x` is `10e5` then `x`); other words are left to
 * the word test alone.
 */
import type { Filter } from '@propolis/core';
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { and, type CompileContext, or } from './compile-filter.js';
import { words } from './fulltext.js';
import { resolveField } from './resolve-field.js';
import type { EntityDef } from './types.js';

type Bool = RawBuilder<SqlBool>;

/** Words PostgreSQL's parser always keeps whole. */
const WHOLE_WORD = /^(?:[a-z]+|[0-9]+)$/;

/** The screen of `filter` over `def` rows aliased `t`, or undefined when it has none. */
export function wordScreen(ctx: CompileContext, def: EntityDef, t: string, filter: Filter): Bool | undefined {
  if (ctx.dialect !== 'postgres') return undefined;
  switch (filter.kind) {
    case 'and': {
      const parts = filter.filters.map((f) => wordScreen(ctx, def, t, f)).filter((b) => b !== undefined);
      return parts.length ? and(parts) : undefined;
    }
    case 'or': {
      // a row may match through any arm: every arm must have a screen
      const parts = filter.filters.map((f) => wordScreen(ctx, def, t, f));
      return parts.length > 0 && parts.every((b) => b !== undefined) ? or(parts as Bool[]) : undefined;
    }
    case 'match':
      return matchScreen(ctx, def, t, filter);
    default:
      return undefined;
  }
}

function matchScreen(
  ctx: CompileContext,
  def: EntityDef,
  t: string,
  filter: Filter & { kind: 'match' },
): Bool | undefined {
  const field = resolveField(def, filter.field, ctx.api, ctx.customFields);
  if (field.kind !== 'value' || field.def.rewrite?.(filter)) return undefined;
  const column = def.fulltext?.fields[field.name];
  if (!column) return undefined;
  const plain = [...new Set(words(filter.value).filter((w) => WHOLE_WORD.test(w)))];
  if (plain.length === 0) return undefined;
  const text = sql`lower(coalesce(${sql.ref(`${t}.${column}`)}, ''))`;
  return and(plain.map((w) => sql<SqlBool>`strpos(${text}, ${w}) > 0`));
}
