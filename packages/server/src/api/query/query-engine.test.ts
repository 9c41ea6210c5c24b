/**
 * The query engine through the HTTP routes of a real server, on SQLite or PostgreSQL
 * (DATABASE_URL): one table of (dialect, query → expected titles) covering every operator of
 * both dialects and the thehive4py 1.x / 2.x helper outputs, pipelines, navigation, paging,
 * counts, aggregations checked against hand-computed values, and errors.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createQueryFixture, day, type QueryFixture } from '../../test-support/query-fixture.js';
import { useTestServer } from '../../test-support/server.js';

const server = useTestServer();
let f: QueryFixture;

beforeAll(async () => {
  f = await createQueryFixture(server);
}, 60_000);

const titles = (items: Array<{ title: string }>) => items.map((i) => i.title).sort();
const T = {
  c1: 'Phishing wave',
  c2: 'Ransomware outbreak',
  c3: 'Suspicious login',
  c4: 'Phishing follow-up',
};
const ALL = Object.values(T);

interface Row {
  name: string;
  /** v1: a filter step body; v0: the `query` of /api/case/_search. */
  query: () => Record<string, unknown>;
  expected: string[];
}

const V1: Row[] = [
  { name: 'Eq (2.x)', query: () => ({ _eq: { _field: 'status', _value: 'New' } }), expected: [T.c1] },
  { name: '_is', query: () => ({ _is: { _field: 'status', _value: 'InProgress' } }), expected: [T.c4] },
  { name: 'bare _field/_value', query: () => ({ _field: 'severity', _value: 4 }), expected: [T.c2] },
  { name: 'Ne', query: () => ({ _ne: { _field: 'status', _value: 'New' } }), expected: [T.c2, T.c3, T.c4] },
  { name: 'Lt', query: () => ({ _lt: { _field: 'severity', _value: 2 } }), expected: [T.c3] },
  { name: 'Gt', query: () => ({ _gt: { _field: 'severity', _value: 3 } }), expected: [T.c2] },
  { name: 'Lte', query: () => ({ _lte: { _field: 'severity', _value: 2 } }), expected: [T.c3, T.c4] },
  { name: 'Gte', query: () => ({ _gte: { _field: 'severity', _value: 3 } }), expected: [T.c1, T.c2] },
  { name: 'deprecated {"_gt":{"f":v}}', query: () => ({ _gt: { severity: 3 } }), expected: [T.c2] },
  {
    name: 'Between (from inclusive, to exclusive)',
    query: () => ({ _between: { _field: 'startDate', _from: day(2024, 2, 15), _to: day(2024, 3, 5) } }),
    expected: [T.c2, T.c3],
  },
  { name: 'In', query: () => ({ _in: { _field: 'severity', _values: [1, 4] } }), expected: [T.c2, T.c3] },
  {
    name: 'In on tags',
    query: () => ({ _in: { _field: 'tags', _values: ['ransomware', 'mail'] } }),
    expected: [T.c1, T.c2],
  },
  {
    name: 'Eq on tags = contains',
    query: () => ({ _eq: { _field: 'tags', _value: 'phishing' } }),
    expected: [T.c1, T.c4],
  },
  {
    name: 'Ne on tags',
    query: () => ({ _ne: { _field: 'tags', _value: 'phishing' } }),
    expected: [T.c2, T.c3],
  },
  {
    name: 'StartsWith (case-insensitive)',
    query: () => ({ _startsWith: { _field: 'title', _value: 'phish' } }),
    expected: [T.c1, T.c4],
  },
  { name: 'EndsWith', query: () => ({ _endsWith: { _field: 'title', _value: 'WAVE' } }), expected: [T.c1] },
  {
    name: 'Like (contains)',
    query: () => ({ _like: { _field: 'title', _value: 'wave' } }),
    expected: [T.c1],
  },
  { name: 'Like *x*', query: () => ({ _like: { _field: 'title', _value: '*out*' } }), expected: [T.c2] },
  {
    name: 'Like with an inner *',
    query: () => ({ _like: { _field: 'title', _value: 'Ph*up' } }),
    expected: [T.c4],
  },
  { name: 'Like escapes % and _', query: () => ({ _like: { _field: 'title', _value: '%' } }), expected: [] },
  { name: 'Match', query: () => ({ _match: { _field: 'description', _value: 'login' } }), expected: [T.c3] },
  { name: 'Has', query: () => ({ _has: 'assignee' }), expected: [T.c1, T.c4] },
  { name: 'Contains (deprecated Has)', query: () => ({ _contains: 'assignee' }), expected: [T.c1, T.c4] },
  { name: 'Not Has', query: () => ({ _not: { _has: 'assignee' } }), expected: [T.c2, T.c3] },
  {
    name: 'Eq null = absent',
    query: () => ({ _eq: { _field: 'assignee', _value: null } }),
    expected: [T.c2, T.c3],
  },
  { name: 'Id', query: () => ({ _id: f.cases.c2.id }), expected: [T.c2] },
  { name: 'Id of another organisation', query: () => ({ _id: f.cases.x1.id }), expected: [] },
  {
    name: 'a & b (flattened _and)',
    query: () => ({
      _and: [{ _eq: { _field: 'stage', _value: 'Closed' } }, { _gte: { _field: 'severity', _value: 4 } }],
    }),
    expected: [T.c2],
  },
  {
    name: 'a | b',
    query: () => ({
      _or: [{ _eq: { _field: 'severity', _value: 1 } }, { _eq: { _field: 'severity', _value: 2 } }],
    }),
    expected: [T.c3, T.c4],
  },
  {
    name: '(a | b) & ~c',
    query: () => ({
      _and: [
        { _or: [{ _eq: { _field: 'severity', _value: 1 } }, { _eq: { _field: 'severity', _value: 3 } }] },
        { _not: { _eq: { _field: 'tlp', _value: 0 } } },
      ],
    }),
    expected: [T.c1],
  },
  { name: 'empty _or matches nothing', query: () => ({ _or: [] }), expected: [] },
  { name: '_any', query: () => ({ _any: null }), expected: ALL },
  { name: 'tlp (v1 scale)', query: () => ({ _eq: { _field: 'tlp', _value: 3 } }), expected: [T.c2] },
  { name: 'flag', query: () => ({ _eq: { _field: 'flag', _value: true } }), expected: [T.c2] },
  {
    name: 'number',
    query: () => ({ _eq: { _field: 'number', _value: f.cases.c3.number } }),
    expected: [T.c3],
  },
  {
    name: 'customFields.cvss > 8',
    query: () => ({ _gt: { _field: 'customFields.cvss', _value: 8 } }),
    expected: [T.c2],
  },
  {
    name: 'customFields.team = red',
    query: () => ({ _eq: { _field: 'customFields.team', _value: 'red' } }),
    expected: [T.c1],
  },
  { name: 'Has customFields.team', query: () => ({ _has: 'customFields.team' }), expected: [T.c1, T.c4] },
  {
    name: 'customFields boolean',
    query: () => ({ _eq: { _field: 'customFields.reviewed', _value: true } }),
    expected: [T.c2],
  },
  {
    name: 'Ne customField',
    query: () => ({ _ne: { _field: 'customFields.team', _value: 'red' } }),
    expected: [T.c2, T.c3, T.c4],
  },
  {
    name: 'computed handlingDurationInDays',
    query: () => ({ _gt: { _field: 'handlingDurationInDays', _value: 100 } }),
    expected: [T.c2, T.c3],
  },
  { name: '_createdAt', query: () => ({ _gte: { _field: '_createdAt', _value: 0 } }), expected: ALL },
  {
    name: 'relative date (TheHive 5)',
    query: () => ({ _gt: { _field: 'startDate', _value: { amount: 100, unit: 'years', look: 'behind' } } }),
    expected: ALL,
  },
  {
    name: 'ISO date string',
    query: () => ({ _lt: { _field: 'startDate', _value: '2024-02-01T00:00:00Z' } }),
    expected: [T.c1],
  },
  {
    name: 'integer column vs fraction',
    query: () => ({ _gt: { _field: 'severity', _value: 3.5 } }),
    expected: [T.c2],
  },
  {
    name: 'value beyond int4',
    query: () => ({ _lt: { _field: 'severity', _value: 99999999999 } }),
    expected: ALL,
  },
];

