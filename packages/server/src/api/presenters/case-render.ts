/**
 * Renders lists of cases with what they need from other modules (custom fields, task stats).
 */
import { taskStatsOfCases } from '../../db/repositories/tasks.js';
import type { CaseView } from '../../domain/cases/case-view.js';
import { type RequestContext, scopeOf } from '../../domain/context.js';
import type { Deps } from '../../domain/deps.js';
import { caseV0, caseV1 } from './case.js';

export async function renderCasesV1(_deps: Deps, _ctx: RequestContext, cases: CaseView[]) {
  return cases.map((c) => caseV1(c));
}

export async function renderCasesV0(
  deps: Deps,
  ctx: RequestContext,
  cases: CaseView[],
  options: { stats?: boolean } = {},
) {
  const stats = options.stats
    ? await taskStatsOfCases(
        deps.db,
        scopeOf(ctx),
        cases.map((c) => c.row.id),
      )
    : undefined;
  return cases.map((c) => {
    if (!stats) return caseV0(c);
    const s = stats.get(c.row.id) ?? {};
    const total = Object.values(s).reduce((a, b) => a + b, 0);
    return caseV0(c, { stats: { tasks: { ...s, total }, artifacts: {} } });
  });
}
