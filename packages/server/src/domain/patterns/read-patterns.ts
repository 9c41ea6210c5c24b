/**
 * Reading the pattern catalog (every user may): one pattern by `~id` or ATT&CK id, and the
 * patterns of a case's procedures.
 */
import { notFound } from '@propolis/core';
import {
  findPattern,
  findPatternsByIds,
  type PatternRow,
  patternsOfCase,
} from '../../db/repositories/patterns.js';
import { visibleCase } from '../cases/guards.js';
import { type RequestContext, scopeOf } from '../context.js';
import type { Deps } from '../deps.js';

export interface PatternView {
  row: PatternRow;
  parent?: PatternRow;
}

async function withParents(deps: Deps, rows: PatternRow[]): Promise<PatternView[]> {
  const parents = new Map(
    (
      await findPatternsByIds(
        deps.db,
        rows.map((r) => r.parent_id).filter((id): id is number => id !== null),
      )
    ).map((p) => [p.id, p]),
  );
  return rows.map((row) => {
    const parent = row.parent_id === null ? undefined : parents.get(row.parent_id);
    return { row, ...(parent ? { parent } : {}) };
  });
}

export async function getPattern(deps: Deps, _ctx: RequestContext, id: string): Promise<PatternView> {
  const row = await findPattern(deps.db, id);
  if (!row) throw notFound(`Pattern ${id} not found`);
  return (await withParents(deps, [row]))[0]!;
}

export async function patternsOfCaseView(
  deps: Deps,
  ctx: RequestContext,
  caseId: string,
): Promise<PatternView[]> {
  const kase = await visibleCase(deps.db, ctx, caseId);
  return withParents(deps, await patternsOfCase(deps.db, scopeOf(ctx), kase.id));
}

export { withParents as patternViews };
