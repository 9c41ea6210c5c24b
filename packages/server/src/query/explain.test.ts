/**
 * The common lists compile to SQL that uses an index, on SQLite (EXPLAIN QUERY PLAN: no full
 * `SCAN` of a table) and PostgreSQL (EXPLAIN with sequential scans disabled: no `Seq Scan`
 * remains, which PostgreSQL only keeps when no index can serve the query).
 */
import type { Filter } from '@propolis/core';
import { type RawBuilder, sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryPlan } from '../test-support/explain.js';
import { postAlert } from '../test-support/factories.js';
import { useOrganisation } from '../test-support/identity.js';
import { useTestServer } from '../test-support/server.js';
import { entity } from './registry.js';
import { resolveField, scalarExpr } from './resolve-field.js';
import {
  countStatement,
  navigate,
  type QueryEnv,
  type Selection,
  selectAll,
  statement,
  tagCountChoice,
} from './selection.js';

const server = useTestServer();
const soc = useOrganisation(server, 'explain-soc');
let env: QueryEnv;

beforeAll(async () => {
  const { storage } = server.propolis;
  env = {
    db: storage.db,
    dialect: storage.dialect,
    scope: { organisationId: 1, platformAdmin: false },
    customFields: new Map(),
  };
});

const eq = (field: string, value: string | number): Filter => ({ kind: 'compare', op: 'eq', field, value });

/** The plan of a selection's rows in order, or of `what` over its rows in no order. */
async function plan(sel: Selection, what?: RawBuilder<unknown>): Promise<string[]> {
  const compiled = statement(env, sel, 't0', { n: 0 }, what ?? sql.raw('t0.*'), { order: !what }).compile(
    env.db,
  );
  return queryPlan(env.db, env.dialect, compiled);
}

function expectIndexed(lines: string[]) {
  const text = lines.join('\n');
  if (env.dialect === 'sqlite') {
    // "SCAN t0" without an index is a full table scan; "SEARCH ... USING INDEX" is what we want
    for (const line of lines) {
      if (/^SCAN t\d+\b/.test(line))
        expect(line, text).toMatch(/USING (COVERING )?INDEX|USING INTEGER PRIMARY KEY/);
    }
    expect(text).toMatch(/USING (COVERING )?INDEX|PRIMARY KEY/);
  } else {
    expect(text, text).not.toMatch(/Seq Scan/);
  }
}

const page = (sel: Selection, sort: Selection['sort']): Selection => ({
  ...sel,
  sort,
  page: { offset: 0, limit: 15 },
});

