/**
 * Cases linked to a case: the other cases of the organisation that hold at least one of its
 * observables (same data type and data, or same file), observables that ignore similarity left
 * out on both sides (v0 GET /case/{id}/links, v1 GET /case/{id}/links).
 */
import type { Kysely } from 'kysely';
import { caseLinksOf } from '../../db/repositories/case-links.js';
import { type CaseRow, findCasesByIds } from '../../db/repositories/cases.js';
import { linkedObservables } from '../../db/repositories/observables.js';
import type { Database } from '../../db/schema.js';
import type { Scope } from '../../db/scope.js';
import { visibleCase } from '../cases/guards.js';
import { type RequestContext, scopeOf } from '../context.js';
import type { Deps } from '../deps.js';
import { type ObservableView, observableViews } from './observable-view.js';

export interface LinkedCase {
  case: CaseRow;
  /** The other case's observables that this case also holds. */
  linkedWith: ObservableView[];
  linksCount: number;
  /** The type of a link made by hand (TheHive 5 `POST /case/{id}/link/case/add`). */
  linkType?: string;
}

/** Linked cases, most links first, then most recent first. */
export async function linkedCases(db: Kysely<Database>, scope: Scope, caseId: number): Promise<LinkedCase[]> {
  const pairs = await linkedObservables(db, scope, caseId);
  const byCase = new Map<number, typeof pairs>();
  for (const p of pairs) {
    const list = byCase.get(p.case_id!) ?? [];
    if (!list.some((o) => o.id === p.id)) list.push(p);
    byCase.set(p.case_id!, list);
  }
  const cases = await findCasesByIds(db, scope, [...byCase.keys()]);
  const views = new Map(
    (
      await observableViews(
        db,
        scope,
        pairs.map(({ source_id: _s, ...row }) => row),
      )
    ).map((v) => [v.row.id, v]),
  );
  return cases
    .map((c) => {
      const observables = byCase.get(c.id) ?? [];
      return {
        case: c,
        linkedWith: observables.map((o) => views.get(o.id)!),
        linksCount: observables.length,
      };
    })
    .sort(
      (a, b) => b.linksCount - a.linksCount || b.case.start_date - a.case.start_date || b.case.id - a.case.id,
    );
}

/** The same, for a case the actor names (404 outside its organisation). */
export async function getLinkedCases(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  caseIdOrNumber: string,
): Promise<LinkedCase[]> {
  const kase = await visibleCase(deps.db, ctx, caseIdOrNumber, 'read');
  const scope = scopeOf(ctx);
  const byObservables = await linkedCases(deps.db, scope, kase.id);
  // cases linked by hand come first, with their type (and their shared observables, if any)
  const manual = await caseLinksOf(deps.db, scope, kase.id);
  if (manual.length === 0) return byObservables;
  const shared = new Map(byObservables.map((l) => [l.case.id, l]));
  const rows = new Map(
    (
      await findCasesByIds(
        deps.db,
        scope,
        manual.map((m) => m.other),
      )
    ).map((r) => [r.id, r]),
  );
  const first: LinkedCase[] = [];
  for (const m of manual) {
    const row = rows.get(m.other);
    if (!row) continue;
    const s = shared.get(m.other);
    shared.delete(m.other);
    first.push({
      case: row,
      linkedWith: s?.linkedWith ?? [],
      linksCount: s?.linksCount ?? 0,
      linkType: m.link_type,
    });
  }
  return [...first, ...shared.values()];
}
