/**
 * Renders lists of cases with what they need from other modules: custom field values and v1
 * `access` (one query each for the whole list) and, for v0 `nstats`, task counts.
 */
import { accessOfCases } from '../../db/repositories/shares.js';
import { taskStatsOfCases } from '../../db/repositories/tasks.js';
import type { CaseView } from '../../domain/cases/case-view.js';
import { type RequestContext, readScopeOf } from '../../domain/context.js';
import { readCustomFieldValues } from '../../domain/custom-fields/values.js';
import type { Deps } from '../../domain/deps.js';
import { caseV0, caseV1 } from './case.js';
import { customFieldsV0, customFieldsV1 } from './custom-fields.js';

const idsOf = (cases: CaseView[]) => cases.map((c) => c.row.id);

export async function renderCasesV1(deps: Deps, _ctx: RequestContext, cases: CaseView[]) {
  const values = await readCustomFieldValues(deps.db, 'case', idsOf(cases));
  const restricted = await accessOfCases(deps.db, idsOf(cases));
  return cases.map((c) => {
    const users = restricted.get(c.row.id);
    return caseV1(c, {
      customFields: customFieldsV1(values.get(c.row.id) ?? []),
      access: users ? { kind: 'restricted', users } : { kind: 'public' },
    });
  });
}

export async function renderCasesV0(
  deps: Deps,
  ctx: RequestContext,
  cases: CaseView[],
  options: { stats?: boolean } = {},
) {
  const values = await readCustomFieldValues(deps.db, 'case', idsOf(cases));
  const stats = options.stats ? await taskStatsOfCases(deps.db, readScopeOf(ctx), idsOf(cases)) : undefined;
  return cases.map((c) => {
    const customFields = customFieldsV0(values.get(c.row.id) ?? []);
    if (!stats) return caseV0(c, { customFields });
    const s = stats.get(c.row.id) ?? {};
    const total = Object.values(s).reduce((a, b) => a + b, 0);
    return caseV0(c, { customFields, stats: { tasks: { ...s, total }, artifacts: {} } });
  });
}
