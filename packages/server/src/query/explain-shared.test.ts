/**
 * Plans of the common case lists for an organisation that has received shares, or sees cases
 * restricted to named users (db/visibility.ts adds an OR and a NOT IN): still index reads, no full
 * scan of the case, task or observable tables (SQLite EXPLAIN QUERY PLAN; PostgreSQL with
 * sequential scans disabled).
 */
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Scope } from '../db/scope.js';
import { queryPlan } from '../test-support/explain.js';
import { useTestServer } from '../test-support/server.js';
import { entity } from './registry.js';
import { type QueryEnv, type Selection, selectAll, statement } from './selection.js';

const server = useTestServer();
let base: Omit<QueryEnv, 'scope'>;

beforeAll(() => {
  const { storage } = server.propolis;
  base = { db: storage.db, dialect: storage.dialect, customFields: new Map() };
});

async function plan(scope: Scope, sel: Selection): Promise<string> {
  const env = { ...base, scope } as QueryEnv;
  const compiled = statement(env, sel, 't0', { n: 0 }, sql.raw('t0.*'), { order: true }).compile(env.db);
  return (await queryPlan(env.db, env.dialect, compiled)).join('\n');
}

function expectNoFullScan(text: string) {
  if (base.dialect === 'sqlite') {
    for (const line of text.split('\n'))
      if (/^\s*SCAN (t\d+|case|task|observable)\b/.test(line.replace(/^[|`\- ]+/, '')))
        expect(line, text).toMatch(/USING (COVERING )?INDEX|USING INTEGER PRIMARY KEY/);
  } else expect(text, text).not.toMatch(/Seq Scan on ("?case"?|task|observable)\b/);
}

const scopes: Array<[string, Scope]> = [
  ['shares received', { organisationId: 1, platformAdmin: false, shared: true }],
  ['restricted cases', { organisationId: 1, platformAdmin: false, restrictedFor: 7 }],
  ['both', { organisationId: 1, platformAdmin: false, shared: true, restrictedFor: 7 }],
];

describe('lists with shares and restrictions use indexes', () => {
  for (const [name, scope] of scopes) {
    it(`cases, newest first (${name})`, async () => {
      const sel: Selection = {
        ...selectAll(entity('case')),
        sort: { fields: [{ field: 'startDate', direction: 'desc' }], api: 'v1' },
        page: { offset: 0, limit: 15 },
      };
      expectNoFullScan(await plan(scope, sel));
    });
    it(`tasks and observables (${name})`, async () => {
      for (const e of ['task', 'observable']) {
        const sel: Selection = { ...selectAll(entity(e)), page: { offset: 0, limit: 15 } };
        expectNoFullScan(await plan(scope, sel));
      }
    });
  }
});
