/**
 * Fuzz: 5,000 seeded random JSON trees (query-shaped and not, including very deep ones) go
 * through every parser; each must return a well-formed result or throw a QueryError that is
 * not a wrapped internal error. Anything else is a bug.
 */
import { describe, expect, it } from 'vitest';
import { AGGREGATION_KINDS, parseAggregation, parseV1AggregationStep } from './aggregation.js';
import type { Filter } from './ast.js';
import { QueryError } from './errors.js';
import { supportedOperators } from './filter-parser.js';
import { parseV0Range, parseV1Page } from './page.js';
import { parseV0Query } from './parse-v0.js';
import { parseV1Filter, parseV1FilterStep } from './parse-v1.js';
import { parseV0Sort, parseV1Sort } from './sort.js';
import { parseV0MultiStatsBody, parseV0StatsBody } from './stats.js';

/** mulberry32: a small seeded PRNG, so failures reproduce. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = [
  // every operator either dialect accepts, from the parser's own list
  ...supportedOperators('v0'),
  '_field',
  '_value',
  '_values',
  '_from',
  '_to',
  '_query',
  '_name',
  '_agg',
  '_select',
  '_size',
  '_order',
  '_fields',
  '_interval',
  '_unit',
  '_categories',
  'stats',
  'query',
  'model',
  'from',
  'to',
  'extraData',
  'fields',
  'amount',
  'unit',
  'look',
  'timezone',
  'modifier',
  'status',
  'tags',
  '__proto__',
  'constructor',
  'a.b',
  '',
  '_foo',
  'withStats',
  'withParents',
];
const STRINGS = [
  'status',
  'New',
  '',
  '*',
  '**',
  'a*b',
  '*x*',
  'x*',
  '*x',
  'a*b*c*d*e*f',
  'title:foo AND (a OR b)',
  'NOT',
  '"unterminated',
  'tlp:[1 TO 2]',
  ...AGGREGATION_KINDS,
  '1d',
  '1M',
  '2w',
  'days',
  'months',
  'behind',
  'ahead',
  'Europe/Paris',
  'Nowhere/Zone',
  'startOfDay',
  'endOfDay',
  'case',
  'case_task',
  'all',
  '0-10',
  '10-5',
  'x-y',
  '-_count',
  '+x',
  '-',
  'a..b',
  '__proto__',
  'customFields.cvss',
  '\\',
  '(((',
  ')',
  'a:b:c',
  '\u0000',
  'x'.repeat(5000),
  '*'.repeat(50),
  'DAYS',
  'asc',
  'desc',
];
const NUMBERS = [
  0,
  -0,
  1,
  -1,
  2.5,
  10,
  1e300,
  -1e300,
  Number.MAX_SAFE_INTEGER,
  2 ** 53 + 2,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  1e15,
  4096,
  10001,
];

function generator(random: () => number) {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const scalar = (): unknown => {
    const r = random();
    if (r < 0.45) return pick(STRINGS);
    if (r < 0.75) return pick(NUMBERS);
    if (r < 0.87) return random() < 0.5;
    if (r < 0.95) return null;
    return undefined;
  };
  const tree = (depth: number): unknown => {
    const r = random();
    if (depth <= 0 || r < 0.3) return scalar();
    if (r < 0.45) return Array.from({ length: Math.floor(random() * 4) }, () => tree(depth - 1));
    const obj: Record<string, unknown> = {};
    const size = Math.floor(random() * 4);
    for (let i = 0; i < size; i++) {
      const key = pick(KEYS);
      if (key === '__proto__')
        Object.defineProperty(obj, key, {
          value: tree(depth - 1),
          enumerable: true,
          configurable: true,
          writable: true,
        });
      else obj[key] = tree(depth - 1);
    }
    return obj;
  };
  /** A chain of one operator repeated `levels` times. */
  const deep = (levels: number): unknown => {
    let node: unknown = random() < 0.5 ? {} : tree(2);
    const op = pick(['_and', '_or', '_not', '_select', '_query', '_parent']);
    for (let i = 0; i < levels; i++) {
      if (op === '_and' || op === '_or' || op === '_select')
        node = { [op]: [node], _agg: 'field', _field: 'a' };
      else if (op === '_parent') node = { _parent: { _type: 'case', _query: node } };
      else node = { [op]: node, _agg: 'count' };
    }
    return node;
  };
  /** A valid seed with 1-3 random edits: near-valid input reaches the deeper checks. */
  const mutate = (): unknown => {
    const root: unknown = structuredClone(pick(SEEDS));
    const edits = 1 + Math.floor(random() * 3);
    for (let e = 0; e < edits; e++) {
      const containers: Array<Record<string, unknown> | unknown[]> = [];
      const walk = (node: unknown) => {
        if (node && typeof node === 'object') {
          containers.push(node as Record<string, unknown>);
          for (const child of Object.values(node)) walk(child);
        }
      };
      walk(root);
      if (containers.length === 0) return root;
      const target = pick(containers);
      const keys = Object.keys(target);
      const r = random();
      if (Array.isArray(target)) {
        if (r < 0.5 && target.length > 0) target[Math.floor(random() * target.length)] = tree(2);
        else target.push(tree(2));
      } else if (r < 0.4 && keys.length > 0) {
        target[pick(keys)] = random() < 0.5 ? scalar() : tree(2);
      } else if (r < 0.6 && keys.length > 0) {
        delete target[pick(keys)];
      } else {
        target[pick(KEYS)] = tree(2);
      }
    }
    return root;
  };
  return () => {
    const r = random();
    if (r < 0.1) return deep(Math.floor(random() * 400));
    if (r < 0.55) return mutate();
    return tree(1 + Math.floor(random() * 7));
  };
}

