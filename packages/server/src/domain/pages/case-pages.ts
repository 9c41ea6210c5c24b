/**
 * Pages of a case and of the organisation's knowledge base (TheHive 5), permission `managePage`.
 * `caseId` null addresses the knowledge base.
 */
import { formatId, notFound } from '@propolis/core';
import type { Transaction } from 'kysely';
import {
  deletePage as deleteRow,
  findPage,
  insertPages,
  listPages,
  type PageRow,
  updatePage as updateRow,
} from '../../db/repositories/pages.js';
import type { Database } from '../../db/schema.js';
import { appendAudit } from '../../events/audit.js';
import { auditedCaseRowDelete } from '../audited-write.js';
import { visibleCase } from '../cases/guards.js';
import { createdNow, type RequestContext, readScopeOf, requirePermission, scopeOf } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';
import { type CheckedPage, checkPage, checkPageUpdate, type PageInput } from './page-input.js';

/** Inserts checked pages on a case (or the knowledge base) inside the caller's transaction. */
export async function insertCheckedPages(
  trx: Transaction<Database>,
  ctx: RequestContext,
  caseId: number | null,
  pages: CheckedPage[],
  now: number,
): Promise<PageRow[]> {
  const rows = await insertPages(
    trx,
    pages.map((p) => ({
      organisation_id: ctx.actor.organisationId,
      case_id: caseId,
      ...p,
      ...createdNow(ctx, now),
    })),
  );
  await appendAudit(
    trx,
    ctx,
    rows.map((r) => ({
      action: 'create' as const,
      objectType: 'Page',
      objectId: formatId(r.id),
      ...(caseId === null ? {} : { rootId: formatId(caseId) }),
      details: { title: r.title, category: r.category },
    })),
  );
  return rows;
}

/** A case page needs managePage; a knowledge-base page of the organisation, TheHive 5's manageKnowledgeBase. */
const pagePermission = (caseId: string | null) => (caseId === null ? 'manageKnowledgeBase' : 'managePage');

async function caseOf(
  deps: Deps,
  ctx: RequestContext,
  caseId: string | null,
  access: 'read' | 'write' = 'write',
): Promise<number | null> {
  return caseId === null ? null : (await visibleCase(deps.db, ctx, caseId, access)).id;
}

export async function createPage(
  deps: Deps,
  ctx: RequestContext,
  caseId: string | null,
  input: PageInput,
): Promise<PageRow> {
  requirePermission(ctx, pagePermission(caseId));
  const page = checkPage(input);
  const target = await caseOf(deps, ctx, caseId);
  const [row] = await inTransaction(deps, (trx) => insertCheckedPages(trx, ctx, target, [page], Date.now()));
  return row!;
}

export async function listPagesOf(
  deps: Deps,
  ctx: RequestContext,
  caseId: string | null,
): Promise<PageRow[]> {
  return listPages(deps.db, readScopeOf(ctx), await caseOf(deps, ctx, caseId, 'read'));
}

/** A page of the case: reads see shared cases' pages, writes only the organisation's own. */
async function pageIn(
  deps: Deps,
  ctx: RequestContext,
  caseId: string | null,
  id: string,
  access: 'read' | 'write',
): Promise<PageRow> {
  const scope = access === 'read' ? readScopeOf(ctx) : scopeOf(ctx);
  const row = await findPage(deps.db, scope, id, await caseOf(deps, ctx, caseId, access));
  if (!row) throw notFound(`Page ${id} not found${caseId === null ? '' : ` in case ${caseId}`}`);
  return row;
}

export const getPage = (deps: Deps, ctx: RequestContext, caseId: string | null, id: string) =>
  pageIn(deps, ctx, caseId, id, 'read');

export async function updatePage(
  deps: Deps,
  ctx: RequestContext,
  caseId: string | null,
  id: string,
  input: Partial<PageInput>,
): Promise<PageRow> {
  requirePermission(ctx, pagePermission(caseId));
  const row = await pageIn(deps, ctx, caseId, id, 'write');
  const changes = checkPageUpdate(input);
  const now = Date.now();
  await inTransaction(deps, async (trx) => {
    await updateRow(trx, scopeOf(ctx), row.id, { ...changes, updated_at: now, updated_by: ctx.actor.login });
    await appendAudit(trx, ctx, [
      {
        action: 'update',
        objectType: 'Page',
        objectId: formatId(row.id),
        ...(row.case_id === null ? {} : { rootId: formatId(row.case_id) }),
        details: { ...changes },
      },
    ]);
  });
  return { ...row, ...changes, updated_at: now, updated_by: ctx.actor.login };
}

export async function deletePage(
  deps: Deps,
  ctx: RequestContext,
  caseId: string | null,
  id: string,
): Promise<void> {
  requirePermission(ctx, pagePermission(caseId));
  const row = await pageIn(deps, ctx, caseId, id, 'write');
  await auditedCaseRowDelete(deps, ctx, deleteRow, 'Page', row);
}
