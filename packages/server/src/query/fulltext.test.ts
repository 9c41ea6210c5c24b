/**
 * Full-text search through the HTTP routes, on both databases: `_match` is a word search in the
 * FTS5 / GIN index, `_string` free words find a case by its tasks and task logs, contains-style
 * `_like` finds substrings, the index follows updates in the same transaction, and organisations
 * stay apart. EXPLAIN shows that word searches use the full-text index (and substring searches
 * the trigram index on PostgreSQL).
 */
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryPlan } from '../test-support/explain.js';
import { createQueryFixture, type QueryFixture } from '../test-support/query-fixture.js';
import { useTestServer } from '../test-support/server.js';
import { entity } from './registry.js';
import {
  countRows,
  fetchRows,
  fewRows,
  type QueryEnv,
  rowsStatement,
  type Selection,
  selectAll,
  statement,
} from './selection.js';

const server = useTestServer();
let f: QueryFixture;

beforeAll(async () => {
  f = await createQueryFixture(server);
}, 60_000);

/** A word in some of the fillers (PostgreSQL): 1 title of 80, 1 description of 125 (800 cases). */
const SOME = {
  title: sql.raw("(CASE WHEN g % 80 = 0 THEN ' exfiltration' ELSE '' END)"),
  description: sql.raw("(CASE WHEN g % 125 = 0 THEN ' Exfiltration!' ELSE '' END)"),
  /** The fillers' numbers whose case has the word, newest first. */
  matching: () =>
    Array.from({ length: 40_000 }, (_, i) => 40_000 - i).filter((g) => g % 80 === 0 || g % 125 === 0),
  titleOf: (g: number) => `filler case ${g}${g % 80 === 0 ? ' exfiltration' : ''}`,
};

const titles = (items: Array<{ title: string }>) => items.map((c) => c.title).sort();

async function v1Cases(filter: Record<string, unknown>): Promise<string[]> {
  const res = await f.soc.analyst.post('/api/v1/query', {
    query: [{ _name: 'listCase' }, { _name: 'filter', ...filter }],
  });
  expect(res.status, res.text).toBe(200);
  return titles(res.body);
}

async function v0Cases(query: unknown): Promise<string[]> {
  const res = await f.soc.analyst.post('/api/case/_search?range=all', { query });
  expect(res.status, res.text).toBe(200);
  return titles(res.body);
}

