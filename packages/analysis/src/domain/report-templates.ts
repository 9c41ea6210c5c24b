/**
 * Report templates stored through TheHive's connector (`/api/connector/cortex/analyzer/template`),
 * platform-wide as in TheHive 4: read by every user, written with manageAnalyzerTemplate (the admin
 * organisation's profile). A template is Liquid (reports/report-templates.ts), checked when saved.
 * A zip of templates (`<analyzer>/long.liquid`, `<analyzer>/short.liquid`) imports them all,
 * replacing those of the same analyzer and type; TheHive's AngularJS `.html` files are refused (they
 * cannot run here). Every write is audited (`AnalyzerTemplate`).
 */
import { badRequest, conflict, formatId, notFound, parseId } from '@propolis/core';
import {
  appendAudit,
  inTransaction,
  type RequestContext,
  requirePermission,
  unzipEntries,
} from '@propolis/server/extension';
import {
  deleteReportTemplate,
  findReportTemplate,
  insertReportTemplate,
  listReportTemplates,
  type ReportTemplateRow,
  templateFor,
  updateReportTemplate,
} from '../db/report-templates.js';
import { analysisDb } from '../db/schema.js';
import { checkTemplate } from '../reports/report-templates.js';
import type { Analysis } from './analysis.js';

const TYPES = ['short', 'long'];
const ANALYZER_ID = /^[A-Za-z0-9._-]{1,255}$/;

function checkFields(analyzerId: string, reportType: string, content: string): void {
  if (!ANALYZER_ID.test(analyzerId))
    throw badRequest('analyzerId: an analyzer definition id or name (letters, digits, ".", "_", "-")');
  if (!TYPES.includes(reportType)) throw badRequest('reportType: must be short or long');
  checkTemplate(content);
}

const audit = (action: 'create' | 'update' | 'delete', row: ReportTemplateRow) => ({
  action,
  objectType: 'AnalyzerTemplate',
  objectId: formatId(row.id),
  details: { analyzerId: row.analyzer_id, reportType: row.report_type },
});

export async function listTemplates(a: Analysis): Promise<ReportTemplateRow[]> {
  return listReportTemplates(analysisDb(a.deps.db));
}

export async function getTemplate(a: Analysis, id: string): Promise<ReportTemplateRow> {
  const key = parseId(id);
  const row = key === undefined ? undefined : await findReportTemplate(analysisDb(a.deps.db), key);
  if (!row) throw notFound(`Analyzer template ${id} not found`);
  return row;
}

/** The stored template of an analyzer (by definition id, else by name without version). */
export async function storedTemplate(
  a: Analysis,
  analyzer: string,
  reportType: string,
): Promise<ReportTemplateRow | undefined> {
  const ids = [...new Set([analyzer, analyzer.replace(/_\d+(_\d+)*$/, '')])];
  return templateFor(analysisDb(a.deps.db), ids, reportType);
}

export async function createTemplate(
  a: Analysis,
  ctx: RequestContext,
  input: { analyzerId: string; reportType?: string; content: string },
): Promise<ReportTemplateRow> {
  requirePermission(ctx, 'manageAnalyzerTemplate');
  const reportType = input.reportType ?? 'long';
  checkFields(input.analyzerId, reportType, input.content);
  return inTransaction(a.deps, async (trx) => {
    const db = analysisDb(trx);
    if (await templateFor(db, [input.analyzerId], reportType))
      throw conflict(`${input.analyzerId} already has a ${reportType} template: update it instead`);
    const row = await insertReportTemplate(db, {
      analyzer_id: input.analyzerId,
      report_type: reportType,
      content: input.content,
      created_at: Date.now(),
      created_by: ctx.actor.login,
      updated_at: null,
      updated_by: null,
    });
    await appendAudit(trx, ctx, [audit('create', row)]);
    return row;
  });
}

export async function changeTemplate(
  a: Analysis,
  ctx: RequestContext,
  id: string,
  content: string,
): Promise<ReportTemplateRow> {
  requirePermission(ctx, 'manageAnalyzerTemplate');
  const current = await getTemplate(a, id);
  checkFields(current.analyzer_id, current.report_type, content);
  return inTransaction(a.deps, async (trx) => {
    const row = await updateReportTemplate(analysisDb(trx), current.id, {
      content,
      updated_at: Date.now(),
      updated_by: ctx.actor.login,
    });
    if (!row) throw notFound(`Analyzer template ${id} not found`);
    await appendAudit(trx, ctx, [audit('update', row)]);
    return row;
  });
}

export async function removeTemplate(a: Analysis, ctx: RequestContext, id: string): Promise<void> {
  requirePermission(ctx, 'manageAnalyzerTemplate');
  const current = await getTemplate(a, id);
  await inTransaction(a.deps, async (trx) => {
    await deleteReportTemplate(analysisDb(trx), current.id);
    await appendAudit(trx, ctx, [audit('delete', current)]);
  });
}

/** Imports a zip of `<analyzer>/<short|long>.liquid`; answers per entry "Ok" or why it was refused. */
export async function importTemplates(
  a: Analysis,
  ctx: RequestContext,
  zip: Buffer,
): Promise<Record<string, string>> {
  requirePermission(ctx, 'manageAnalyzerTemplate');
  const entries = await unzipEntries(zip, undefined, { maxEntries: 2000, maxTotalSize: 64 * 1024 * 1024 });
  const out: Record<string, string> = {};
  const accepted: Array<{ analyzerId: string; reportType: string; content: string; path: string }> = [];
  for (const entry of entries) {
    const parts = entry.path.split('/').filter((p) => p !== '');
    const file = parts.pop() ?? '';
    const analyzerId = parts.pop() ?? '';
    const m = /^(short|long)\.(liquid|html)$/.exec(file);
    if (!m) continue;
    if (m[2] === 'html') {
      out[entry.path] =
        'Refused: an AngularJS template (.html) cannot run here; write it in Liquid (.liquid)';
      continue;
    }
    const content = Buffer.from(entry.bytes).toString('utf8');
    try {
      checkFields(analyzerId, m[1]!, content);
      accepted.push({ analyzerId, reportType: m[1]!, content, path: entry.path });
    } catch (error) {
      out[entry.path] = `Refused: ${(error as Error).message}`;
    }
  }
  if (accepted.length === 0 && Object.keys(out).length === 0)
    throw badRequest('templates: the zip holds no <analyzer>/short.liquid or <analyzer>/long.liquid');
  await inTransaction(a.deps, async (trx) => {
    const db = analysisDb(trx);
    const now = Date.now();
    const rows: ReportTemplateRow[] = [];
    for (const t of accepted) {
      const existing = await templateFor(db, [t.analyzerId], t.reportType);
      const row = existing
        ? await updateReportTemplate(db, existing.id, {
            content: t.content,
            updated_at: now,
            updated_by: ctx.actor.login,
          })
        : await insertReportTemplate(db, {
            analyzer_id: t.analyzerId,
            report_type: t.reportType,
            content: t.content,
            created_at: now,
            created_by: ctx.actor.login,
            updated_at: null,
            updated_by: null,
          });
      if (row) rows.push(row);
      out[t.path] = 'Ok';
    }
    await appendAudit(
      trx,
      ctx,
      rows.map((r) => audit(r.updated_at ? 'update' : 'create', r)),
    );
  });
  return out;
}