const V0: Row[] = [
  {
    name: 'Eq status Open (1.x)',
    query: () => ({ _field: 'status', _value: 'Open' }),
    expected: [T.c1, T.c4],
  },
  { name: 'status Resolved', query: () => ({ _field: 'status', _value: 'Resolved' }), expected: [T.c2] },
  { name: 'status Duplicated', query: () => ({ _field: 'status', _value: 'Duplicated' }), expected: [T.c3] },
  {
    name: 'In status',
    query: () => ({ _in: { _field: 'status', _values: ['Resolved', 'Duplicated'] } }),
    expected: [T.c2, T.c3],
  },
  {
    name: 'Not status Open',
    query: () => ({ _not: { _field: 'status', _value: 'Open' } }),
    expected: [T.c2, T.c3],
  },
  {
    name: 'resolutionStatus',
    query: () => ({ _field: 'resolutionStatus', _value: 'TruePositive' }),
    expected: [T.c2],
  },
  { name: 'owner', query: () => ({ _field: 'owner', _value: f.soc.logins.analyst }), expected: [T.c1, T.c4] },
  { name: 'caseId', query: () => ({ _field: 'caseId', _value: f.cases.c3.number }), expected: [T.c3] },
  { name: 'tlp on the v0 scale', query: () => ({ _field: 'tlp', _value: 2 }), expected: [T.c1, T.c2] },
  { name: 'Gt (1.x shorthand)', query: () => ({ _gt: { severity: 2 } }), expected: [T.c1, T.c2] },
  { name: 'Lte (1.x)', query: () => ({ _lte: { severity: 1 } }), expected: [T.c3] },
  {
    name: 'And (1.x)',
    query: () => ({ _and: [{ _field: 'status', _value: 'Open' }, { _gt: { severity: 2 } }] }),
    expected: [T.c1],
  },
  {
    name: 'Or (1.x)',
    query: () => ({
      _or: [
        { _field: 'severity', _value: 1 },
        { _field: 'severity', _value: 4 },
      ],
    }),
    expected: [T.c2, T.c3],
  },
  { name: 'In tags (1.x)', query: () => ({ _in: { _field: 'tags', _values: ['mail'] } }), expected: [T.c1] },
  {
    name: 'Contains custom field (1.x)',
    query: () => ({ _contains: 'customFields.cvss' }),
    expected: [T.c1, T.c2],
  },
  { name: 'Id (1.x)', query: () => ({ _id: f.cases.c1.id }), expected: [T.c1] },
  {
    name: 'Between (1.x)',
    query: () => ({ _between: { _field: 'startDate', _from: day(2024, 2, 1), _to: day(2024, 3, 1) } }),
    expected: [T.c2, T.c3],
  },
  { name: 'Type (1.x)', query: () => ({ _type: 'case' }), expected: ALL },
  { name: 'Type of another model', query: () => ({ _type: 'alert' }), expected: [] },
  {
    name: 'StartsWith (1.x → _wildcard)',
    query: () => ({ _wildcard: { _field: 'title', _value: 'Ransom*' } }),
    expected: [T.c2],
  },
  {
    name: 'EndsWith (1.x → _wildcard)',
    query: () => ({ _wildcard: { _field: 'title', _value: '*wave' } }),
    expected: [T.c1],
  },
  {
    name: 'ContainsString (1.x)',
    query: () => ({ _wildcard: { _field: 'title', _value: '*login*' } }),
    expected: [T.c3],
  },
  {
    name: 'Like without * is equality in v0',
    query: () => ({ _like: { _field: 'title', _value: 'Phishing wave' } }),
    expected: [T.c1],
  },
  { name: 'String field:value', query: () => ({ _string: 'title:phish*' }), expected: [T.c1, T.c4] },
  { name: 'String free word', query: () => ({ _string: 'wave' }), expected: [T.c1, T.c4] },
  { name: 'String AND', query: () => ({ _string: 'tags:phishing AND severity:3' }), expected: [T.c1] },
  { name: 'String NOT', query: () => ({ _string: 'tags:phishing -severity:3' }), expected: [T.c4] },
  {
    name: 'Child case_task (1.x)',
    query: () => ({ _child: { _type: 'case_task', _query: { _field: 'title', _value: 'Restore backups' } } }),
    expected: [T.c2],
  },
  {
    name: 'Child case_artifact',
    query: () => ({ _child: { _type: 'case_artifact', _query: { _field: 'data', _value: '1.2.3.4' } } }),
    expected: [T.c1],
  },
  { name: 'createdAt (v0 meta name)', query: () => ({ _gte: { createdAt: 0 } }), expected: ALL },
  {
    name: 'customFields.cvss.number',
    query: () => ({ _gt: { 'customFields.cvss.number': 9 } }),
    expected: [T.c2],
  },
  { name: 'empty query', query: () => ({}), expected: ALL },
];

