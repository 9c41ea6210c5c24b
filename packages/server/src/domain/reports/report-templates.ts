/**
 * Case report templates of the acting organisation (docs/reports.md): Mustache over the report
 * view, checked when saved (a syntax error is a 400 that says where). Managed with the
 * `manageCaseTemplate` permission, read by any user of the organisation; each write is one
 * transaction with its audit row.
 */
import { badRequest, formatId, notFound, PropolisError, parseId } from '@propolis/core';
import {
  type CaseReportTemplateRow,
  deleteReportTemplate,
  insertReportTemplate,
  reportTemplateById,
  reportTemplateByName,
  reportTemplates,
  updateReportTemplate,
} from '../../db/repositories/case-report-templates.js';
import { appendAudit } from '../../events/audit.js';
import { checkTemplate } from '../../events/notify/templates.js';
import { auditedDelete, auditedWrite } from '../audited-write.js';
import { createdNow, type RequestContext, requirePermission, scopeOf } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';

export interface ReportTemplateInput {
  name?: string;
  description?: string;
  content?: string;
}

const NAME = /^[\p{L}\p{N}][\p{L}\p{N} ._-]{0,127}$/u;

function checkName(name: unknown): string {
  if (typeof name !== 'string' || !NAME.test(name))
    throw badRequest('name: 1-128 letters, digits, spaces, ".", "_" or "-", starting with a letter or digit');
  if (name === 'default') throw badRequest('name: "default" is the built-in template; choose another name');
  return name;
}

export const listReportTemplates = (deps: Deps, ctx: RequestContext) =>
  reportTemplates(deps.db, scopeOf(ctx));

export async function getReportTemplate(deps: Deps, ctx: RequestContext, idOrName: string) {
  const id = parseId(idOrName);
  const row =
    (id === undefined ? undefined : await reportTemplateById(deps.db, scopeOf(ctx), id)) ??
    (await reportTemplateByName(deps.db, scopeOf(ctx), idOrName));
  if (!row) throw notFound(`Case report template ${idOrName} not found`);
  return row;
}

export async function createReportTemplate(
  deps: Deps,
  ctx: RequestContext,
  input: ReportTemplateInput,
): Promise<CaseReportTemplateRow> {
  requirePermission(ctx, 'manageCaseReportTemplate');
  const name = checkName(input.name);
  const content = checkTemplate(input.content, 'content');
  const scope = scopeOf(ctx);
  if (await reportTemplateByName(deps.db, scope, name))
    throw new PropolisError('ConflictError', `A case report template named ${name} exists already`);
  const now = Date.now();
  return inTransaction(deps, async (trx) => {
    const row = await insertReportTemplate(trx, {
      organisation_id: scope.organisationId,
      name,
      description: input.description ?? '',
      content,
      ...createdNow(ctx, now),
    });
    await appendAudit(trx, ctx, [
      { action: 'create', objectType: 'CaseReportTemplate', objectId: formatId(row.id), details: { name } },
    ]);
    return row;
  });
}

export async function updateReportTemplateCommand(
  deps: Deps,
  ctx: RequestContext,
  idOrName: string,
  input: ReportTemplateInput,
): Promise<CaseReportTemplateRow> {
  requirePermission(ctx, 'manageCaseReportTemplate');
  const row = await getReportTemplate(deps, ctx, idOrName);
  const scope = scopeOf(ctx);
  const set: Record<string, unknown> = {};
  if (input.name !== undefined && input.name !== row.name) {
    set.name = checkName(input.name);
    if (await reportTemplateByName(deps.db, scope, set.name as string))
      throw new PropolisError('ConflictError', `A case report template named ${set.name} exists already`);
  }
  if (input.description !== undefined) set.description = input.description;
  if (input.content !== undefined) set.content = checkTemplate(input.content, 'content');
  if (Object.keys(set).length === 0) return row;
  await auditedWrite(
    deps,
    ctx,
    (trx) =>
      updateReportTemplate(trx, scope, row.id, {
        ...set,
        updated_at: Date.now(),
        updated_by: ctx.actor.login,
      }),
    {
      action: 'update',
      objectType: 'CaseReportTemplate',
      id: row.id,
      details: { ...set, ...(set.content ? { content: '(changed)' } : {}) },
    },
  );
  return getReportTemplate(deps, ctx, formatId(row.id));
}

export async function deleteReportTemplateCommand(deps: Deps, ctx: RequestContext, idOrName: string) {
  requirePermission(ctx, 'manageCaseReportTemplate');
  const row = await getReportTemplate(deps, ctx, idOrName);
  await auditedDelete(deps, ctx, deleteReportTemplate, {
    objectType: 'CaseReportTemplate',
    id: row.id,
    details: { name: row.name },
  });
}
