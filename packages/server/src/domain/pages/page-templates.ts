/**
 * Page templates of an organisation (TheHive 5 `/pageTemplate`) and their links to case templates:
 * a case created from a case template gets one page per linked page template. Managed with
 * `manageCaseTemplate`, like the case templates they belong to.
 */
import { badRequest, formatId, notFound } from '@propolis/core';
import type { Kysely } from 'kysely';
import { findCaseTemplate } from '../../db/repositories/case-templates.js';
import {
  caseTemplateCounts,
  deletePageTemplate as deleteRow,
  findPageTemplate,
  insertPageTemplate,
  listPageTemplates as listRows,
  type PageTemplateRow,
  pageTemplatesOfCaseTemplate,
  setCaseTemplatePages,
  updatePageTemplate as updateRow,
} from '../../db/repositories/page-templates.js';
import type { Database } from '../../db/schema.js';
import type { Scope } from '../../db/scope.js';
import { appendAudit } from '../../events/audit.js';
import { createdNow, permittedScope, type RequestContext, requirePermission, scopeOf } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';
import { type CheckedPage, checkPage, checkPageUpdate, type PageInput } from './page-input.js';

export async function visiblePageTemplate(
  deps: Deps,
  ctx: RequestContext,
  id: string,
): Promise<PageTemplateRow> {
  const row = await findPageTemplate(deps.db, scopeOf(ctx), id);
  if (!row) throw notFound(`Page template ${id} not found`);
  return row;
}

export async function listPageTemplates(deps: Deps, ctx: RequestContext): Promise<PageTemplateRow[]> {
  return listRows(deps.db, scopeOf(ctx));
}

export async function createPageTemplate(
  deps: Deps,
  ctx: RequestContext,
  input: PageInput,
): Promise<PageTemplateRow> {
  requirePermission(ctx, 'managePageTemplate');
  const page = checkPage(input);
  const now = Date.now();
  return inTransaction(deps, async (trx) => {
    const row = await insertPageTemplate(trx, {
      organisation_id: ctx.actor.organisationId,
      ...page,
      ...createdNow(ctx, now),
    });
    await appendAudit(trx, ctx, [
      {
        action: 'create',
        objectType: 'PageTemplate',
        objectId: formatId(row.id),
        details: { title: page.title },
      },
    ]);
    return row;
  });
}

export async function updatePageTemplate(
  deps: Deps,
  ctx: RequestContext,
  id: string,
  input: Partial<PageInput>,
): Promise<PageTemplateRow> {
  requirePermission(ctx, 'managePageTemplate');
  const row = await visiblePageTemplate(deps, ctx, id);
  const changes = checkPageUpdate(input);
  const now = Date.now();
  await inTransaction(deps, async (trx) => {
    await updateRow(trx, scopeOf(ctx), row.id, { ...changes, updated_at: now, updated_by: ctx.actor.login });
    await appendAudit(trx, ctx, [
      { action: 'update', objectType: 'PageTemplate', objectId: formatId(row.id), details: { ...changes } },
    ]);
  });
  return { ...row, ...changes, updated_at: now, updated_by: ctx.actor.login };
}

export async function deletePageTemplate(deps: Deps, ctx: RequestContext, id: string): Promise<void> {
  requirePermission(ctx, 'managePageTemplate');
  const row = await visiblePageTemplate(deps, ctx, id);
  await inTransaction(deps, async (trx) => {
    await deleteRow(trx, scopeOf(ctx), row.id);
    await appendAudit(trx, ctx, [
      { action: 'delete', objectType: 'PageTemplate', objectId: formatId(row.id) },
    ]);
  });
}

/** `PUT /caseTemplate/{id}/pageTemplate/link`: the case template's page templates become these. */
export async function linkPageTemplates(
  deps: Deps,
  ctx: RequestContext,
  caseTemplateId: string,
  pageTemplateIds: string[],
): Promise<void> {
  const scope = permittedScope(ctx, 'managePageTemplate');
  const template = await findCaseTemplate(deps.db, scope, caseTemplateId);
  if (!template) throw notFound(`Case template ${caseTemplateId} not found`);
  const ids: number[] = [];
  for (const [i, id] of pageTemplateIds.entries()) {
    const row = await findPageTemplate(deps.db, scope, id);
    if (!row) throw badRequest(`pageTemplateIds[${i}]: no page template "${id}" in this organisation`);
    ids.push(row.id);
  }
  await inTransaction(deps, async (trx) => {
    await setCaseTemplatePages(trx, template.id, ids);
    await appendAudit(trx, ctx, [
      {
        action: 'update',
        objectType: 'CaseTemplate',
        objectId: formatId(template.id),
        details: { pageTemplateIds: ids.map(formatId) },
      },
    ]);
  });
}

/** The pages a case created from this case template starts with. */
export async function templatePages(
  db: Kysely<Database>,
  scope: Scope,
  caseTemplateId: number,
): Promise<CheckedPage[]> {
  return (await pageTemplatesOfCaseTemplate(db, scope, caseTemplateId)).map((t) => ({
    title: t.title,
    category: t.category,
    content: t.content,
    order: t.order,
  }));
}

export async function pageTemplatesOf(
  deps: Deps,
  ctx: RequestContext,
  caseTemplateId: string,
): Promise<PageTemplateRow[]> {
  const scope = scopeOf(ctx);
  const template = await findCaseTemplate(deps.db, scope, caseTemplateId);
  if (!template) throw notFound(`Case template ${caseTemplateId} not found`);
  return pageTemplatesOfCaseTemplate(deps.db, scope, template.id);
}

export { caseTemplateCounts };
