import { describe, expect, it } from 'vitest';
import type { Filter } from './ast.js';
import { QueryError } from './errors.js';
import { parseV1Filter, parseV1FilterStep } from './parse-v1.js';

const eq = (field: string, value: unknown): Filter => ({ kind: 'compare', op: 'eq', field, value }) as Filter;
const NOW = Date.UTC(2024, 2, 15, 10, 30, 0);

/** thehive4py 2.x helpers (client-calls.md §4): JSON inside `{"_name":"filter", ...}` → AST. */
const PY2_HELPERS: Array<[string, unknown, Filter]> = [
  ["Eq('status','New')", { _eq: { _field: 'status', _value: 'New' } }, eq('status', 'New')],
  [
    "Ne('status','New')",
    { _ne: { _field: 'status', _value: 'New' } },
    { kind: 'compare', op: 'ne', field: 'status', value: 'New' },
  ],
  [
    "Gt('severity',2)",
    { _gt: { _field: 'severity', _value: 2 } },
    { kind: 'compare', op: 'gt', field: 'severity', value: 2 },
  ],
  [
    "Gte('severity',2)",
    { _gte: { _field: 'severity', _value: 2 } },
    { kind: 'compare', op: 'gte', field: 'severity', value: 2 },
  ],
  [
    "Lt('severity',2)",
    { _lt: { _field: 'severity', _value: 2 } },
    { kind: 'compare', op: 'lt', field: 'severity', value: 2 },
  ],
  [
    "Lte('severity',2)",
    { _lte: { _field: 'severity', _value: 2 } },
    { kind: 'compare', op: 'lte', field: 'severity', value: 2 },
  ],
  [
    "StartsWith('title','abc')",
    { _startsWith: { _field: 'title', _value: 'abc' } },
    { kind: 'text', op: 'startsWith', field: 'title', value: 'abc' },
  ],
  [
    "EndsWith('title','abc')",
    { _endsWith: { _field: 'title', _value: 'abc' } },
    { kind: 'text', op: 'endsWith', field: 'title', value: 'abc' },
  ],
  ["Id('~123')", { _id: '~123' }, { kind: 'id', ids: ['~123'] }],
  [
    "Between('_createdAt',0,10)",
    { _between: { _field: '_createdAt', _from: 0, _to: 10 } },
    { kind: 'between', field: '_createdAt', from: 0, to: 10 },
  ],
  [
    "In('tags',['x','y'])",
    { _in: { _field: 'tags', _values: ['x', 'y'] } },
    { kind: 'in', field: 'tags', values: ['x', 'y'] },
  ],
  ["Contains('login')", { _contains: 'login' }, { kind: 'has', field: 'login' }],
  ["Has('login')", { _has: 'login' }, { kind: 'has', field: 'login' }],
  ["Like('title','phish')", { _like: { _field: 'title', _value: 'phish' } }, eq('title', 'phish')],
  [
    "Match('title','phish')",
    { _match: { _field: 'title', _value: 'phish' } },
    { kind: 'match', field: 'title', value: 'phish' },
  ],
  [
    "Eq('a',1) & Eq('b',2) & Eq('c',3)",
    {
      _and: [
        { _eq: { _field: 'a', _value: 1 } },
        { _eq: { _field: 'b', _value: 2 } },
        { _eq: { _field: 'c', _value: 3 } },
      ],
    },
    { kind: 'and', filters: [eq('a', 1), eq('b', 2), eq('c', 3)] },
  ],
  [
    "Eq('a',1) | Eq('b',2)",
    { _or: [{ _eq: { _field: 'a', _value: 1 } }, { _eq: { _field: 'b', _value: 2 } }] },
    { kind: 'or', filters: [eq('a', 1), eq('b', 2)] },
  ],
  ["~Eq('a',1)", { _not: { _eq: { _field: 'a', _value: 1 } } }, { kind: 'not', filter: eq('a', 1) }],
  [
    "(Eq('a',1) | Eq('b',2)) & ~Eq('c',3)",
    {
      _and: [
        { _or: [{ _eq: { _field: 'a', _value: 1 } }, { _eq: { _field: 'b', _value: 2 } }] },
        { _not: { _eq: { _field: 'c', _value: 3 } } },
      ],
    },
    {
      kind: 'and',
      filters: [
        { kind: 'or', filters: [eq('a', 1), eq('b', 2)] },
        { kind: 'not', filter: eq('c', 3) },
      ],
    },
  ],
];

