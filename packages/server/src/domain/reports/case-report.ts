/**
 * `GET /api/v1/case/{id}/report?template=&format=`: a case rendered with a report template of the
 * organisation (or the built-in `default`), as Markdown, HTML or PDF (docs/reports.md).
 */
import { badRequest, notFound } from '@propolis/core';
import { reportTemplateByName } from '../../db/repositories/case-report-templates.js';
import { renderTemplate } from '../../events/notify/templates.js';
import { type RequestContext, scopeOf } from '../context.js';
import type { Deps } from '../deps.js';
import { DEFAULT_REPORT_TEMPLATE } from './default-template.js';
import type { ReportFormat } from './report-output.js';
import { caseReportView } from './report-view.js';

export interface CaseReport {
  filename: string;
  contentType: string;
  body: Buffer | string;
}

const FORMATS: Record<ReportFormat, { ext: string; contentType: string }> = {
  markdown: { ext: 'md', contentType: 'text/markdown; charset=utf-8' },
  html: { ext: 'html', contentType: 'text/html; charset=utf-8' },
  pdf: { ext: 'pdf', contentType: 'application/pdf' },
};

export async function caseReport(
  deps: Deps,
  ctx: RequestContext,
  caseIdOrNumber: string,
  options: { template?: string; format?: string },
): Promise<CaseReport> {
  const format = (options.format ?? 'markdown') as ReportFormat;
  if (!(format in FORMATS)) throw badRequest(`format: one of ${Object.keys(FORMATS).join(', ')}`);
  const view = await caseReportView(deps, ctx, caseIdOrNumber);
  let template = DEFAULT_REPORT_TEMPLATE;
  const name = options.template ?? 'default';
  const own = await reportTemplateByName(deps.db, scopeOf(ctx), name);
  if (own) template = own.content;
  else if (name !== 'default') throw notFound(`Case report template ${name} not found`);
  const markdown = renderTemplate(template, view as unknown as Record<string, unknown>);
  const title = `Case #${view.case.number} ${view.case.title}`;
  // micromark and pdfkit (with its fonts' libraries, about 2 MB) load on the first report, not at start
  const output = format === 'markdown' ? undefined : await import('./report-output.js');
  const body = !output
    ? markdown
    : format === 'html'
      ? output.markdownToHtml(markdown, title)
      : await output.markdownToPdf(markdown, title);
  return {
    filename: `case-${view.case.number}-report.${FORMATS[format].ext}`,
    contentType: FORMATS[format].contentType,
    body,
  };
}
