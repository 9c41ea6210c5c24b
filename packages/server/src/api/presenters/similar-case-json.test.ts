/**
 * The similar cases' JSON text with each case rendered once: the same bytes as serialising their
 * outputs, and never a kept text for a row that changed in any column.
 */
import { describe, expect, it } from 'vitest';
import type { CaseRow } from '../../db/repositories/cases.js';
import type { SimilarCase } from '../../domain/alerts/similarity.js';
import { similarCaseV1 } from './alert.js';
import { CaseJsonCache, similarCasesJsonV1, similarCasesJsonV1Bytes } from './similar-case-json.js';

const row = (id: number, over: Partial<CaseRow> = {}): CaseRow => ({
  id,
  organisation_id: 1,
  number: id,
  title: `case ${id} "quoted" \u00e9 \u2028`,
  description: 'line 1\nline 2 </script>',
  severity: 2,
  start_date: 1_700_000_000_000 + id,
  end_date: null,
  tags: JSON.stringify(['a', 'b:c="d"']),
  flag: 0,
  tlp: 2,
  pap: 2,
  status: 'New',
  stage: 'New',
  impact_status: null,
  summary: null,
  assignee: 'analyst@soc.local',
  case_template: null,
  merged_into: null,
  in_progress_date: null,
  closed_date: null,
  created_at: 1_700_000_000_000 + id,
  created_by: 'analyst@soc.local',
  updated_at: null,
  updated_by: null,
  ...over,
});

const similar = (c: CaseRow, n = 1): SimilarCase => ({
  case: c,
  similarObservableCount: n,
  observableCount: n + 3,
  similarIocCount: n - 1,
  iocCount: 2,
  observableTypes: { ip: n, 'my type': 1 },
});

const expected = (cases: SimilarCase[]) => JSON.stringify(cases.map(similarCaseV1));

/** A value of another kind or content for each column (every column of a case row). */
const changed: { [K in keyof CaseRow]-?: CaseRow[K] } = {
  id: 0, // not changed below: the key
  organisation_id: 2,
  number: 999,
  title: 'renamed',
  description: 'described again',
  severity: 4,
  start_date: 1,
  end_date: 1_800_000_000_000,
  tags: JSON.stringify(['other']),
  flag: 1,
  tlp: 3,
  pap: 0,
  status: 'TruePositive',
  stage: 'Closed',
  impact_status: 'WithImpact',
  summary: 'closed it',
  assignee: null,
  case_template: 'phishing',
  merged_into: 77,
  in_progress_date: 1_700_000_000_500,
  closed_date: 1_800_000_000_000,
  created_at: 5,
  created_by: 'someone@soc.local',
  updated_at: 1_750_000_000_000,
  updated_by: 'other@soc.local',
};

describe('similar cases as JSON text', () => {
  it('writes the same bytes as serialising the outputs, the first time and from the cache', () => {
    const cache = new CaseJsonCache(10);
    const cases = [
      similar(row(3), 4),
      similar(row(2, { end_date: 1_800_000_000_000, summary: 's', updated_at: 9, updated_by: 'u' }), 1),
      similar(row(1, { impact_status: 'NoImpact', case_template: 't', closed_date: 3 }), 2),
    ];
    expect(similarCasesJsonV1(cases, cache)).toBe(expected(cases));
    expect(cache.misses).toBe(3);
    // The counts belong to the answer: other counts, the same kept cases.
    const again = cases.map((s, i) => ({
      ...s,
      similarObservableCount: i + 7,
      observableTypes: { hash: 1 },
    }));
    expect(similarCasesJsonV1(again, cache)).toBe(expected(again));
    expect(cache.hits).toBe(3);
    expect(similarCasesJsonV1([], cache)).toBe('[]');
  });

  it('writes counts and types as JSON.stringify does, whatever they are', () => {
    const cache = new CaseJsonCache(10);
    const cases: SimilarCase[] = [
      // keys that look like integers come first in JSON.stringify's order; names to escape
      { ...similar(row(1)), observableTypes: { ip: 2, '10': 1, 'quo"te \u00e9': 3, '2': 4 } },
      { ...similar(row(2)), observableTypes: {} },
      {
        ...similar(row(3)),
        similarObservableCount: 0,
        observableCount: 9_007_199_254_740_991,
        similarIocCount: 10,
        iocCount: 1_000_000,
      },
      // never given by a count, written as JSON.stringify writes it all the same
      { ...similar(row(4)), similarObservableCount: 1.5, observableCount: -3, similarIocCount: Number.NaN },
    ];
    expect(similarCasesJsonV1(cases, cache)).toBe(expected(cases));
  });

  it('writes the text around the list in the same Buffer', () => {
    const cases = [similar(row(1), 3)];
    const bytes = similarCasesJsonV1Bytes(
      cases,
      '{"title":"\u00e9t\u00e9","similarCases":',
      ',"n":1}',
      new CaseJsonCache(2),
    );
    expect(bytes.toString('utf8')).toBe(`{"title":"\u00e9t\u00e9","similarCases":${expected(cases)},"n":1}`);
    expect(JSON.parse(bytes.toString('utf8')).similarCases).toEqual(JSON.parse(expected(cases)));
  });

  it('renders a case again when any one of its columns changed, and keeps the new text', () => {
    const cache = new CaseJsonCache(10);
    const columns = Object.keys(changed).filter((k) => k !== 'id') as Array<keyof CaseRow>;
    // every column a case row has (as read from the database)
    expect([...columns, 'id'].sort()).toEqual(Object.keys(row(1)).sort());
    for (const column of columns) {
      const before = [similar(row(1))];
      expect(similarCasesJsonV1(before, cache)).toBe(expected(before));
      const after = [similar(row(1, { [column]: changed[column] }))];
      const misses = cache.misses;
      expect(similarCasesJsonV1(after, cache), column).toBe(expected(after));
      expect(cache.misses, column).toBe(misses + 1);
      // the same change, read again: served from the cache
      expect(similarCasesJsonV1([similar(row(1, { [column]: changed[column] }))], cache)).toBe(
        expected(after),
      );
      expect(cache.misses, column).toBe(misses + 1);
    }
  });

  it('ignores only the totals read with the row on PostgreSQL', () => {
    const cache = new CaseJsonCache(10);
    const withTotals = (total: number) =>
      ({ ...row(1), similarity_total: total, similarity_iocs: 1 }) as CaseRow;
    similarCasesJsonV1([similar(withTotals(3))], cache);
    expect(similarCasesJsonV1([similar(withTotals(4))], cache)).toBe(expected([similar(withTotals(4))]));
    expect(cache.hits).toBe(1);
  });

  it('keeps at most its capacity, the least recently answered leaving first', () => {
    const cache = new CaseJsonCache(2);
    similarCasesJsonV1([similar(row(1)), similar(row(2))], cache);
    similarCasesJsonV1([similar(row(1))], cache); // 1 is now the most recent
    similarCasesJsonV1([similar(row(3))], cache); // 2 leaves
    expect(cache.size).toBe(2);
    const misses = cache.misses;
    similarCasesJsonV1([similar(row(1)), similar(row(3))], cache);
    expect(cache.misses).toBe(misses);
    similarCasesJsonV1([similar(row(2))], cache);
    expect(cache.misses).toBe(misses + 1);
  });
});