/** Every v1 operator and form of thehive-api.md §3.4. */
const OPERATORS: Array<[string, unknown, Filter]> = [
  ['empty object', {}, { kind: 'any' }],
  ['_any null', { _any: null }, { kind: 'any' }],
  ['_any object', { _any: {} }, { kind: 'any' }],
  ['_is (TH4)', { _is: { _field: 'status', _value: 'Open' } }, eq('status', 'Open')],
  ['bare form', { _field: 'imported', _value: false }, eq('imported', false)],
  ['bare form, null value', { _field: 'endDate', _value: null }, eq('endDate', null)],
  ['deprecated {"f": v}', { status: 'Open' }, eq('status', 'Open')],
  ['deprecated meta field', { _createdBy: 'me' }, eq('_createdBy', 'me')],
  ['deprecated, dotted path', { 'customFields.cvss.number': 9.8 }, eq('customFields.cvss.number', 9.8)],
  ['_eq short form', { _eq: { status: 'New' } }, eq('status', 'New')],
  ['_lt short form', { _lt: { severity: 3 } }, { kind: 'compare', op: 'lt', field: 'severity', value: 3 }],
  [
    '_gt short form on meta',
    { _gt: { _createdAt: 5 } },
    { kind: 'compare', op: 'gt', field: '_createdAt', value: 5 },
  ],
  [
    '_ne null',
    { _ne: { _field: 'assignee', _value: null } },
    { kind: 'compare', op: 'ne', field: 'assignee', value: null },
  ],
  ['_in empty', { _in: { _field: 'status', _values: [] } }, { kind: 'in', field: 'status', values: [] }],
  [
    '_in mixed scalars',
    { _in: { _field: 'x', _values: [1, 'a', true, null] } },
    { kind: 'in', field: 'x', values: [1, 'a', true, null] },
  ],
  [
    '_like *x*',
    { _like: { _field: 'title', _value: '*phish*' } },
    { kind: 'text', op: 'contains', field: 'title', value: 'phish' },
  ],
  [
    '_like x*',
    { _like: { _field: 'title', _value: 'phish*' } },
    { kind: 'text', op: 'startsWith', field: 'title', value: 'phish' },
  ],
  [
    '_like *x',
    { _like: { _field: 'title', _value: '*phish' } },
    { kind: 'text', op: 'endsWith', field: 'title', value: 'phish' },
  ],
  [
    '_like a*b',
    { _like: { _field: 'title', _value: 'a*b' } },
    { kind: 'wildcard', field: 'title', pattern: 'a*b' },
  ],
  [
    '_like *a*b*',
    { _like: { _field: 'title', _value: '*a**b*' } },
    { kind: 'wildcard', field: 'title', pattern: '*a*b*' },
  ],
  [
    '_like *',
    { _like: { _field: 'title', _value: '*' } },
    { kind: 'text', op: 'contains', field: 'title', value: '' },
  ],
  [
    '_wildcard = _like',
    { _wildcard: { _field: 'title', _value: 'abc*' } },
    { kind: 'text', op: 'startsWith', field: 'title', value: 'abc' },
  ],
  [
    '_has object form',
    { _has: { _field: 'customFields.cvss' } },
    { kind: 'has', field: 'customFields.cvss' },
  ],
  ['_id list', { _id: ['~1', '~2'] }, { kind: 'id', ids: ['~1', '~2'] }],
  ['_id number', { _id: 42 }, { kind: 'id', ids: ['42'] }],
  ['_and empty', { _and: [] }, { kind: 'and', filters: [] }],
  ['_or empty', { _or: [] }, { kind: 'or', filters: [] }],
  ['_and with {}', { _and: [{}] }, { kind: 'and', filters: [{ kind: 'any' }] }],
  [
    'two operator keys are AND-ed',
    { _eq: { _field: 'a', _value: 1 }, _has: 'b' },
    { kind: 'and', filters: [eq('a', 1), { kind: 'has', field: 'b' }] },
  ],
  [
    'relative date in _gte',
    { _gte: { _field: '_createdAt', _value: { amount: 1, unit: 'days', look: 'behind' } } },
    { kind: 'compare', op: 'gte', field: '_createdAt', value: NOW - 86_400_000 },
  ],
  [
    'relative dates in _between',
    {
      _between: {
        _field: 'date',
        _from: { amount: 7, unit: 'days', look: 'behind', modifier: 'startOfDay' },
        _to: { amount: 0, unit: 'days', look: 'behind', modifier: 'endOfDay' },
      },
    },
    {
      kind: 'between',
      field: 'date',
      from: Date.UTC(2024, 2, 8),
      to: Date.UTC(2024, 2, 15, 23, 59, 59, 999),
    },
  ],
  [
    'relative date in _eq',
    { _eq: { _field: 'dueDate', _value: { amount: 2, unit: 'hours', look: 'ahead' } } },
    eq('dueDate', NOW + 7_200_000),
  ],
  [
    'relative date in bare form',
    { _field: 'date', _value: { amount: 1, unit: 'weeks', look: 'behind' } },
    eq('date', NOW - 7 * 86_400_000),
  ],
];

