import { describe, expect, it } from 'vitest';
import { fullReportText, MAX_TAXONOMIES, taxonomiesOf } from './report';

describe('analysis report display', () => {
  it('reads the summary taxonomies and skips malformed ones', () => {
    const report = {
      summary: {
        taxonomies: [
          { level: 'malicious', namespace: 'VT', predicate: 'Score', value: '12/70' },
          { level: 'safe', namespace: 'IP', predicate: 'Class', value: 3 },
          { namespace: 'NoLevel', predicate: 'x', value: { nested: true } },
          { level: 'info', predicate: 'no-namespace', value: 1 },
          'junk',
          null,
        ],
      },
    };
    expect(taxonomiesOf(report)).toEqual([
      { level: 'malicious', namespace: 'VT', predicate: 'Score', value: '12/70' },
      { level: 'safe', namespace: 'IP', predicate: 'Class', value: 3 },
      { level: 'info', namespace: 'NoLevel', predicate: 'x', value: '' },
    ]);
    expect(taxonomiesOf(undefined)).toEqual([]);
    expect(taxonomiesOf({ summary: { taxonomies: 'nope' } })).toEqual([]);
    const many = {
      summary: {
        taxonomies: Array.from({ length: 500 }, (_, i) => ({ namespace: 'n', predicate: `p${i}`, value: i })),
      },
    };
    expect(taxonomiesOf(many)).toHaveLength(MAX_TAXONOMIES);
  });

  it('shows the full report as indented JSON, cut when it is long', () => {
    expect(fullReportText({ a: 1 })).toEqual({ text: '{\n  "a": 1\n}', cut: false, total: 12 });
    const big = { data: 'x'.repeat(5000) };
    const shown = fullReportText(big, 1000);
    expect(shown.cut).toBe(true);
    expect(shown.text).toHaveLength(1000);
    expect(shown.total).toBeGreaterThan(5000);
    expect(fullReportText('<script>alert(1)</script>').text).toBe('<script>alert(1)</script>');
  });
});