describe('filters: one table, both dialects', () => {
  for (const row of V1) {
    it(`v1 ${row.name}`, async () => {
      const res = await f.soc.analyst.post('/api/v1/query?name=cases', {
        query: [{ _name: 'listCase' }, { _name: 'filter', ...row.query() }],
      });
      expect(res.status, res.text).toBe(200);
      expect(titles(res.body)).toEqual([...row.expected].sort());
    });
  }
  for (const row of V0) {
    it(`v0 ${row.name}`, async () => {
      const res = await f.soc.analyst.post('/api/case/_search?range=all', { query: row.query() });
      expect(res.status, res.text).toBe(200);
      expect(titles(res.body)).toEqual([...row.expected].sort());
      expect(res.headers.get('x-total')).toBe(String(row.expected.length));
    });
  }
});

describe('v1 pipelines', () => {
  const q = (steps: unknown[], extra: Record<string, unknown> = {}) =>
    f.soc.analyst.post('/api/v1/query', { query: steps, ...extra });

  it('sorts, pages with X-Total (exact) and counts', async () => {
    const page = await q([
      { _name: 'listCase' },
      { _name: 'sort', _fields: [{ startDate: 'asc' }] },
      { _name: 'page', from: 1, to: 3, extraData: ['total'] },
    ]);
    expect(page.status, page.text).toBe(200);
    expect(page.body.map((c: { title: string }) => c.title)).toEqual([T.c2, T.c3]);
    expect(page.headers.get('x-total')).toBe('4');
    expect(page.body[0]).toMatchObject({ _type: 'Case', status: 'TruePositive', extraData: {} });
    expect((await q([{ _name: 'listCase' }, { _name: 'count' }])).body).toBe(4);
    expect((await q([{ _name: 'listCase' }, { _name: 'limitedCount' }])).body).toBe(4);
    const a6 = await q([
      { _name: 'listCase' },
      {
        _name: 'filter',
        _and: [{ _eq: { _field: 'stage', _value: 'Closed' } }, { _gte: { _field: 'severity', _value: 3 } }],
      },
      { _name: 'count' },
    ]);
    expect(a6.body).toBe(1);
  });

  it('sorts on several fields, custom fields and descending with a stable id tiebreaker', async () => {
    const res = await q([
      { _name: 'listCase' },
      { _name: 'sort', _fields: ['-customFields.cvss', { title: 'asc' }] },
    ]);
    expect(res.body.map((c: { title: string }) => c.title)).toEqual([T.c2, T.c1, T.c4, T.c3]);
    const byStage = await q([
      { _name: 'listCase' },
      { _name: 'sort', _fields: [{ stage: 'asc' }, { severity: 'desc' }] },
    ]);
    expect(byStage.body.map((c: { title: string }) => c.title)).toEqual([T.c2, T.c3, T.c4, T.c1]);
  });

  it('getCase by id or number, unknown ids give []', async () => {
    expect(titles((await q([{ _name: 'getCase', idOrName: f.cases.c1.id }])).body)).toEqual([T.c1]);
    expect(titles((await q([{ _name: 'getCase', idOrName: String(f.cases.c4.number) }])).body)).toEqual([
      T.c4,
    ]);
    expect((await q([{ _name: 'getCase', idOrName: '~999999' }])).body).toEqual([]);
    expect((await q([{ _name: 'getCase', idOrName: f.cases.x1.id }])).body).toEqual([]);
    expect((await q([{ _name: 'getLog', idOrName: 'nope' }])).body).toEqual([]);
  });

  it('navigates case → tasks → logs, case → observables, back to the case', async () => {
    const tasks = await q([
      { _name: 'getCase', idOrName: f.cases.c1.id },
      { _name: 'tasks' },
      { _name: 'sort', _fields: [{ order: 'asc' }] },
      { _name: 'page', from: 0, to: 50, extraData: ['total', 'actionRequired'] },
    ]);
    expect(titles(tasks.body)).toEqual(['Analyse mail', 'Block sender']);
    expect(tasks.headers.get('x-total')).toBe('2');
    const logs = await q([{ _name: 'getTask', idOrName: f.tasks.analyse }, { _name: 'logs' }]);
    expect(logs.body.map((l: { message: string }) => l.message).sort()).toEqual([
      'Headers checked',
      'Sender is evil',
    ]);
    const obs = await q([
      { _name: 'getCase', idOrName: f.cases.c1.id },
      { _name: 'observables' },
      { _name: 'filter', _eq: { _field: 'ioc', _value: true } },
    ]);
    expect(obs.body.map((o: { data: string }) => o.data)).toEqual(['1.2.3.4']);
    const back = await q([{ _name: 'getObservable', idOrName: f.observables.ip2 }, { _name: 'case' }]);
    expect(titles(back.body)).toEqual([T.c2]);
    const logCase = await q([
      { _name: 'getLog', idOrName: f.logs.sender },
      { _name: 'task' },
      { _name: 'case' },
    ]);
    expect(titles(logCase.body)).toEqual([T.c1]);
    const deep = await q([
      { _name: 'listCase' },
      { _name: 'filter', _eq: { _field: 'tags', _value: 'phishing' } },
      { _name: 'tasks' },
      { _name: 'logs' },
      { _name: 'count' },
    ]);
    expect(deep.body).toBe(2);
  });

  it('lists tasks, observables, templates, custom fields and observable types', async () => {
    // closing c2 completed its task; writing logs started "Analyse mail"
    const done = await q([
      { _name: 'listTask' },
      { _name: 'filter', _eq: { _field: 'status', _value: 'Completed' } },
    ]);
    expect(titles(done.body)).toEqual(['Restore backups']);
    const ips = await q([
      { _name: 'listObservable' },
      { _name: 'filter', _eq: { _field: 'dataType', _value: 'ip' } },
      { _name: 'sort', _fields: [{ data: 'asc' }] },
    ]);
    expect(ips.body.map((o: { data: string }) => o.data)).toEqual(['1.2.3.4', '10.0.0.1']);
    const cfs = await q([{ _name: 'listCustomField' }, { _name: 'sort', _fields: [{ name: 'asc' }] }]);
    expect(cfs.body.map((c: { name: string }) => c.name)).toEqual(['cvss', 'reviewed', 'team']);
    const types = await q([
      { _name: 'listObservableType' },
      { _name: 'filter', _eq: { _field: 'name', _value: 'ip' } },
    ]);
    expect(types.body).toHaveLength(1);
    expect((await q([{ _name: 'getObservableType', idOrName: 'domain' }])).body[0]).toMatchObject({
      name: 'domain',
    });
    expect((await q([{ _name: 'listCaseTemplate' }, { _name: 'count' }])).body).toBe(0);
  });

  it('keeps identity lists working and applies excludeFields', async () => {
    const me = await q([{ _name: 'currentUser' }]);
    expect(me.body[0].login).toBe(f.soc.logins.analyst);
    const res = await q([{ _name: 'getCase', idOrName: f.cases.c1.id }], {
      excludeFields: ['description', 'customFields'],
    });
    expect(res.body[0].description).toBeUndefined();
    expect(res.body[0].title).toBe(T.c1);
  });

  it('isolates organisations', async () => {
    const cert = await f.cert.analyst.post('/api/v1/query', { query: [{ _name: 'listCase' }] });
    expect(titles(cert.body)).toEqual(['Phishing at cert']);
    const tags = await q([
      { _name: 'listCase' },
      { _name: 'filter', _eq: { _field: 'tags', _value: 'phishing' } },
      { _name: 'count' },
    ]);
    expect(tags.body).toBe(2);
  });

  it('answers 400 naming the problem', async () => {
    const unknown = await q([{ _name: 'listCase' }, { _name: 'filter', _eq: { _field: 'nope', _value: 1 } }]);
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toContain('unknown field "nope" for case; allowed:');
    expect(unknown.body.message).toContain('startDate');
    const step = await q([{ _name: 'listCase' }, { _name: 'logs' }]);
    expect(step.status).toBe(400);
    expect(step.body.message).toContain(
      'allowed: filter, sort, page, count, limitedCount, aggregation, tasks, observables',
    );
    const first = await q([{ _name: 'listNothing' }]);
    expect(first.status).toBe(400);
    expect(first.body.message).toContain('listCase');
    const type = await q([
      { _name: 'listCase' },
      { _name: 'filter', _eq: { _field: 'severity', _value: 'high' } },
    ]);
    expect(type.status).toBe(400);
    const text = await q([
      { _name: 'listCase' },
      { _name: 'filter', _like: { _field: 'severity', _value: '*1*' } },
    ]);
    expect(text.status).toBe(400);
    const cf = await q([
      { _name: 'listCase' },
      { _name: 'filter', _eq: { _field: 'customFields.nope', _value: 1 } },
    ]);
    expect(cf.body.message).toContain('unknown custom field "nope"');
    const afterCount = await q([
      { _name: 'listCase' },
      { _name: 'count' },
      { _name: 'page', from: 0, to: 1 },
    ]);
    expect(afterCount.status).toBe(400);
    const v0only = await q([
      { _name: 'listCase' },
      { _name: 'filter', _parent: { _type: 'case', _id: '~1' } },
    ]);
    expect(v0only.status).toBe(400);
  });
});