/** Valid inputs of every parser, from the references. */
const SEEDS: unknown[] = [
  {
    _and: [
      { _parent: { _type: 'case', _query: { _id: 'AVqqdpY2yQ6w1DNC8aDh' } } },
      { _field: 'ioc', _value: true },
      { _in: { _field: 'dataType', _values: ['ip', 'domain'] } },
    ],
  },
  {
    query: { _between: { _field: 'date', _from: 1600000000000, _to: 1700000000000 } },
    stats: [
      { _agg: 'field', _field: 'status', _select: [{ _agg: 'count' }], _order: '-_count', _size: 10 },
      { _agg: 'time', _fields: ['date'], _interval: '1w', _select: [{ _agg: 'count' }] },
      { _agg: 'count' },
    ],
  },
  {
    stats: [
      {
        model: 'case',
        query: { _string: 'title:x* AND NOT tlp:3' },
        stats: [{ _agg: 'avg', _field: 'severity' }],
      },
      {
        model: 'alert',
        stats: [
          {
            _agg: 'category',
            _categories: { a: { _has: 'x' } },
            _select: [{ _agg: 'top', _order: '-date' }],
          },
        ],
      },
    ],
  },
  {
    _name: 'filter',
    _and: [{ _eq: { _field: 'stage', _value: 'New' } }, { _gte: { _field: 'severity', _value: 3 } }],
  },
  {
    _name: 'filter',
    _between: {
      _field: '_createdAt',
      _from: { amount: 7, unit: 'days', look: 'behind', timezone: 'Europe/Paris', modifier: 'startOfDay' },
      _to: { amount: 0, unit: 'days', look: 'ahead' },
    },
  },
  {
    _or: [
      { _like: { _field: 'title', _value: '*a*b*' } },
      { _not: { _match: { _field: 'd', _value: 'w' } } },
      { _id: ['~1'] },
    ],
  },
  { _name: 'sort', _fields: [{ date: 'desc' }, '-title', '+x'] },
  { _name: 'page', from: 0, to: 15, extraData: ['total'], withStats: true },
  {
    _name: 'aggregation',
    _agg: 'time',
    _field: 'date',
    _interval: { _interval: 1, _unit: 'DAYS' },
    _query: { _has: 'x' },
  },
  { _child: { _type: 'case_task', _query: { _startsWith: { _field: 'title', _value: 'x' } } } },
];

const SCALAR_KINDS = new Set([
  'compare',
  'between',
  'in',
  'text',
  'wildcard',
  'match',
  'fulltext',
  'has',
  'id',
  'type',
  'any',
]);

