import { describe, expect, it } from 'vitest';
import { queryPlan } from '../../test-support/explain.js';
import { useTestServer } from '../../test-support/server.js';
import type { Scope } from '../scope.js';
import { alertsByIdsQuery } from './alerts.js';
import { casesByIdsQuery } from './cases.js';
import {
  type ObservableRow,
  observableCountsOfCasesQuery,
  similarityKeysOfAlertQuery,
  similarObservablesQuery,
} from './observables.js';
import { casesWithTotalsQuery, mergedMatchesWithCasesQuery } from './similar-cases.js';
import {
  newestMatchesQuery,
  notImportedAlertIdsQuery,
  otherCasesObservablesQuery,
  seenCountsQuery,
} from './similarity.js';

const keys = [
  { data_type: 'ip', data_key: 'a'.repeat(64) },
  { data_type: 'domain', data_key: 'b'.repeat(64) },
];
const scope: Scope = { organisationId: 1, platformAdmin: false };

describe('similarity repository plans', () => {
  const server = useTestServer();

  /** The plan, with the parameters bound as the server binds them; on PostgreSQL with `off` planner settings. */
  const plan = async (compiled: { sql: string; parameters: readonly unknown[] }, off: string[] = []) =>
    (await queryPlan(server.propolis.deps.db, server.dialect, compiled, off)).join('\n');

  it('reads the newest cases and alerts of each value in index order, without the table', async () => {
    // Case observables have partial indexes of their own; alert observables are read on the index of
    // every observable by value (migration 0036).
    const indexOf = { case: 'observable_similar_case', alert: 'observable_value' } as const;
    for (const side of ['case', 'alert'] as const) {
      const column = `${side}_id`;
      const reads = [
        { key: keys[0]!, limit: 100 },
        { key: keys[1]!, limit: 200, below: 500 },
      ];
      const q = newestMatchesQuery(server.propolis.deps.db, scope, side, reads, {
        exclude: 7,
        from: 20,
      }).compile();
      // Sorting is disabled on PostgreSQL so that the plan shows whether the index order serves it.
      const text = await plan(q, ['enable_bitmapscan', 'enable_sort']);
      if (server.dialect === 'sqlite') {
        const searches = text.split('\n').filter((l) => l.includes('SEARCH'));
        expect(searches, text).toHaveLength(2);
        for (const line of searches)
          expect(line).toMatch(
            new RegExp(
              `^SEARCH observable USING COVERING INDEX ${indexOf[side]} \\(organisation_id=\\? AND data_key=\\? AND data_type=\\? AND ${column}>\\?( AND ${column}<\\?)?\\)$`,
            ),
          );
        expect(text).not.toMatch(/TEMP B-TREE|SCAN observable/);
      } else {
        expect(text).toContain(`Index Only Scan Backward using ${indexOf[side]} on observable`);
        expect(text).not.toMatch(/Seq Scan|Sort/);
      }
    }
  });

  it("merges the values' reads newest parent first, without sorting, when the rows are capped", async () => {
    const reads = [
      { key: keys[0]!, limit: 100 },
      { key: keys[1]!, limit: 200, below: 500 },
      { key: { data_type: 'fqdn', data_key: 'c'.repeat(64) }, limit: 100 },
    ];
    const q = newestMatchesQuery(server.propolis.deps.db, scope, 'case', reads, { exclude: 7, rows: 250 });
    expect(q.merged).toBe(true);
    const text = await plan(q.compile(), ['enable_bitmapscan', 'enable_sort']);
    if (server.dialect === 'sqlite') {
      expect(text).toContain('MERGE (UNION ALL)');
      expect(
        text
          .split('\n')
          .filter((l) => l.includes('SEARCH observable USING COVERING INDEX observable_similar_case')),
      ).toHaveLength(3);
      expect(text).not.toMatch(/TEMP B-TREE|SCAN observable/);
    } else {
      // One ordered merge of backward index-only range reads, stopped by the limit: no sort, and
      // as many reads as the padded text has (3 reads are written as 4, the fourth reads nothing).
      expect(text).toMatch(/Limit[^\n]*\n\s*->\s+Merge Append/);
      expect(
        text.match(/Index Only Scan Backward using observable_similar_case on observable/g),
      ).toHaveLength(4);
      expect(text).not.toMatch(/Seq Scan|Sort(?! Key)|Nested Loop/);
    }
  });

  it('counts the observables and IOCs of the answered cases on observable_case_counts alone', async () => {
    const q = observableCountsOfCasesQuery(server.propolis.deps.db, scope, [3, 5, 8]).compile();
    const text = await plan(q, ['enable_bitmapscan']);
    if (server.dialect === 'sqlite') {
      expect(text).toMatch(
        /SEARCH observable USING COVERING INDEX observable_case_counts \(organisation_id=\? AND case_id=\?\)/,
      );
    } else {
      expect(text).toContain('Index Only Scan using observable_case_counts on observable');
    }
  });

  it('reads the answered cases with their totals in one statement on PostgreSQL, by primary key and on observable_case_counts alone', async (context) => {
    if (server.dialect !== 'postgres') context.skip();
    const ids = Array.from({ length: 100 }, (_, i) => i + 1);
    for (const shared of [false, true]) {
      const q = casesWithTotalsQuery(server.propolis.deps.db, { ...scope, shared }, ids, shared).compile();
      const text = await plan(q, ['enable_bitmapscan']);
      expect(text).toContain('Index Scan using case_pkey on "case"');
      if (!shared) {
        expect(text).toContain('Index Only Scan using observable_case_counts on observable');
        // Each case's totals counted on its own index range (LATERAL), not every case's grouped and joined.
        expect(text).toMatch(/Index Cond: \(\(organisation_id = .+\) AND \(case_id = "case"\.id\)\)/);
        expect(text).not.toContain('HashAggregate');
      }
      expect(text).not.toMatch(/Seq Scan on (case|observable)\b/);
    }
  });

  it("reads the values' merged entries and the newest cases' rows with their totals in one statement on PostgreSQL", async (context) => {
    if (server.dialect !== 'postgres') context.skip();
    const db = server.propolis.deps.db;
    const reads = keys.map((key) => ({ key, limit: 100 }));
    for (const shared of [false, true]) {
      const s = { ...scope, shared };
      const merged = newestMatchesQuery(db, s, 'case', reads, { exclude: 7, shared, rows: 250 }).compile();
      const text = await plan(mergedMatchesWithCasesQuery(db, s, { merged, rows: 250, limit: 100, shared }), [
        'enable_bitmapscan',
      ]);
      // The merged read as on its own (a Merge Append stopped by its Limit), run once (a CTE).
      expect(text).toMatch(/CTE newest_matches\n\s+->\s+Limit[^\n]*\n\s*->\s+Merge Append/);
      // The cases by primary key.
      expect(text).toContain('Index Scan using case_pkey on "case"');
      if (!shared) {
        // Backward index-only reads, no sort; each case's totals on its own index range.
        expect(
          text.match(/Index Only Scan Backward using observable_similar_case on observable/g),
        ).toHaveLength(2);
        expect(text).not.toMatch(/->\s+Sort[^\n]*\n\s+Sort Key: o\.case_id/);
        expect(text).toMatch(/Index Cond: \(\(organisation_id = .+\) AND \(case_id = "case"\.id\)\)/);
      }
      expect(text).not.toMatch(/Seq Scan on (case|observable)\b/);
    }
  });

  it('counts "seen" on the case index alone, and finds linked observables by value', async () => {
    const db = server.propolis.deps.db;
    const seen = await plan(seenCountsQuery(db, scope, keys).compile());
    const links = await plan(otherCasesObservablesQuery(db, scope, 3, keys, 10_000).compile());
    if (server.dialect === 'sqlite') {
      expect(seen).toMatch(
        /USING COVERING INDEX observable_similar_case \(organisation_id=\? AND data_key=\? AND data_type=\? AND case_id>\?\)/,
      );
      // Not a walk of every case observable of the organisation in observable_org_case order.
      expect(links).toMatch(
        /USING INDEX observable_similar_case \(organisation_id=\? AND data_key=\? AND data_type=\?/,
      );
      expect(links).not.toContain('observable_org_case');
    } else {
      expect(seen).not.toContain('Seq Scan');
      expect(links).not.toContain('Seq Scan');
    }
  });

  it("chooses a page of an observable's similar ones on observable_similar_dated alone", async () => {
    const db = server.propolis.deps.db;
    const observable = { id: 5, case_id: 2, ...keys[0]! } as ObservableRow;
    const text = await plan(
      similarObservablesQuery(db, scope, observable, { limit: 50, offset: 100 }).compile(),
      ['enable_bitmapscan'],
    );
    if (server.dialect === 'sqlite') {
      expect(text).toContain(
        'SEARCH observable USING COVERING INDEX observable_similar_dated (organisation_id=? AND data_key=? AND data_type=?)',
      );
      expect(text).toContain('SEARCH observable USING INTEGER PRIMARY KEY (rowid=?)');
      // Only the page itself is sorted, never the value's observables.
      expect(text.match(/TEMP B-TREE/g), text).toHaveLength(1);
    } else {
      expect(text).toContain('Index Only Scan Backward using observable_similar_dated on observable');
    }
  });

  it('leaves the other observable queries on their indexes, and reads rows by id on the primary key', async (context) => {
    if (server.dialect !== 'sqlite') context.skip();
    const db = server.propolis.deps.db;
    // The partial indexes cover this query too, but their condition is not implied by `alert_id = ?`.
    expect(await plan(similarityKeysOfAlertQuery(db, scope, 9).compile())).toContain(
      'USING INDEX observable_org_alert (organisation_id=? AND alert_id=?)',
    );
    const ids = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(await plan(casesByIdsQuery(db, scope, ids).compile())).toContain(
      'SEARCH case USING INTEGER PRIMARY KEY (rowid=?)',
    );
    expect(await plan(alertsByIdsQuery(db, scope, ids).compile())).toContain(
      'SEARCH alert USING INTEGER PRIMARY KEY (rowid=?)',
    );
    expect(await plan(notImportedAlertIdsQuery(db, scope, ids).compile())).toContain(
      'SEARCH alert USING INTEGER PRIMARY KEY (rowid=?)',
    );
  });
});