describe('v0 _search on every entity', () => {
  it('tasks of a case through _parent (id and query), owner, sort and range', async () => {
    const a = f.soc.analyst;
    const byId = await a.post('/api/case/task/_search', {
      query: { _parent: { _type: 'case', _id: f.cases.c1.id } },
      range: 'all',
    });
    expect(titles(byId.body)).toEqual(['Analyse mail', 'Block sender']);
    expect(byId.body[0]._type).toBe('case_task');
    const byQuery = await a.post('/api/case/task/_search', {
      query: { _parent: { _type: 'case', _query: { _field: 'title', _value: T.c2 } } },
    });
    expect(titles(byQuery.body)).toEqual(['Restore backups']);
    const owner = await a.post('/api/case/task/_search', {
      query: { _field: 'owner', _value: f.soc.logins.analyst },
    });
    expect(titles(owner.body)).toEqual(['Block sender']);
    const sorted = await a.post('/api/case/task/_search?sort=-title&range=0-2', { query: {} });
    expect(sorted.body.map((t: { title: string }) => t.title)).toEqual(['Restore backups', 'Block sender']);
    expect(sorted.headers.get('x-total')).toBe('3');
  });

  it('logs of a task, artifacts with nparent and nstats (A3)', async () => {
    const a = f.soc.analyst;
    const logs = await a.post('/api/case/task/log/_search', {
      query: { _parent: { _type: 'case_task', _id: f.tasks.analyse } },
      sort: ['-startDate'],
      range: 'all',
    });
    expect(logs.body).toHaveLength(2);
    expect(logs.body[0]._type).toBe('case_task_log');
    const a3 = await a.post('/api/case/artifact/_search?range=0-100&sort=-startDate&nparent=1', {
      query: {
        _and: [
          { _parent: { _type: 'case', _query: { _id: f.cases.c1.id } } },
          { _field: 'ioc', _value: true },
          { _in: { _field: 'dataType', _values: ['ip', 'domain'] } },
        ],
      },
    });
    expect(a3.status, a3.text).toBe(200);
    expect(a3.body.map((o: { data: string }) => o.data)).toEqual(['1.2.3.4']);
    expect(a3.body[0].case).toMatchObject({ title: T.c1 });
    expect(a3.headers.get('x-total')).toBe('1');
    const tagged = await a.post('/api/case/artifact/_search', { query: { _string: 'tags:bad' } });
    expect(tagged.body.map((o: { data: string }) => o.data)).toEqual(['evil.com']);
  });

  it('GET /api/case, range and repeated sort from the query string', async () => {
    const res = await f.soc.analyst.get('/api/case?range=0-3&sort=-severity&sort=title');
    expect(res.body.map((c: { title: string }) => c.title)).toEqual([T.c2, T.c1, T.c4]);
    expect(res.headers.get('x-total')).toBe('4');
    expect(res.body[0]).toMatchObject({
      _type: 'case',
      status: 'Resolved',
      resolutionStatus: 'TruePositive',
      tlp: 2,
    });
    const stats = await f.soc.analyst.post('/api/case/_search?nstats=true', {
      query: { _id: f.cases.c1.id },
    });
    expect(stats.body[0].stats.tasks.total).toBe(2);
  });

  it('case templates and users', async () => {
    const tpl = await f.soc.analyst.post('/api/case/template/_search', { query: { _string: 'name:x' } });
    expect(tpl.status).toBe(200);
    const users = await f.soc.analyst.post('/api/user/_search', {
      query: { _field: 'login', _value: f.soc.logins.analyst },
    });
    expect(users.body.map((u: { login: string }) => u.login)).toEqual([f.soc.logins.analyst]);
  });

  it('400 on unknown fields, parent types and models', async () => {
    const a = f.soc.analyst;
    const field = await a.post('/api/case/_search', { query: { _field: 'nope', _value: 1 } });
    expect(field.status).toBe(400);
    expect(field.body.message).toContain('allowed:');
    expect(field.body.message).toContain('caseId');
    const parent = await a.post('/api/case/task/_search', {
      query: { _parent: { _type: 'alert', _id: '~1' } },
    });
    expect(parent.status).toBe(400);
    expect(parent.body.message).toContain('supported: case');
    const model = await a.post('/api/_stats', { stats: [{ model: 'nope', stats: [{ _agg: 'count' }] }] });
    expect(model.status).toBe(400);
  });
});