describe('parseV1Filter', () => {
  it.each(PY2_HELPERS)('thehive4py 2.x %s', (_name, input, expected) => {
    expect(parseV1Filter(input)).toEqual(expected);
    expect(parseV1FilterStep({ _name: 'filter', ...(input as object) })).toEqual(expected);
  });

  it.each(OPERATORS)('%s', (_name, input, expected) => {
    expect(parseV1Filter(input, { now: NOW })).toEqual(expected);
  });

  it('passes a raw dict (examples/alert/fetch_with_find.py) through', () => {
    const raw = {
      _or: [{ _eq: { _field: 'status', _value: 'New' } }, { _eq: { _field: 'status', _value: 'Updated' } }],
    };
    expect(parseV1Filter(raw)).toEqual({
      kind: 'or',
      filters: [eq('status', 'New'), eq('status', 'Updated')],
    });
  });

  it('plainLike: contains reads _like without stars as a substring test', () => {
    expect(parseV1Filter({ _like: { _field: 'title', _value: 'phish' } }, { plainLike: 'contains' })).toEqual(
      {
        kind: 'text',
        op: 'contains',
        field: 'title',
        value: 'phish',
      },
    );
  });

  it('uses one "now" for the whole query', () => {
    let calls = 0;
    const rel = { amount: 1, unit: 'days', look: 'behind' };
    parseV1Filter(
      { _and: [{ _gt: { _field: 'a', _value: rel } }, { _lt: { _field: 'b', _value: rel } }] },
      {
        now: () => {
          calls++;
          return NOW;
        },
      },
    );
    expect(calls).toBe(1);
  });

  it('keeps field names as given', () => {
    expect(parseV1Filter({ _eq: { _field: 'computed.handlingDurationInHours', _value: 3 } })).toEqual(
      eq('computed.handlingDurationInHours', 3),
    );
  });
});

describe('parseV1FilterStep', () => {
  it('reads the TH4 docs alert list step (bare form merged with _name)', () => {
    expect(parseV1FilterStep({ _name: 'filter', _field: 'imported', _value: false })).toEqual(
      eq('imported', false),
    );
  });

  it('reads the A6 count pipeline filter', () => {
    const step = {
      _name: 'filter',
      _and: [{ _eq: { _field: 'stage', _value: 'New' } }, { _gte: { _field: 'severity', _value: 3 } }],
    };
    expect(parseV1FilterStep(step)).toEqual({
      kind: 'and',
      filters: [eq('stage', 'New'), { kind: 'compare', op: 'gte', field: 'severity', value: 3 }],
    });
  });

  it('ANDs several operator keys and ignores _name', () => {
    expect(
      parseV1FilterStep({
        _name: 'filter',
        _eq: { _field: 'a', _value: 1 },
        _ne: { _field: 'b', _value: 2 },
      }),
    ).toEqual({
      kind: 'and',
      filters: [eq('a', 1), { kind: 'compare', op: 'ne', field: 'b', value: 2 }],
    });
  });

  it('a step with no filter keys matches everything', () => {
    expect(parseV1FilterStep({ _name: 'filter' })).toEqual({ kind: 'any' });
  });

  it('uses the given path in errors', () => {
    expect(() => parseV1FilterStep({ _name: 'filter', _foo: 1 }, { path: 'query[1]' })).toThrow(
      /^query\[1\]\._foo: /,
    );
  });
});