/** The AST invariants the SQL compiler relies on. */
function checkFilter(filter: Filter): void {
  switch (filter.kind) {
    case 'and':
    case 'or':
      expect(Array.isArray(filter.filters)).toBe(true);
      for (const f of filter.filters) checkFilter(f);
      return;
    case 'not':
    case 'parent':
    case 'child':
      checkFilter(filter.filter);
      return;
    case 'between':
      expect(filter.from).not.toBeNull();
      expect(filter.to).not.toBeNull();
      return;
    case 'compare':
      if (filter.op !== 'eq' && filter.op !== 'ne') expect(filter.value).not.toBeNull();
      if (typeof filter.value === 'number') expect(Number.isFinite(filter.value)).toBe(true);
      return;
    default:
      expect(SCALAR_KINDS.has(filter.kind)).toBe(true);
  }
}

const PARSERS: Array<[string, (input: unknown) => unknown]> = [
  ['parseV1Filter', (x) => checkFilter(parseV1Filter(x, { now: 1_700_000_000_000 }))],
  ['parseV1FilterStep', (x) => checkFilter(parseV1FilterStep(x, { now: 1_700_000_000_000 }))],
  ['parseV0Query', (x) => checkFilter(parseV0Query(x, { now: 1_700_000_000_000 }))],
  ['parseV0Query(_string)', (x) => checkFilter(parseV0Query({ _string: x }))],
  ['parseV1Sort', (x) => parseV1Sort(x)],
  ['parseV0Sort', (x) => parseV0Sort(x)],
  ['parseV1Page', (x) => parseV1Page(x)],
  ['parseV0Range', (x) => parseV0Range(x)],
  ['parseAggregation(v0)', (x) => parseAggregation(x, 'v0')],
  ['parseAggregation(v1)', (x) => parseAggregation(x, 'v1')],
  ['parseV1AggregationStep', (x) => parseV1AggregationStep(x)],
  ['parseV0StatsBody', (x) => parseV0StatsBody(x)],
  ['parseV0MultiStatsBody', (x) => parseV0MultiStatsBody(x)],
];

describe('fuzz', () => {
  it('5,000 random trees: every parser returns or throws a plain QueryError', () => {
    const next = generator(rng(0x5eed));
    const accepted = new Map<string, number>();
    for (let i = 0; i < 5000; i++) {
      const input = next();
      for (const [name, parse] of PARSERS) {
        try {
          parse(input);
          accepted.set(name, (accepted.get(name) ?? 0) + 1);
        } catch (error) {
          if (!(error instanceof QueryError) || error.cause !== undefined) {
            throw new Error(`${name} failed on tree #${i}: ${String(error)}\n${safeJson(input)}`);
          }
          expect(error.status).toBe(400);
        }
      }
    }
    // The generator must reach past the first checks, not only produce garbage.
    expect(accepted.get('parseV1Filter') ?? 0).toBeGreaterThan(100);
    expect(accepted.get('parseV0Query') ?? 0).toBeGreaterThan(100);
    expect(accepted.get('parseV0StatsBody') ?? 0).toBeGreaterThan(10);
    expect(accepted.get('parseV1Page') ?? 0).toBeGreaterThan(10);
    expect(accepted.get('parseV1Sort') ?? 0).toBeGreaterThan(10);
  });

  it('random query strings', () => {
    const random = rng(42);
    const atoms = [
      'a',
      'title:',
      'x*',
      '*',
      '"p q"',
      ' AND ',
      ' OR ',
      'NOT ',
      '(',
      ')',
      '-',
      '+',
      ':',
      '\\',
      '"',
      ' ',
      'tlp:2',
      '[',
      '~',
      '?',
    ];
    let accepted = 0;
    for (let i = 0; i < 5000; i++) {
      let text = '';
      const length = Math.floor(random() * 12);
      for (let j = 0; j < length; j++) text += atoms[Math.floor(random() * atoms.length)];
      try {
        checkFilter(parseV0Query({ _string: text }));
        accepted++;
      } catch (error) {
        if (!(error instanceof QueryError) || error.cause !== undefined) {
          throw new Error(`_string ${JSON.stringify(text)}: ${String(error)}`);
        }
      }
    }
    expect(accepted).toBeGreaterThan(500);
  });
});

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value)?.slice(0, 2000) ?? String(value);
  } catch {
    return String(value);
  }
}
