/**
 * The generic rendering of a job's report, for any analyzer without a template of its own: the short
 * report is the summary's taxonomies as labels (`Namespace:Predicate="value"`, coloured by level),
 * the long report those labels, then the full JSON report as nested tables, then the artifacts.
 * Everything from the report is HTML-escaped.
 */

export interface ReportContext {
  /** The analyzer's name (its definition id, `Propolis_FileInfo_1_0`) and worker name. */
  analyzer: string;
  status: string;
  success: boolean;
  errorMessage?: string;
  /** The full report (`full`), what TheHive's templates call `content`. */
  content: unknown;
  taxonomies: Array<{ level: string; namespace: string; predicate: string; value: unknown }>;
  artifacts: Array<Record<string, unknown>>;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

const text = (v: unknown) => escapeHtml(typeof v === 'string' ? v : (JSON.stringify(v) ?? ''));

export function taxonomyLabels(taxonomies: ReportContext['taxonomies']): string {
  return taxonomies
    .map((t) => {
      const level = ['info', 'safe', 'suspicious', 'malicious'].includes(t.level) ? t.level : 'info';
      return `<span class="taxonomy taxonomy-${level}">${text(t.namespace)}:${text(t.predicate)}="${text(t.value)}"</span>`;
    })
    .join(' ');
}

const MAX_DEPTH = 12;
const MAX_ITEMS = 500;

/** A JSON value as nested HTML: objects as two-column tables, arrays as lists. */
export function jsonHtml(value: unknown, depth = 0): string {
  if (value === null || value === undefined) return '<span class="json-null">—</span>';
  if (depth > MAX_DEPTH) return `<code>${text(value)}</code>`;
  if (Array.isArray(value)) {
    if (value.length === 0) return '<span class="json-empty">(none)</span>';
    const items = value.slice(0, MAX_ITEMS).map((v) => `<li>${jsonHtml(v, depth + 1)}</li>`);
    if (value.length > MAX_ITEMS) items.push(`<li>… ${value.length - MAX_ITEMS} more</li>`);
    return `<ul>${items.join('')}</ul>`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return '<span class="json-empty">(empty)</span>';
    const rows = entries
      .slice(0, MAX_ITEMS)
      .map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${jsonHtml(v, depth + 1)}</td></tr>`);
    return `<table class="json">${rows.join('')}</table>`;
  }
  return `<span class="json-${typeof value}">${text(value)}</span>`;
}

export function genericShortReport(r: ReportContext): string {
  if (!r.success) return `<span class="taxonomy taxonomy-info">${text(r.analyzer)}:${text(r.status)}</span>`;
  return taxonomyLabels(r.taxonomies);
}

export function genericLongReport(r: ReportContext): string {
  const parts = [`<div class="report"><h3>${text(r.analyzer)}</h3>`];
  if (!r.success) {
    parts.push(
      `<p class="report-status">${text(r.status)}</p>`,
      r.errorMessage ? `<pre class="report-error">${text(r.errorMessage)}</pre>` : '',
    );
  } else {
    parts.push(`<p class="report-summary">${taxonomyLabels(r.taxonomies)}</p>`);
    parts.push(`<section class="report-full">${jsonHtml(r.content)}</section>`);
    if (r.artifacts.length > 0)
      parts.push(
        `<section class="report-artifacts"><h4>Artifacts</h4><ul>${r.artifacts
          .map((a) => `<li>${text(a.dataType)}: ${text(a.data ?? a.filename ?? '')}</li>`)
          .join('')}</ul></section>`,
      );
  }
  parts.push('</div>');
  return parts.join('');
}