describe('full-text search', () => {
  it('_match is a word search, case-insensitive, words split on punctuation', async () => {
    expect(await v1Cases({ _match: { _field: 'title', _value: 'PHISHING' } })).toEqual([
      'Phishing follow-up',
      'Phishing wave',
    ]);
    // a part of a word is not a word
    expect(await v1Cases({ _match: { _field: 'title', _value: 'phish' } })).toEqual([]);
    // attacker@evil.com has the words attacker, evil, com
    expect(await v1Cases({ _match: { _field: 'description', _value: 'evil' } })).toEqual(['Phishing wave']);
    // several words are a phrase
    expect(await v1Cases({ _match: { _field: 'description', _value: 'phishing wave' } })).toEqual([
      'Phishing follow-up',
    ]);
    expect(await v1Cases({ _match: { _field: 'description', _value: 'wave phishing' } })).toEqual([]);
    // only the field asked for
    expect(await v1Cases({ _match: { _field: 'title', _value: 'evil' } })).toEqual([]);
  });

  it('_string free words find a case by a word of its task titles and task logs', async () => {
    // "Headers checked" is a log of the task "Analyse mail" of c1
    expect(await v0Cases({ _string: 'headers' })).toEqual(['Phishing wave']);
    // "Restore backups" is a task of c2
    expect(await v0Cases({ _string: 'backups' })).toEqual(['Ransomware outbreak']);
    expect(await v0Cases({ _string: 'headers OR backups' })).toEqual([
      'Phishing wave',
      'Ransomware outbreak',
    ]);
    expect(await v0Cases({ _string: 'wave -follow' })).toEqual(['Phishing wave']);
    // tags still count
    expect(await v0Cases({ _string: 'ransomware' })).toEqual(['Ransomware outbreak']);
    // the other organisation's case has the word too
    expect(await v0Cases({ _string: 'cert' })).toEqual([]);
    // tasks and logs themselves
    const logs = await f.soc.analyst.post('/api/case/task/log/_search', { query: { _string: 'evil' } });
    expect(logs.body.map((l: { message: string }) => l.message)).toEqual(['Sender is evil']);
  });

  it('_string free words find a case by a tag equal to them, not by a part of a tag', async () => {
    const tagged = await f.soc.analyst.post('/api/case', {
      title: 'Tagged only',
      description: 'Nothing to see',
      tags: ['Xylophone', 'marimba-set'],
    });
    expect(tagged.status).toBe(201);
    try {
      expect(await v0Cases({ _string: 'Xylophone' })).toEqual(['Tagged only']);
      expect(await v0Cases({ _string: 'xylophone' })).toEqual([]);
      expect(await v0Cases({ _string: 'marimba-set' })).toEqual(['Tagged only']);
      expect(await v0Cases({ _string: 'marimba' })).toEqual([]);
      // an explicit tag wildcard still finds parts of tags
      expect(await v0Cases({ _string: 'tags:*arimba*' })).toEqual(['Tagged only']);
    } finally {
      await f.soc.analyst.delete(`/api/case/${tagged.body.id}/force`);
    }
  });

  it('contains-style _like and _wildcard find substrings', async () => {
    expect(await v1Cases({ _like: { _field: 'title', _value: '*ansom*' } })).toEqual(['Ransomware outbreak']);
    expect(await v1Cases({ _like: { _field: 'title', _value: 'hish' } })).toEqual([
      'Phishing follow-up',
      'Phishing wave',
    ]);
    expect(await v0Cases({ _wildcard: { _field: 'description', _value: '*ENCRYPT*' } })).toEqual([
      'Ransomware outbreak',
    ]);
    const obs = await f.soc.analyst.post('/api/v1/query', {
      query: [{ _name: 'listObservable' }, { _name: 'filter', _like: { _field: 'data', _value: '*vil.c*' } }],
    });
    expect(obs.body.map((o: { data: string }) => o.data)).toEqual(['evil.com']);
  });

  it('the index follows updates and deletes in the same transaction', async () => {
    const a = f.soc.analyst;
    const patched = await a.patch(`/api/v1/log/${f.logs.sender}`, { message: 'Sender blocked at gateway' });
    expect(patched.status, patched.text).toBeLessThan(300);
    expect(await v0Cases({ _string: 'gateway' })).toEqual(['Phishing wave']);
    const logs = await a.post('/api/case/task/log/_search', { query: { _string: 'evil' } });
    expect(logs.body).toEqual([]);
    const renamed = await a.patch(`/api/v1/case/${f.cases.c3.id}`, { title: 'Suspicious VPN login' });
    expect(renamed.status, renamed.text).toBeLessThan(300);
    expect(await v1Cases({ _match: { _field: 'title', _value: 'vpn' } })).toEqual(['Suspicious VPN login']);
    const created = await a.post('/api/v1/case', { title: 'Temporary zeppelin', description: 'x' });
    expect(await v1Cases({ _match: { _field: 'title', _value: 'zeppelin' } })).toEqual([
      'Temporary zeppelin',
    ]);
    const deleted = await f.soc.orgAdmin.delete(`/api/v1/case/${created.body._id}`);
    expect(deleted.status, deleted.text).toBeLessThan(300);
    expect(await v1Cases({ _match: { _field: 'title', _value: 'zeppelin' } })).toEqual([]);
  });
});