describe('common lists use indexes', () => {
  it('cases by status, newest first', async () => {
    const sel = page(
      { ...selectAll(entity('case')), filters: [{ filter: eq('status', 'New'), api: 'v1' }] },
      {
        fields: [{ field: 'startDate', direction: 'desc' }],
        api: 'v1',
      },
    );
    expectIndexed(await plan(sel));
  });
  it('cases by v0 status (stage) and by date', async () => {
    const sel = page(
      { ...selectAll(entity('case')), filters: [{ filter: eq('status', 'Open'), api: 'v0' }] },
      {
        fields: [{ field: 'startDate', direction: 'desc' }],
        api: 'v0',
      },
    );
    expectIndexed(await plan(sel));
    expectIndexed(
      await plan(
        page(selectAll(entity('case')), { fields: [{ field: 'startDate', direction: 'desc' }], api: 'v1' }),
      ),
    );
  });
  it('the v0 status of every case (dashboards) from the stage index alone', async () => {
    const sel = selectAll(entity('case'));
    const status = scalarExpr(resolveField(sel.entity, 'status', 'v0', new Map(), 'f'), 't0', env.dialect);
    const lines = await plan(sel, sql`${status} AS k`);
    expectIndexed(lines);
    if (env.dialect === 'sqlite') expect(lines.join('\n')).toContain('COVERING INDEX case_org_status');
  });
  it('cases by assignee', async () => {
    const sel = page(
      { ...selectAll(entity('case')), filters: [{ filter: eq('assignee', 'a@b.c'), api: 'v1' }] },
      {
        fields: [{ field: 'startDate', direction: 'desc' }],
        api: 'v1',
      },
    );
    expectIndexed(await plan(sel));
  });
  it('cases by tag', async () => {
    const sel = {
      ...selectAll(entity('case')),
      filters: [{ filter: eq('tags', 'phishing'), api: 'v1' as const }],
    };
    expectIndexed(await plan(sel));
  });
  it('alerts by status and tag, newest first: a date-ordered scan probing the tag index', async () => {
    const filter: Filter = { kind: 'and', filters: [eq('status', 'New'), eq('tags', 'phishing')] };
    const lines = await plan(
      page(
        { ...selectAll(entity('alert')), filters: [{ filter, api: 'v1' }] },
        { fields: [{ field: 'date', direction: 'desc' }], api: 'v1' },
      ),
    );
    expectIndexed(lines);
    if (env.dialect === 'sqlite') {
      const text = lines.join('\n');
      // each candidate alert costs one seek on the whole tag key, not a scan of the tag's rows
      expect(text).toContain(
        'entity_tag_lookup (organisation_id=? AND entity_type=? AND tag=? AND entity_id=?)',
      );
      expect(text).not.toMatch(/TEMP B-TREE/);
    }
  });
  it('the total of alerts by status and a narrow tag reads the tag once (SQLite), else probes it', async () => {
    // four New alerts, two of them tagged: the tag (2 rows) is narrower than the status (4)
    for (const tags of [['explain-tag'], ['explain-tag'], [], []]) await postAlert(soc.analyst, { tags });
    const own: QueryEnv = { ...env, scope: soc.scope };
    const selection = (status: string): Selection => {
      const filter: Filter = { kind: 'and', filters: [eq('status', status), eq('tags', 'explain-tag')] };
      return { ...selectAll(entity('alert')), filters: [{ filter, api: 'v1' }] };
    };
    const lines = await queryPlan(
      env.db,
      env.dialect,
      countStatement(own, selection('New'), 1000).compile(env.db),
    );
    expectIndexed(lines);
    if (env.dialect === 'sqlite') {
      // one statement holding both counts: the tag's rows once (a list and its Bloom filter), each New
      // alert checked against it; or each New alert probing the tag index
      expect(lines.join('\n')).toMatch(
        /LIST SUBQUERY[\s\S]*entity_tag_lookup \(organisation_id=\? AND entity_type=\? AND tag=\?\)/,
      );
      expect(lines.join('\n')).toContain(
        'entity_tag_lookup (organisation_id=? AND entity_type=? AND tag=? AND entity_id=?)',
      );
      expect(await tagCountChoice(own, selection('New'), 2)).toBe('list');
      // the tag and the status both with more rows than the bound: the tag's rows, newest first
      expect(await tagCountChoice(own, selection('New'), 1)).toBe('walk');
      // no Ignored alert: the status is narrower than the tag
      expect(await tagCountChoice(own, selection('Ignored'), 2)).toBe('probe');
      // the three ways count alike, exactly and up to a cap
      const count = async (status: string, bound: number, cap?: number) =>
        Number((await countStatement(own, selection(status), cap, bound).execute(env.db)).rows[0]?.n);
      for (const bound of [1, 2, 1000]) {
        expect(await count('New', bound)).toBe(2);
        expect(await count('New', bound, 1)).toBe(1);
        expect(await count('Ignored', bound)).toBe(0);
      }
      // the walk: the tag's index as the outer loop, newest first (no sort), each alert by its key
      const walk = (
        await queryPlan(env.db, env.dialect, countStatement(own, selection('New'), 1000, 1).compile(env.db))
      ).join('\n');
      expect(walk).toMatch(
        /SEARCH tag_walk USING COVERING INDEX entity_tag_lookup \(organisation_id=\? AND entity_type=\? AND tag=\?\)\n.*SEARCH t0 USING INTEGER PRIMARY KEY/,
      );
      expect(walk).not.toMatch(/TEMP B-TREE/);
    } else expect(await tagCountChoice(own, selection('New'), 2)).toBeUndefined();
  });
  it('observables by dataType and data', async () => {
    const filter: Filter = { kind: 'and', filters: [eq('dataType', 'ip'), eq('data', '1.2.3.4')] };
    expectIndexed(await plan({ ...selectAll(entity('observable')), filters: [{ filter, api: 'v1' }] }));
  });
  it('tasks of a case', async () => {
    const kase: Selection = {
      ...selectAll(entity('case')),
      filters: [{ filter: { kind: 'id', ids: ['~1'] }, api: 'v1' }],
    };
    const tasks = navigate(kase, entity('task'), 'case_id', 'id');
    expectIndexed(
      await plan({ ...tasks, sort: { fields: [{ field: 'order', direction: 'asc' }], api: 'v1' } }),
    );
  });
  it('logs of a task', async () => {
    const task: Selection = {
      ...selectAll(entity('task')),
      filters: [{ filter: { kind: 'id', ids: ['~1'] }, api: 'v1' }],
    };
    expectIndexed(await plan(navigate(task, entity('log'), 'task_id', 'id')));
  });
});
