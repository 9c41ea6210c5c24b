/**
 * Reading an analyzer's report for display: its summary taxonomies (checked, at most a few dozen)
 * and its full report as indented JSON text, cut at a bound so a huge report never freezes the page.
 */
export interface Taxonomy {
  level: string;
  namespace: string;
  predicate: string;
  value: string | number | boolean;
}

export const MAX_TAXONOMIES = 50;
export const MAX_REPORT_CHARS = 100_000;

export function taxonomiesOf(report: unknown): Taxonomy[] {
  const summary = (report as { summary?: { taxonomies?: unknown } } | undefined)?.summary;
  const list = Array.isArray(summary?.taxonomies) ? (summary.taxonomies as unknown[]) : [];
  const out: Taxonomy[] = [];
  for (const t of list) {
    if (!t || typeof t !== 'object') continue;
    const { level, namespace, predicate, value } = t as Record<string, unknown>;
    if (typeof namespace !== 'string' || typeof predicate !== 'string') continue;
    const v =
      typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : '';
    out.push({ level: typeof level === 'string' ? level : 'info', namespace, predicate, value: v });
    if (out.length === MAX_TAXONOMIES) break;
  }
  return out;
}

export function fullReportText(
  report: unknown,
  max = MAX_REPORT_CHARS,
): { text: string; cut: boolean; total: number } {
  let text: string;
  try {
    text = typeof report === 'string' ? report : (JSON.stringify(report ?? {}, null, 2) ?? '');
  } catch {
    text = String(report);
  }
  return text.length > max
    ? { text: text.slice(0, max), cut: true, total: text.length }
    : { text, cut: false, total: text.length };
}
