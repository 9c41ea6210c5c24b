import { describe, expect, it } from 'vitest';
import type { Filter } from './ast.js';
import { QueryError } from './errors.js';
import { parseV0Query } from './parse-v0.js';

const eq = (field: string, value: unknown): Filter => ({ kind: 'compare', op: 'eq', field, value }) as Filter;

/** thehive4py 1.x helpers (client-calls.md §6, thehive-api.md §2.3) → AST. */
const PY1_HELPERS: Array<[string, unknown, Filter]> = [
  ["Eq('status','Open')", { _field: 'status', _value: 'Open' }, eq('status', 'Open')],
  ["Gt('severity',2)", { _gt: { severity: 2 } }, { kind: 'compare', op: 'gt', field: 'severity', value: 2 }],
  [
    "Gte('severity',2)",
    { _gte: { severity: 2 } },
    { kind: 'compare', op: 'gte', field: 'severity', value: 2 },
  ],
  ["Lt('severity',2)", { _lt: { severity: 2 } }, { kind: 'compare', op: 'lt', field: 'severity', value: 2 }],
  [
    "Lte('severity',2)",
    { _lte: { severity: 2 } },
    { kind: 'compare', op: 'lte', field: 'severity', value: 2 },
  ],
  [
    "And(Eq('a',1), Eq('b',2))",
    {
      _and: [
        { _field: 'a', _value: 1 },
        { _field: 'b', _value: 2 },
      ],
    },
    { kind: 'and', filters: [eq('a', 1), eq('b', 2)] },
  ],
  [
    "Or(Eq('a',1), Eq('b',2))",
    {
      _or: [
        { _field: 'a', _value: 1 },
        { _field: 'b', _value: 2 },
      ],
    },
    { kind: 'or', filters: [eq('a', 1), eq('b', 2)] },
  ],
  ["Not(Eq('a',1))", { _not: { _field: 'a', _value: 1 } }, { kind: 'not', filter: eq('a', 1) }],
  [
    "In('tags',['x','y'])",
    { _in: { _field: 'tags', _values: ['x', 'y'] } },
    { kind: 'in', field: 'tags', values: ['x', 'y'] },
  ],
  [
    "Contains('customFields.cf')",
    { _contains: 'customFields.cf' },
    { kind: 'has', field: 'customFields.cf' },
  ],
  ["Id('~123')", { _id: '~123' }, { kind: 'id', ids: ['~123'] }],
  [
    "Between('date',0,10)",
    { _between: { _field: 'date', _from: 0, _to: 10 } },
    { kind: 'between', field: 'date', from: 0, to: 10 },
  ],
  [
    "ParentId('case','~1')",
    { _parent: { _type: 'case', _id: '~1' } },
    { kind: 'parent', type: 'case', filter: { kind: 'id', ids: ['~1'] } },
  ],
  [
    "Parent('case', Id('~1'))",
    { _parent: { _type: 'case', _query: { _id: '~1' } } },
    { kind: 'parent', type: 'case', filter: { kind: 'id', ids: ['~1'] } },
  ],
  [
    "Child('case_artifact', Eq('data','x'))",
    { _child: { _type: 'case_artifact', _query: { _field: 'data', _value: 'x' } } },
    { kind: 'child', type: 'case_artifact', filter: eq('data', 'x') },
  ],
  ["Type('case')", { _type: 'case' }, { kind: 'type', type: 'case' }],
  ["String('title:foo')", { _string: 'title:foo' }, eq('title', 'foo')],
  ["Like('title','phish')", { _like: { _field: 'title', _value: 'phish' } }, eq('title', 'phish')],
  [
    "StartsWith('title','abc')",
    { _wildcard: { _field: 'title', _value: 'abc*' } },
    { kind: 'text', op: 'startsWith', field: 'title', value: 'abc' },
  ],
  [
    "EndsWith('title','abc')",
    { _wildcard: { _field: 'title', _value: '*abc' } },
    { kind: 'text', op: 'endsWith', field: 'title', value: 'abc' },
  ],
  [
    "ContainsString('title','abc')",
    { _wildcard: { _field: 'title', _value: '*abc*' } },
    { kind: 'text', op: 'contains', field: 'title', value: 'abc' },
  ],
];

const byCase = (id: string): Filter => ({ kind: 'parent', type: 'case', filter: { kind: 'id', ids: [id] } });

