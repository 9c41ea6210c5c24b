/**
 * One figure of a run and the table printed at the end: each figure against its target, and its
 * ratio to the baseline measured in the same run.
 */
export interface Target {
  goal: number;
  /** `max`: the figure must be at most goal; `min`: at least. */
  kind: 'max' | 'min';
}

export interface Result {
  scenario: string;
  value: number | string;
  unit: string;
  p50?: number;
  target?: Target;
  baseline?: number;
  baselineNote?: string;
  /** Throughput: a ratio above 1 is better (for latencies a ratio above 1 is slower than the baseline). */
  higherIsBetter?: boolean;
  note?: string;
  extra?: unknown;
}

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const padLeft = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);

export function mark(r: Result): string {
  if (!r.target) return '';
  if (typeof r.value !== 'number') return 'n/a';
  const ok = r.target.kind === 'max' ? r.value <= r.target.goal : r.value >= r.target.goal;
  return ok ? 'ok' : 'MISS';
}

export function printTable(title: string, results: Result[]): void {
  const rows = results.map((r) => {
    const value = typeof r.value === 'number' ? `${r.value} ${r.unit}` : r.value;
    const target = r.target ? `${r.target.kind === 'max' ? '≤' : '≥'} ${r.target.goal} ${r.unit}` : '';
    const base = r.baseline !== undefined ? `${r.baseline} ${r.unit}` : '';
    const ratio =
      r.baseline !== undefined && typeof r.value === 'number' && r.baseline > 0
        ? `${(r.value / r.baseline).toFixed(2)}×`
        : '';
    return [r.scenario, r.p50 !== undefined ? `${r.p50} ms` : '', value, target, mark(r), base, ratio];
  });
  const head = ['scenario', 'p50', 'figure', 'target', '', 'baseline', 'ratio'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 || i === 4 ? pad(c, widths[i]!) : padLeft(c, widths[i]!))).join('  ');
  const out = [`\n${title}`, line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
  out.push('ratio: figure / baseline (throughput: higher is better; latency: how many times the baseline)');
  process.stdout.write(`${out.join('\n')}\n`);
}
