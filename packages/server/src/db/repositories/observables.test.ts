/**
 * Observable repository: similarity and links are indexed lookups (EXPLAIN on SQLite), the
 * copy used by case merge dedups and merges, and deleting removes tags and attachment rows.
 */

import { parseId } from '@propolis/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { mergeObservableValues } from '../../domain/observables/merge-rule.js';
import { queryPlan } from '../../test-support/explain.js';
import { useOrganisation } from '../../test-support/identity.js';
import { useTestServer } from '../../test-support/server.js';
import type { Scope } from '../scope.js';
import {
  copyObservablesToCase,
  deleteObservablesOfCases,
  observableIdsOfCases,
  observablesOfCase,
  sameObservablesInOtherCasesQuery,
  similarityKeysOfCaseQuery,
} from './observables.js';

describe('observables repository', () => {
  const server = useTestServer();
  const soc = useOrganisation(server, 'repo-soc');
  let scope: Scope;
  const cases: number[] = [];

  beforeAll(async () => {
    for (const title of ['one', 'two', 'three']) {
      const res = await soc.analyst.post('/api/v1/case', { title, description: 'x' });
      cases.push(parseId(res.body._id)!);
    }
    scope = soc.scope;
  });

  it('uses the observable_value index for similarity and links (SQLite EXPLAIN)', async (context) => {
    if (server.dialect !== 'sqlite') context.skip();
    const db = server.propolis.deps.db;
    const plan = async (compiled: { sql: string; parameters: readonly unknown[] }) =>
      (await queryPlan(db, 'sqlite', compiled)).join('\n');
    const keys = [
      { data_type: 'ip', data_key: 'a'.repeat(64) },
      { data_type: 'domain', data_key: 'b'.repeat(64) },
    ];
    const mine = await plan(similarityKeysOfCaseQuery(db, scope, cases[0]!).compile());
    expect(mine).toContain('USING INDEX observable_org_case (organisation_id=? AND case_id=?)');
    const others = await plan(sameObservablesInOtherCasesQuery(db, scope, cases[0]!, keys).compile());
    expect(others).toContain(
      'USING INDEX observable_value (organisation_id=? AND data_key=? AND data_type=?)',
    );
    expect(others).not.toContain('SCAN');
  });

  it('copies observables into another case, merging the same ones', async () => {
    const [one, two] = cases.map((c) => `~${c}`);
    await soc.analyst.post(`/api/v1/case/${one}/observable`, {
      dataType: 'ip',
      data: '10.0.0.1',
      tags: ['a'],
      message: 'from one',
    });
    await soc.analyst.post(`/api/v1/case/${one}/observable`, { dataType: 'domain', data: 'one.example' });
    await soc.analyst.post(`/api/v1/case/${two}/observable`, {
      dataType: 'ip',
      data: '10.0.0.1',
      tags: ['b'],
      ioc: true,
      message: 'from two',
    });
    const db = server.propolis.deps.db;
    const result = await db.transaction().execute((trx) =>
      copyObservablesToCase(trx, scope, [cases[0]!, cases[1]!], cases[2]!, {
        by: 'merger@test',
        merge: mergeObservableValues,
      }),
    );
    expect(result.created.map((o) => o.data).sort()).toEqual(['10.0.0.1', 'one.example']);
    const target = await observablesOfCase(db, scope, cases[2]!);
    expect(target).toHaveLength(2);
    const ip = target.find((o) => o.data === '10.0.0.1')!;
    expect(JSON.parse(ip.tags)).toEqual(['a', 'b']);
    expect(ip.ioc).toBe(1);
    expect(ip.message).toBe('from one\n\nfrom two');
    const tagRows = await db
      .selectFrom('entity_tag')
      .select('tag')
      .where('entity_type', '=', 'observable')
      .where('entity_id', '=', ip.id)
      .execute();
    expect(tagRows.map((t) => t.tag).sort()).toEqual(['a', 'b']);
    // Sources are untouched.
    expect((await observablesOfCase(db, scope, cases[0]!)).length).toBe(2);

    const ids = await observableIdsOfCases(db, scope, [cases[2]!]);
    expect(ids.sort()).toEqual(target.map((t) => t.id).sort());
    await db.transaction().execute((trx) => deleteObservablesOfCases(trx, scope, [cases[2]!]));
    expect(await observablesOfCase(db, scope, cases[2]!)).toEqual([]);
    const leftTags = await db
      .selectFrom('entity_tag')
      .select('tag')
      .where('entity_type', '=', 'observable')
      .where('entity_id', 'in', ids)
      .execute();
    expect(leftTags).toEqual([]);
    // Another organisation's scope sees nothing.
    expect(
      await observableIdsOfCases(
        db,
        { organisationId: scope.organisationId + 1000, platformAdmin: false },
        cases,
      ),
    ).toEqual([]);
  });
});
