/**
 * Reading cases: one by id or number, or a page of the organisation's cases (newest first).
 */
import { listCases as listRows } from '../../db/repositories/cases.js';
import { type RequestContext, readScopeOf } from '../context.js';
import type { Deps } from '../deps.js';
import { type CaseView, toCaseView } from './case-view.js';
import { visibleCase } from './guards.js';

export const getCase = async (deps: Deps, ctx: RequestContext, idOrNumber: string): Promise<CaseView> =>
  toCaseView(await visibleCase(deps.db, ctx, idOrNumber, 'read'));

export const listCases = async (
  deps: Deps,
  ctx: RequestContext,
  page: { offset: number; limit: number },
): Promise<CaseView[]> => (await listRows(deps.db, readScopeOf(ctx), page)).map(toCaseView);