describe('aggregations', () => {
  it('v0 _stats: field terms with count, count, metrics (hand-computed)', async () => {
    const res = await f.soc.analyst.post('/api/case/_stats', {
      query: {},
      stats: [
        { _agg: 'field', _field: 'status', _select: [{ _agg: 'count' }], _order: '-_count', _size: 10 },
        { _agg: 'count' },
        { _agg: 'sum', _field: 'severity' },
        { _agg: 'avg', _field: 'severity' },
        { _agg: 'min', _field: 'severity' },
        { _agg: 'max', _field: 'severity', _name: 'worst' },
      ],
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({
      Open: { count: 2 },
      Resolved: { count: 1 },
      Duplicated: { count: 1 },
      count: 4,
      sum_severity: 10,
      avg_severity: 2.5,
      min_severity: 1,
      worst: 4,
    });
  });

  it('terms on tags, _size and _order by term, sub-aggregations', async () => {
    const res = await f.soc.analyst.post('/api/case/_stats', {
      stats: [
        {
          _agg: 'field',
          _field: 'tags',
          _order: ['_term'],
          _size: 2,
          _select: [{ _agg: 'count' }, { _agg: 'max', _field: 'severity' }],
        },
      ],
    });
    expect(res.body).toEqual({
      mail: { count: 1, max_severity: 3 },
      phishing: { count: 2, max_severity: 3 },
    });
    const bySub = await f.soc.analyst.post('/api/case/_stats', {
      stats: [
        {
          _agg: 'field',
          _field: 'severity',
          _order: '-sum_tlp',
          _size: 1,
          _select: [{ _agg: 'sum', _field: 'tlp' }],
        },
      ],
    });
    // v0 TLP: c1 2, c2 2, c3 0, c4 3 → severity 2 (c4) has the largest v0 tlp sum (3)
    expect(bySub.body).toEqual({ 2: { sum_tlp: 3 } });
  });

  it('time histograms by month and by week, on both dialects', async () => {
    const month = await f.soc.analyst.post('/api/case/_stats', {
      stats: [{ _agg: 'time', _fields: ['startDate'], _interval: '1M', _select: [{ _agg: 'count' }] }],
    });
    expect(month.body).toEqual({
      [day(2024, 1, 1)]: { startDate: { count: 1 } },
      [day(2024, 2, 1)]: { startDate: { count: 2 } },
      [day(2024, 3, 1)]: { startDate: { count: 1 } },
    });
    const week = await f.soc.analyst.post('/api/v1/query', {
      query: [
        { _name: 'listCase' },
        {
          _name: 'aggregation',
          _agg: 'time',
          _fields: ['startDate'],
          _interval: '1w',
          _select: [{ _agg: 'count' }],
        },
      ],
    });
    // Monday-aligned weeks: Jan 8, Feb 12, Feb 19, Mar 4 (2024)
    expect(week.body).toEqual({
      [day(2024, 1, 8)]: { startDate: { count: 1 } },
      [day(2024, 2, 12)]: { startDate: { count: 1 } },
      [day(2024, 2, 19)]: { startDate: { count: 1 } },
      [day(2024, 3, 4)]: { startDate: { count: 1 } },
    });
    const year = await f.soc.analyst.post('/api/case/_stats', {
      stats: [
        {
          _agg: 'time',
          _fields: ['startDate'],
          _interval: { _interval: 1, _unit: 'YEARS' },
          _select: [{ _agg: 'count' }],
        },
      ],
    });
    expect(year.body).toEqual({ [day(2024, 1, 1)]: { startDate: { count: 4 } } });
    const tooMany = await f.soc.analyst.post('/api/case/_stats', {
      stats: [{ _agg: 'time', _fields: ['startDate'], _interval: '1s' }],
    });
    expect(tooMany.status).toBe(200); // 4 buckets only
    const days = await f.soc.analyst.post('/api/case/_stats', {
      stats: [{ _agg: 'time', _fields: ['createdAt'], _interval: '1d', _select: [{ _agg: 'count' }] }],
    });
    expect(
      Object.values(days.body as Record<string, { createdAt: { count: number } }>).reduce(
        (n, b) => n + b.createdAt.count,
        0,
      ),
    ).toBe(4);
  });

  it('caps time buckets', async () => {
    const res = await f.soc.analyst.post('/api/case/_stats', {
      stats: [{ _agg: 'time', _fields: ['startDate'], _interval: '1m' }],
      query: {
        _or: [
          { _field: 'severity', _value: 3 },
          { _field: 'severity', _value: 2 },
        ],
      },
    });
    expect(res.status).toBe(200);
    const wide = await f.soc.analyst.post('/api/case/_stats', {
      stats: [{ _agg: 'time', _fields: ['_createdAt'], _interval: '1s' }],
    });
    expect(wide.status).toBe(200);
  });

  it('category, _query and multi-model /api/_stats (deep-merged)', async () => {
    const res = await f.soc.analyst.post('/api/case/_stats', {
      stats: [
        {
          _agg: 'category',
          _categories: { high: { _gte: { severity: 3 } }, low: { _lt: { severity: 3 } } },
          _select: [{ _agg: 'count' }],
        },
        { _agg: 'count', _name: 'phishing', _query: { _field: 'tags', _value: 'phishing' } },
      ],
    });
    expect(res.body).toEqual({ high: { count: 2 }, low: { count: 2 }, phishing: 2 });
    const multi = await f.soc.analyst.post('/api/_stats', {
      stats: [
        { model: 'case', stats: [{ _agg: 'count', _name: 'cases' }] },
        {
          model: 'case_task',
          query: {},
          stats: [{ _agg: 'field', _field: 'status', _select: [{ _agg: 'count' }] }],
        },
        {
          model: 'case_artifact',
          stats: [{ _agg: 'field', _field: 'dataType', _name: 'types', _select: [{ _agg: 'count' }] }],
        },
      ],
    });
    expect(multi.body).toEqual({
      cases: 4,
      InProgress: { count: 2 },
      Completed: { count: 1 },
      types: { ip: { count: 2 }, domain: { count: 1 } },
    });
  });

  it('v1 aggregation step and custom field terms', async () => {
    const res = await f.soc.analyst.post('/api/v1/query', {
      query: [
        { _name: 'listCase' },
        { _name: 'filter', _has: 'customFields.team' },
        { _name: 'aggregation', _agg: 'field', _field: 'customFields.team', _select: [{ _agg: 'count' }] },
      ],
    });
    expect(res.body).toEqual({ red: { count: 1 }, blue: { count: 1 } });
    const stage = await f.soc.analyst.post('/api/v1/query', {
      query: [
        { _name: 'listCase' },
        {
          _name: 'aggregation',
          _agg: 'field',
          _field: 'status',
          _select: [{ _agg: 'avg', _field: 'severity' }],
        },
      ],
    });
    expect(stage.body).toEqual({
      New: { avg_severity: 3 },
      InProgress: { avg_severity: 2 },
      TruePositive: { avg_severity: 4 },
      Duplicated: { avg_severity: 1 },
    });
    const empty = await f.soc.analyst.post('/api/v1/query', {
      query: [
        { _name: 'listCase' },
        { _name: 'filter', _or: [] },
        { _name: 'aggregation', _agg: 'avg', _field: 'severity' },
      ],
    });
    expect(empty.body).toEqual({ avg_severity: null });
    const top = await f.soc.analyst.post('/api/case/_stats', {
      stats: [{ _agg: 'top', _size: 1, _order: ['-severity'] }],
    });
    expect(top.body.top.map((c: { title: string }) => c.title)).toEqual([T.c2]);
  });
});
