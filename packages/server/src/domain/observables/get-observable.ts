/**
 * Reading observables: one by id (with its similarity), and the same observable in other cases of
 * the organisation (v0 GET /case/artifact/{id}/similar). Every member of the organisation may read.
 */
import type { CaseRow } from '../../db/repositories/cases.js';
import { findCasesByIds } from '../../db/repositories/cases.js';
import { similarObservables } from '../../db/repositories/observables.js';
import { type RequestContext, readScopeOf } from '../context.js';
import type { Deps } from '../deps.js';
import { visibleObservable } from './guards.js';
import { type ObservableView, observableViews } from './observable-view.js';

export async function getObservable(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  id: string,
  options: { seen?: boolean } = {},
): Promise<ObservableView> {
  const row = await visibleObservable(deps.db, ctx, id, 'read');
  const [view] = await observableViews(deps.db, readScopeOf(ctx), [row], { seen: options.seen ?? true });
  return view!;
}

export interface SimilarObservable extends ObservableView {
  case?: CaseRow;
}

export async function getSimilarObservables(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  id: string,
  options: { limit?: number; offset?: number } = {},
): Promise<SimilarObservable[]> {
  const scope = readScopeOf(ctx);
  const row = await visibleObservable(deps.db, ctx, id, 'read');
  const rows = await similarObservables(deps.db, scope, row, options);
  const cases = new Map(
    (
      await findCasesByIds(deps.db, scope, [
        ...new Set(rows.map((r) => r.case_id).filter((c): c is number => c !== null)),
      ])
    ).map((c) => [c.id, c]),
  );
  const views = await observableViews(deps.db, scope, rows);
  return views.map((v) => ({ ...v, case: v.row.case_id !== null ? cases.get(v.row.case_id) : undefined }));
}