/** Whole `query` values that v0 clients send. */
const BODIES: Array<[string, unknown, Filter]> = [
  ['missing query', undefined, { kind: 'any' }],
  ['null query', null, { kind: 'any' }],
  ['PY1 find_* default {}', {}, { kind: 'any' }],
  [
    'A3 artifact search',
    {
      _and: [
        { _parent: { _type: 'case', _query: { _id: 'AVqqdpY2yQ6w1DNC8aDh' } } },
        { _field: 'ioc', _value: true },
        { _in: { _field: 'dataType', _values: ['ip', 'domain'] } },
      ],
    },
    {
      kind: 'and',
      filters: [
        byCase('AVqqdpY2yQ6w1DNC8aDh'),
        eq('ioc', true),
        { kind: 'in', field: 'dataType', values: ['ip', 'domain'] },
      ],
    },
  ],
  ['PY1 get_case_tasks', { _parent: { _type: 'case', _query: { _id: '~42' } } }, byCase('~42')],
  [
    'PY1 get_case_tasks with a query',
    {
      _and: [{ _parent: { _type: 'case', _query: { _id: '~42' } } }, { _field: 'status', _value: 'Waiting' }],
    },
    { kind: 'and', filters: [byCase('~42'), eq('status', 'Waiting')] },
  ],
  [
    'PY1 get_task_logs',
    { _parent: { _type: 'case_task', _query: { _id: '~7' } } },
    { kind: 'parent', type: 'case_task', filter: { kind: 'id', ids: ['~7'] } },
  ],
  [
    'PY1 get_case_template v3',
    {
      _and: [
        { _field: 'name', _value: 'tpl' },
        { _field: 'status', _value: 'Ok' },
      ],
    },
    { kind: 'and', filters: [eq('name', 'tpl'), eq('status', 'Ok')] },
  ],
  [
    'dashboard period (DashboardSrv.buildPeriodQuery)',
    {
      _and: [
        { _between: { _field: 'createdAt', _from: 1700000000000, _to: 1700086399999 } },
        { _field: 'status', _value: 'Open' },
      ],
    },
    {
      kind: 'and',
      filters: [
        { kind: 'between', field: 'createdAt', from: 1700000000000, to: 1700086399999 },
        eq('status', 'Open'),
      ],
    },
  ],
  [
    'TH4 _ne',
    { _ne: { _field: 'status', _value: 'Deleted' } },
    { kind: 'compare', op: 'ne', field: 'status', value: 'Deleted' },
  ],
  [
    'TH4 _gt long form',
    { _gt: { _field: 'createdAt', _value: 5 } },
    { kind: 'compare', op: 'gt', field: 'createdAt', value: 5 },
  ],
  [
    'TH4 _startsWith',
    { _startsWith: { _field: 'title', _value: 'x' } },
    { kind: 'text', op: 'startsWith', field: 'title', value: 'x' },
  ],
  [
    '_match',
    { _match: { _field: 'description', _value: 'x' } },
    { kind: 'match', field: 'description', value: 'x' },
  ],
  ['_has', { _has: 'owner' }, { kind: 'has', field: 'owner' }],
  ['_any', { _any: true }, { kind: 'any' }],
  ['_eq', { _eq: { _field: 'a', _value: 'b' } }, eq('a', 'b')],
  ['_is', { _is: { _field: 'a', _value: 'b' } }, eq('a', 'b')],
  ['deprecated shorthand', { status: 'Open' }, eq('status', 'Open')],
  [
    '_wildcard a*b',
    { _wildcard: { _field: 'title', _value: 'a*b' } },
    { kind: 'wildcard', field: 'title', pattern: 'a*b' },
  ],
  [
    '_parent alert for an observable',
    { _parent: { _type: 'alert', _query: { _field: 'source', _value: 'siem' } } },
    { kind: 'parent', type: 'alert', filter: eq('source', 'siem') },
  ],
  [
    '_child with nested _parent',
    { _child: { _type: 'case_task', _query: { _parent: { _type: 'case', _id: '1' } } } },
    { kind: 'child', type: 'case_task', filter: byCase('1') },
  ],
  [
    '_string inside _and',
    { _and: [{ _type: 'case' }, { _string: 'misp AND tlp:2' }] },
    {
      kind: 'and',
      filters: [
        { kind: 'type', type: 'case' },
        { kind: 'and', filters: [{ kind: 'fulltext', value: 'misp' }, eq('tlp', 2)] },
      ],
    },
  ],
];

describe('parseV0Query', () => {
  it.each(PY1_HELPERS)('thehive4py 1.x %s', (_name, input, expected) => {
    expect(parseV0Query(input)).toEqual(expected);
  });

  it.each(BODIES)('%s', (_name, input, expected) => {
    expect(parseV0Query(input)).toEqual(expected);
  });
});

const ERRORS: Array<[string, unknown, RegExp]> = [
  [
    'unknown operator',
    { _foo: 1 },
    /^query\._foo: unknown operator "_foo"; supported: .*_parent, _child, _type, _string/,
  ],
  ['_parent without _type', { _parent: { _id: '1' } }, /^query\._parent: missing "_type"/],
  [
    '_parent with both',
    { _parent: { _type: 'case', _id: '1', _query: {} } },
    /exactly one of "_query" and "_id"/,
  ],
  ['_parent with neither', { _parent: { _type: 'case' } }, /exactly one of "_query" and "_id"/],
  ['_parent bad type', { _parent: { _type: 'case; drop', _id: '1' } }, /is not an entity type name/],
  [
    '_parent type not a string',
    { _parent: { _type: 3, _id: '1' } },
    /^query\._parent\._type: expected an entity type name/,
  ],
  ['_child without _query', { _child: { _type: 'case_task' } }, /^query\._child: missing "_query"/],
  [
    '_child bad query',
    { _child: { _type: 'case_task', _query: 'x' } },
    /^query\._child\._query: expected a filter object/,
  ],
  ['_type not a string', { _type: ['case'] }, /^query\._type: expected an entity type name/],
  ['_string not a string', { _string: { q: 1 } }, /^query\._string: expected a query string, got an object/],
  [
    '_string unsupported range',
    { _string: 'tlp:[1 TO 3]' },
    /^query\._string: unsupported syntax: ranges .*supported _string syntax: field:value/,
  ],
  ['string query', 'title:x', /^query: expected a filter object, got a string/],
];

describe('parseV0Query errors', () => {
  it.each(ERRORS)('%s', (_name, input, message) => {
    expect(() => parseV0Query(input)).toThrow(QueryError);
    expect(() => parseV0Query(input)).toThrow(message);
  });
});