/** Malformed v1 input → QueryError with a message naming the part. */
const ERRORS: Array<[string, unknown, RegExp]> = [
  ['not an object', 'status', /^query: expected a filter object, got a string/],
  ['array', [], /^query: expected a filter object, got an array/],
  ['null', null, /^query: expected a filter object, got null/],
  ['unknown operator', { _foo: 1 }, /^query\._foo: unknown operator "_foo"; supported: _and, _or/],
  ['v0-only operator', { _parent: { _type: 'case', _id: '1' } }, /only supported by the v0 API/],
  ['_string in v1', { _string: 'title:x' }, /only supported by the v0 API/],
  [
    '_and not an array',
    { _and: { _field: 'a', _value: 1 } },
    /^query\._and: expected an array of filters, got an object/,
  ],
  [
    '_and element not an object',
    { _and: [{}, 3] },
    /^query\._and\[1\]: expected a filter object, got a number/,
  ],
  ['missing _field', { _eq: { _value: 1 } }, /^query\._eq: missing "_field"/],
  ['missing _value', { _eq: { _field: 'a' } }, /^query\._eq: missing "_value"/],
  ['bare form without _value', { _field: 'a' }, /^query: missing "_value"/],
  ['_field not a string', { _eq: { _field: 3, _value: 1 } }, /^query\._eq\._field: expected a field name/],
  ['empty field', { _eq: { _field: '', _value: 1 } }, /the field name is empty/],
  ['field with empty segment', { _eq: { _field: 'a..b', _value: 1 } }, /empty segment/],
  ['field __proto__ segment', { _eq: { _field: 'a.__proto__', _value: 1 } }, /forbidden segment/],
  [
    'array value',
    { _eq: { _field: 'tags', _value: ['a'] } },
    /^query\._eq\._value: expected a single value, got an array \(use _in/,
  ],
  [
    'object value',
    { _eq: { _field: 'a', _value: { x: 1 } } },
    /^query\._eq\._value: expected a string, number, boolean or null, got an object/,
  ],
  ['NaN', { _eq: { _field: 'a', _value: Number.NaN } }, /NaN is not a valid number/],
  ['Infinity', { _gt: { _field: 'a', _value: Number.POSITIVE_INFINITY } }, /Infinity is not a valid number/],
  ['huge number', { _gt: { _field: 'a', _value: 1e300 } }, /out of range/],
  ['null ordered', { _lt: { _field: 'a', _value: null } }, /null cannot be used with an ordering operator/],
  ['short form with two keys', { _lt: { a: 1, b: 2 } }, /expected \{"_field"/],
  ['_between missing _to', { _between: { _field: 'a', _from: 1 } }, /^query\._between: missing "_to"/],
  [
    '_between unknown key',
    { _between: { _field: 'a', _from: 1, _to: 2, x: 1 } },
    /^query\._between\.x: unexpected key/,
  ],
  [
    '_in values not an array',
    { _in: { _field: 'a', _values: 'x' } },
    /^query\._in\._values: expected an array of values, got a string/,
  ],
  [
    '_in nested array',
    { _in: { _field: 'a', _values: [['x']] } },
    /^query\._in\._values\[0\]: expected a single value/,
  ],
  [
    '_startsWith number',
    { _startsWith: { _field: 'a', _value: 1 } },
    /^query\._startsWith\._value: expected a string/,
  ],
  ['_like boolean', { _like: { _field: 'a', _value: true } }, /expected a string/],
  [
    'too many stars',
    { _like: { _field: 'a', _value: 'a*b*c*d*e*f' } },
    /5 wildcards \(\*\) exceed the limit of 4/,
  ],
  ['_has number', { _has: 5 }, /^query\._has: expected a field name/],
  [
    '_contains object with _value',
    { _contains: { _field: 'a', _value: 1 } },
    /^query\._contains\._value: unexpected key/,
  ],
  ['_id object', { _id: { a: 1 } }, /^query\._id: expected an id/],
  ['_id empty', { _id: '' }, /the id is empty/],
  ['_not array', { _not: [] }, /^query\._not: expected a filter object, got an array/],
  [
    '__proto__ key',
    JSON.parse('{"__proto__": {"_field": "a"}}'),
    /^query\.__proto__: the key "__proto__" is not allowed/,
  ],
  ['constructor key', { _and: [{ constructor: 1 }] }, /the key "constructor" is not allowed/],
  [
    'relative date bad unit',
    { _gt: { _field: 'a', _value: { amount: 1, unit: 'fortnights', look: 'behind' } } },
    /^query\._gt\._value\.unit: expected one of seconds/,
  ],
  [
    'relative date bad look',
    { _gt: { _field: 'a', _value: { amount: 1, unit: 'days', look: 'sideways' } } },
    /^query\._gt\._value\.look: expected "behind" or "ahead"/,
  ],
  [
    'relative date unknown tz',
    { _gt: { _field: 'a', _value: { amount: 1, unit: 'days', look: 'behind', timezone: 'Mars/Olympus' } } },
    /^query\._gt\._value\.timezone: unknown timezone "Mars\/Olympus"/,
  ],
  [
    'relative date negative',
    { _gt: { _field: 'a', _value: { amount: -1, unit: 'days', look: 'behind' } } },
    /amount: expected a non-negative integer/,
  ],
  [
    'relative date extra key',
    { _gt: { _field: 'a', _value: { amount: 1, unit: 'days', look: 'behind', x: 1 } } },
    /\.x: unexpected key in a relative date/,
  ],
  [
    'relative date in _in',
    { _in: { _field: 'a', _values: [{ amount: 1, unit: 'days', look: 'behind' }] } },
    /expected a string, number, boolean or null, got an object/,
  ],
  [
    'relative date far away',
    { _gt: { _field: 'a', _value: { amount: 100000, unit: 'years', look: 'ahead' } } },
    /outside years 1 to 9999/,
  ],
];

describe('parseV1Filter errors', () => {
  it.each(ERRORS)('%s', (_name, input, message) => {
    let error: unknown;
    try {
      parseV1Filter(input, { now: NOW });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(QueryError);
    expect((error as QueryError).message).toMatch(message);
    expect((error as QueryError).status).toBe(400);
    expect((error as QueryError).type).toBe('BadRequest');
  });
});
