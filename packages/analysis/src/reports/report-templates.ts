/**
 * Report templates: an analyzer's short and long reports rendered as HTML, from the operator's own
 * templates when there are some, else by the generic renderer (report-view.ts). TheHive's templates
 * are AngularJS and cannot run here; ours are Liquid (liquidjs), a template language without code:
 * output is HTML-escaped unless a template asks for `| raw`, only a context's own properties are
 * readable, includes and layouts are refused (no file is read but the template itself), and parse
 * and render time and memory are bounded.
 *
 * A template is `<folder>/<analyzer>/short.liquid` or `long.liquid`, where `<analyzer>` is the
 * definition id (`Propolis_FileInfo_1_0`) or the name without the version (`Propolis_FileInfo`),
 * in one of `analysis.reportTemplatePaths`. It sees `content` (the full report), `summary.taxonomies`,
 * `artifacts`, `analyzer`, `status`, `success` and `errorMessage`, and the filters `taxonomies`
 * (labels) and `json_html` (the generic rendering of any value).
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { badRequest } from '@propolis/core';
import { Liquid } from 'liquidjs';
import {
  escapeHtml,
  genericLongReport,
  genericShortReport,
  jsonHtml,
  type ReportContext,
  taxonomyLabels,
} from './report-view.js';

export type ReportKind = 'short' | 'long';

const MAX_TEMPLATE_BYTES = 256 * 1024;

const refuseFiles = {
  // includes, renders and layouts would read other files: none is allowed
  exists: async () => false,
  existsSync: () => false,
  readFile: async () => {
    throw new Error('templates cannot include other files');
  },
  readFileSync: () => {
    throw new Error('templates cannot include other files');
  },
  resolve: (_dir: string, file: string) => file,
};

function engine(): Liquid {
  const liquid = new Liquid({
    fs: refuseFiles,
    relativeReference: false,
    root: [],
    partials: [],
    layouts: [],
    outputEscape: 'escape',
    ownPropertyOnly: true,
    strictFilters: true,
    cache: false,
    parseLimit: 1_000_000,
    renderLimit: 2_000,
    memoryLimit: 64 * 1024 * 1024,
  });
  // filters returning HTML mark it safe from the output escaping by going through `raw`
  liquid.registerFilter('taxonomies', (v: unknown) => taxonomyLabels(Array.isArray(v) ? v : []));
  liquid.registerFilter('json_html', (v: unknown) => jsonHtml(v));
  return liquid;
}

let liquid: Liquid | undefined;

/** The template of an analyzer, if the operator wrote one. */
export function findTemplate(
  folders: readonly string[],
  analyzer: string,
  kind: ReportKind,
): { file: string; source: string } | undefined {
  const names = [analyzer, analyzer.replace(/_\d+(_\d+)*$/, '')];
  for (const folder of folders)
    for (const name of names) {
      if (!/^[A-Za-z0-9._-]+$/.test(name)) continue;
      const file = path.join(folder, name, `${kind}.liquid`);
      try {
        if (statSync(file).size > MAX_TEMPLATE_BYTES) continue;
        return { file, source: readFileSync(file, 'utf8') };
      } catch {
        // no template there
      }
    }
  return undefined;
}

/** Refuses (400) a template that is too large or does not parse. */
export function checkTemplate(source: string): void {
  if (Buffer.byteLength(source) > MAX_TEMPLATE_BYTES)
    throw badRequest(`content: a template is at most ${MAX_TEMPLATE_BYTES} bytes`);
  try {
    liquid ??= engine();
    liquid.parse(source);
  } catch (error) {
    throw badRequest(`content: the template does not parse as Liquid: ${(error as Error).message}`);
  }
}

/**
 * Renders a report: the template stored through the API (`stored`), else the operator's template
 * file, else the generic one; a broken template says why.
 */
export async function renderReport(
  folders: readonly string[],
  kind: ReportKind,
  report: ReportContext,
  stored?: { name: string; source: string },
): Promise<string> {
  const generic = () => (kind === 'short' ? genericShortReport(report) : genericLongReport(report));
  const found = findTemplate(folders, report.analyzer, kind);
  const template = stored
    ? { name: stored.name, source: stored.source }
    : found && { name: `${path.basename(path.dirname(found.file))}/${kind}.liquid`, source: found.source };
  if (!template) return generic();
  try {
    // taxonomies and json_html return HTML: their output is not escaped again
    const source = template.source.replace(
      /\{\{(.*?\|\s*(?:taxonomies|json_html)\s*)\}\}/g,
      (_m, expr: string) => `{{${expr} | raw}}`,
    );
    liquid ??= engine();
    return await liquid.parseAndRender(source, {
      content: report.content,
      summary: { taxonomies: report.taxonomies },
      artifacts: report.artifacts,
      analyzer: report.analyzer,
      status: report.status,
      success: report.success,
      errorMessage: report.errorMessage ?? null,
    });
  } catch (error) {
    return `<p class="template-error">Template ${escapeHtml(template.name)} failed: ${escapeHtml((error as Error).message)}</p>${generic()}`;
  }
}

/** What a template sees of a job row (the report as `reportJson` gives it). */
export function reportContextOf(
  job: { worker_definition_id: string; status: string },
  report: unknown,
): ReportContext {
  const r = (typeof report === 'object' && report !== null ? report : {}) as Record<string, unknown>;
  const summary = (r.summary ?? {}) as { taxonomies?: ReportContext['taxonomies'] };
  return {
    analyzer: job.worker_definition_id,
    status: job.status,
    success: r.success === true,
    errorMessage: typeof r.errorMessage === 'string' ? r.errorMessage : undefined,
    content: r.full ?? {},
    taxonomies: Array.isArray(summary.taxonomies) ? summary.taxonomies : [],
    artifacts: Array.isArray(r.artifacts) ? (r.artifacts as Array<Record<string, unknown>>) : [],
  };
}