describe('word searches use the full-text index', () => {
  let env: QueryEnv;
  beforeAll(async () => {
    const { storage } = server.propolis;
    env = {
      db: storage.db,
      dialect: storage.dialect,
      scope: f.cert.scope,
      customFields: new Map(),
    };
    if (env.dialect === 'postgres') {
      // enough rows that PostgreSQL's choice between the organisation index and the text index means something
      const o = f.cert.id;
      await sql`INSERT INTO "case" (organisation_id, number, title, description, severity, start_date, tlp, pap, status, stage, created_at, created_by)
        SELECT ${o}, 100000 + g, 'filler case ' || g || ${SOME.title}, 'nothing to see ' || g || ${SOME.description}, 2, g, 2, 2, 'New', 'New', g, 'bench' FROM generate_series(1, 40000) g`.execute(
        env.db,
      );
      await sql`INSERT INTO task (organisation_id, case_id, title, status, created_at, created_by)
        SELECT organisation_id, id, 'filler task ' || number, 'Waiting', 1, 'bench' FROM "case" WHERE organisation_id = ${o} AND number <= 105000`.execute(
        env.db,
      );
      await sql`INSERT INTO task_log (organisation_id, task_id, case_id, message, date, owner, created_at, created_by)
        SELECT organisation_id, id, case_id, 'filler log ' || id, 1, 'bench', 1, 'bench' FROM task WHERE organisation_id = ${o}`.execute(
        env.db,
      );
      await sql`ANALYZE`.execute(env.db);
    }
  }, 60_000);

  async function plan(sel: Selection): Promise<string> {
    const compiled = statement(env, sel, 't0', { n: 0 }, sql.raw('t0.*'), { order: true }).compile(env.db);
    return (await queryPlan(env.db, env.dialect, compiled)).join('\n');
  }

  const cases = (filter: Selection['filters'][number]['filter'], api: 'v0' | 'v1' = 'v1'): Selection => ({
    ...selectAll(entity('case')),
    filters: [{ filter, api }],
    page: { offset: 0, limit: 15 },
  });

  it('_match on a case title', async () => {
    const sel = cases({ kind: 'match', field: 'title', value: 'phishing' });
    if (env.dialect === 'sqlite') expect(await plan(sel)).toMatch(/case_fts VIRTUAL TABLE INDEX/);
    // the title's own index (migration 0012); without statistics (an empty table) PostgreSQL would
    // rather read a page by date and test each row, so the plan is asked for all the matches
    else expect(await plan({ ...sel, page: undefined })).toMatch(/Index Scan on case_title_fts/);
  });

  it('a page of a word search with few matches is sorted out of their ids on PostgreSQL', async () => {
    const sel = cases({
      kind: 'or',
      filters: [
        { kind: 'match', field: 'title', value: 'Exfiltration' },
        { kind: 'match', field: 'description', value: 'exfiltration' },
      ],
    });
    const expected = env.dialect === 'postgres' ? SOME.matching() : [];
    const total = await countRows(env, { ...sel, page: undefined }, 1000);
    expect(total).toBe(expected.length);
    expect(await fewRows(env, sel, Promise.resolve(total), 1000)).toBe(env.dialect === 'postgres');
    // the same page either way, the first and the next (the case's default order: newest first)
    for (const fromIds of [false, true]) {
      for (const offset of [0, 15]) {
        const rows = await fetchRows<{ title: string }>(
          env,
          { ...sel, page: { offset, limit: 15 } },
          { fromIds },
        );
        expect(rows.map((r) => r.title)).toEqual(expected.slice(offset, offset + 15).map(SOME.titleOf));
      }
    }
    if (env.dialect !== 'postgres') return;
    // Read in date order, each case's words were computed again from its text until the page was
    // full (~250 cases, ~30 ms, for a word in 6% of 5,000 cases): the ids come from the indexes.
    const compiled = rowsStatement(env, sel, { fromIds: true }).compile(env.db);
    const text = (await queryPlan(env.db, env.dialect, compiled)).join('\n');
    expect(text).toMatch(/Index Scan on case_title_fts/);
    expect(text).toMatch(/Index Scan on case_description_fts/);
    expect(text).not.toMatch(/Filter: .*to_tsvector/);
    // many matches (as many as the count's cap), or no word search: the page is read as it was
    expect(await fewRows(env, sel, Promise.resolve(1000), 1000)).toBe(false);
    expect(await fewRows(env, sel, Promise.resolve(10), 5)).toBe(false);
    const byStatus = cases({ kind: 'compare', op: 'eq', field: 'status', value: 'New' });
    expect(await fewRows(env, byStatus, Promise.resolve(3), 1000)).toBe(false);
  });

  it('a page walked in date order tests a substring of the field before its words on PostgreSQL', async () => {
    const either = (value: string) =>
      cases({
        kind: 'or',
        filters: [
          { kind: 'match', field: 'title', value },
          { kind: 'match', field: 'description', value },
        ],
      });
    // Words the screen must not drop: in upper case in the text, a phrase across punctuation, a word
    // the parser splits (`10e5x` is `10e5` then `x`: found in "10e5 x", which does not hold "10e5x"),
    // a word that is not ASCII; and one found nowhere.
    const marked = [
      ['screen EXFILTRATION upper', 'upper case'],
      ['screen phrase', 'lateral-movement, via SMB'],
      ['screen split', 'seen at 10e5 x per second'],
      ['screen non-ascii', 'die Straße'],
    ];
    for (const [title, description] of marked) {
      const res = await f.cert.analyst.post('/api/v1/case', { title, description });
      expect(res.status, res.text).toBe(201);
    }
    const expectations: Array<[string, string[]]> = [
      ['exfiltration', ['screen EXFILTRATION upper']],
      ['lateral movement via', ['screen phrase']],
      // PostgreSQL's parser splits it (SQLite's FTS5 keeps it whole, and finds nothing)
      ['10e5x', env.dialect === 'postgres' ? ['screen split'] : []],
      ['straße', ['screen non-ascii']],
      ['zeppelin', []],
    ];
    for (const [value, marks] of expectations) {
      const sel = either(value);
      // the walked page (screened) and the page out of the matches' ids (not screened) agree
      const walked = await fetchRows<{ title: string }>(env, { ...sel, page: { offset: 0, limit: 2000 } });
      const fromIds = await fetchRows<{ title: string }>(
        env,
        { ...sel, page: { offset: 0, limit: 2000 } },
        { fromIds: true },
      );
      expect(walked.map((r) => r.title)).toEqual(fromIds.map((r) => r.title));
      expect(walked.map((r) => r.title).filter((t) => t.startsWith('screen '))).toEqual(marks);
    }
    const sqlOf = (value: string) => rowsStatement(env, either(value)).compile(env.db).sql;
    if (env.dialect === 'sqlite') {
      expect(sqlOf('exfiltration')).not.toMatch(/strpos/);
      return;
    }
    expect(sqlOf('exfiltration')).toMatch(/strpos/);
    // only words the parser keeps whole are screened
    expect(sqlOf('10e5x')).not.toMatch(/strpos/);
    expect(sqlOf('straße')).not.toMatch(/strpos/);
    // counts and ids come from the index, where the words are not computed again: no screen there
    expect(rowsStatement(env, either('exfiltration'), { fromIds: true }).compile(env.db).sql).not.toMatch(
      /strpos/,
    );
    // the walk (a word in 2% of 40,000 cases): the substring is tested first, the words after
    const compiled = rowsStatement(env, either('exfiltration')).compile(env.db);
    const text = (await queryPlan(env.db, env.dialect, compiled)).join('\n');
    const filter = /Filter: (.*)/.exec(text)?.[1] ?? '';
    expect(text).toMatch(/Index Scan Backward using case_org_start/);
    expect(filter).toMatch(/strpos[\s\S]*to_tsvector/);
  });

  it('free words on cases, through tasks and logs', async () => {
    const text = await plan(cases({ kind: 'fulltext', value: 'headers' }, 'v0'));
    for (const index of ['case_fts', 'task_fts', 'task_log_fts']) {
      if (env.dialect === 'sqlite') expect(text).toMatch(new RegExp(`${index} VIRTUAL TABLE INDEX`));
      else expect(text).toMatch(new RegExp(`Index Scan on ${index}`));
    }
    if (env.dialect === 'sqlite') {
      // tasks and logs are reached from their index matches by rowid, never scanned
      expect(text).not.toMatch(/SEARCH t\d+ USING (COVERING )?INDEX task_org/);
      expect(text).toMatch(/SCAN task_fts VIRTUAL TABLE[^\n]*\n\s*SEARCH t\d+ USING INTEGER PRIMARY KEY/);
    }
  });

  it('substring search on PostgreSQL uses the trigram index', async () => {
    if (env.dialect !== 'postgres') return;
    const text = await plan(cases({ kind: 'wildcard', field: 'title', pattern: '*ansomw*' }));
    expect(text).toMatch(/Index Scan on case_title_trgm/);
  });
});
