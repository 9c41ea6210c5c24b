import { describe, expect, it } from 'vitest';
import { type Aggregation, parseAggregation, parseV1AggregationStep } from './aggregation.js';
import type { Filter } from './ast.js';
import { QueryError } from './errors.js';
import { parseV0MultiStatsBody, parseV0StatsBody } from './stats.js';

const eq = (field: string, value: unknown): Filter => ({ kind: 'compare', op: 'eq', field, value }) as Filter;
const count: Aggregation = { kind: 'count', name: 'count' };
const byCountDesc = [{ by: 'count', direction: 'desc' }] as const;

describe('v0 _stats bodies', () => {
  it('reads Appendix A4 (POST /api/alert/_stats)', () => {
    const body = {
      query: { _between: { _field: 'date', _from: 1600000000000, _to: 1700000000000 } },
      stats: [
        { _agg: 'field', _field: 'status', _select: [{ _agg: 'count' }], _order: '-_count', _size: 10 },
        { _agg: 'time', _fields: ['date'], _interval: '1w', _select: [{ _agg: 'count' }] },
        { _agg: 'count' },
      ],
    };
    expect(parseV0StatsBody(body)).toEqual({
      filter: { kind: 'between', field: 'date', from: 1600000000000, to: 1700000000000 },
      aggregations: [
        { kind: 'terms', field: 'status', size: 10, order: byCountDesc, select: [count] },
        {
          kind: 'time',
          field: 'date',
          interval: { amount: 1, unit: 'week' },
          name: 'datehistogram',
          select: [count],
        },
        count,
      ],
    });
  });

  it('reads the §5.1 StatSrv.js case call', () => {
    const body = {
      query: { _field: 'status', _value: 'Open' },
      stats: [
        { _agg: 'field', _field: 'status', _select: [{ _agg: 'count' }], _order: '-_count', _size: 10 },
        { _agg: 'count' },
      ],
    };
    expect(parseV0StatsBody(body)).toEqual({
      filter: eq('status', 'Open'),
      aggregations: [
        { kind: 'terms', field: 'status', size: 10, order: byCountDesc, select: [count] },
        count,
      ],
    });
  });

  it('defaults the query to any', () => {
    expect(parseV0StatsBody({ stats: [] })).toEqual({ filter: { kind: 'any' }, aggregations: [] });
  });

  it('reports a missing "stats" like TheHive', () => {
    expect(() => parseV0StatsBody({ query: {} })).toThrow(new QueryError('', 'Parameter "stats" is missing'));
    expect(() => parseV0StatsBody({ query: {} })).toThrow(/^Parameter "stats" is missing$/);
  });

  it('reads a multi-model /api/_stats body (multiline / text widgets)', () => {
    const body = {
      stats: [
        {
          model: 'case',
          query: { _field: 'status', _value: 'Resolved' },
          stats: [
            {
              _agg: 'time',
              _fields: ['endDate'],
              _interval: '1M',
              _select: [{ _agg: 'count', _name: 'agg_1' }],
            },
          ],
        },
        {
          model: 'alert',
          stats: [{ _agg: 'avg', _field: 'computed.handlingDurationInHours', _name: 'agg_2' }],
        },
      ],
    };
    expect(parseV0MultiStatsBody(body)).toEqual({
      filter: { kind: 'any' },
      models: [
        {
          model: 'case',
          filter: eq('status', 'Resolved'),
          aggregations: [
            {
              kind: 'time',
              field: 'endDate',
              interval: { amount: 1, unit: 'month' },
              name: 'datehistogram',
              select: [{ kind: 'count', name: 'agg_1' }],
            },
          ],
        },
        {
          model: 'alert',
          filter: { kind: 'any' },
          aggregations: [
            { kind: 'metric', fn: 'avg', field: 'computed.handlingDurationInHours', name: 'agg_2' },
          ],
        },
      ],
    });
  });

  it.each([
    ['body not an object', [], /^body: expected a stats body/],
    ['stats not an array', { stats: { _agg: 'count' } }, /^stats: expected an array of aggregations/],
    ['bad nested query', { query: { _foo: 1 }, stats: [] }, /^query\._foo: unknown operator/],
    ['multi: missing stats', {}, /^Parameter "stats" is missing$/],
    ['multi: missing model', { stats: [{ stats: [] }] }, /^stats\[0\]: missing "model"/],
    [
      'multi: bad model',
      { stats: [{ model: '../x', stats: [] }] },
      /^stats\[0\]\.model: .* is not an entity type name/,
    ],
    [
      'multi: model without stats',
      { stats: [{ model: 'case' }] },
      /^stats\[0\]: Parameter "stats" is missing/,
    ],
  ])('rejects %s', (name, body, message) => {
    const parse = name.startsWith('multi') ? parseV0MultiStatsBody : parseV0StatsBody;
    expect(() => parse(body)).toThrow(QueryError);
    expect(() => parse(body)).toThrow(message);
  });
});

describe('aggregations', () => {
  const CASES: Array<[string, unknown, Aggregation]> = [
    ['count', { _agg: 'count' }, count],
    [
      'count named with query',
      { _agg: 'count', _name: 'open', _query: { status: 'Open' } },
      { kind: 'count', name: 'open', filter: eq('status', 'Open') },
    ],
    [
      'sum',
      { _agg: 'sum', _field: 'severity' },
      { kind: 'metric', fn: 'sum', field: 'severity', name: 'sum_severity' },
    ],
    ['avg', { _agg: 'avg', _field: 'tlp' }, { kind: 'metric', fn: 'avg', field: 'tlp', name: 'avg_tlp' }],
    [
      'min',
      { _agg: 'min', _field: 'startDate' },
      { kind: 'metric', fn: 'min', field: 'startDate', name: 'min_startDate' },
    ],
    [
      'max on computed',
      { _agg: 'max', _field: 'computed.handlingDurationInDays' },
      {
        kind: 'metric',
        fn: 'max',
        field: 'computed.handlingDurationInDays',
        name: 'max_computed.handlingDurationInDays',
      },
    ],
    [
      'field defaults',
      { _agg: 'field', _field: 'tags' },
      { kind: 'terms', field: 'tags', size: 10, order: [...byCountDesc], select: [] },
    ],
    [
      'field with order list, name, query',
      {
        _agg: 'field',
        _field: 'owner',
        _order: ['_term', '-_count', '+x'],
        _size: 3,
        _name: 'owners',
        _query: { _has: 'owner' },
      },
      {
        kind: 'terms',
        field: 'owner',
        name: 'owners',
        size: 3,
        order: [
          { by: 'term', direction: 'asc' },
          { by: 'count', direction: 'desc' },
          { by: 'field', field: 'x', direction: 'asc' },
        ],
        select: [],
        filter: { kind: 'has', field: 'owner' },
      },
    ],
    [
      'bar widget: time with field sub-agg',
      {
        _agg: 'time',
        _fields: ['createdAt'],
        _interval: '1d',
        _select: [{ _agg: 'field', _field: 'severity', _select: [{ _agg: 'count' }] }, { _agg: 'count' }],
      },
      {
        kind: 'time',
        field: 'createdAt',
        interval: { amount: 1, unit: 'day' },
        name: 'datehistogram',
        select: [
          { kind: 'terms', field: 'severity', size: 10, order: [...byCountDesc], select: [count] },
          count,
        ],
      },
    ],
    [
      'time with _field and a ChronoUnit interval',
      { _agg: 'time', _field: '_createdAt', _interval: { _interval: 2, _unit: 'WEEKS' }, _name: 'weekly' },
      {
        kind: 'time',
        field: '_createdAt',
        interval: { amount: 2, unit: 'week' },
        name: 'weekly',
        select: [],
      },
    ],
    [
      'time with _interval and _unit side by side',
      { _agg: 'time', _fields: ['date', 'other'], _interval: 3, _unit: 'hours' },
      {
        kind: 'time',
        field: 'date',
        interval: { amount: 3, unit: 'hour' },
        name: 'datehistogram',
        select: [],
      },
    ],
    [
      'time 1y',
      { _agg: 'time', _fields: ['d'], _interval: '1y' },
      { kind: 'time', field: 'd', interval: { amount: 1, unit: 'year' }, name: 'datehistogram', select: [] },
    ],
    [
      'time 30m',
      { _agg: 'time', _fields: ['d'], _interval: '30m' },
      {
        kind: 'time',
        field: 'd',
        interval: { amount: 30, unit: 'minute' },
        name: 'datehistogram',
        select: [],
      },
    ],
    [
      'time word',
      { _agg: 'time', _fields: ['d'], _interval: 'month' },
      { kind: 'time', field: 'd', interval: { amount: 1, unit: 'month' }, name: 'datehistogram', select: [] },
    ],
    [
      'category',
      {
        _agg: 'category',
        _categories: { high: { _gte: { severity: 3 } }, low: { _lt: { severity: 3 } } },
        _select: [{ _agg: 'count' }],
      },
      {
        kind: 'category',
        categories: [
          { label: 'high', filter: { kind: 'compare', op: 'gte', field: 'severity', value: 3 } },
          { label: 'low', filter: { kind: 'compare', op: 'lt', field: 'severity', value: 3 } },
        ],
        select: [count],
      },
    ],
    [
      'top',
      { _agg: 'top', _size: 5, _order: '-createdAt' },
      { kind: 'top', name: 'top', size: 5, order: [{ field: 'createdAt', direction: 'desc' }] },
    ],
    ['top defaults', { _agg: 'top' }, { kind: 'top', name: 'top', size: 10, order: [] }],
    ['unknown keys are ignored', { _agg: 'count', label: 'x', type: 'line' }, count],
  ];

  it.each(CASES)('%s', (_name, input, expected) => {
    expect(parseAggregation(input, 'v0')).toEqual(expected);
  });

  it('reads _query with the dialect parser', () => {
    expect(() => parseAggregation({ _agg: 'count', _query: { _string: 'x' } }, 'v1')).toThrow(
      /only supported by the v0 API/,
    );
    expect(parseAggregation({ _agg: 'count', _query: { _string: 'x' } }, 'v0')).toEqual({
      kind: 'count',
      name: 'count',
      filter: { kind: 'fulltext', value: 'x' },
    });
  });

  it('reads a v1 aggregation step (its _name is the step name)', () => {
    expect(
      parseV1AggregationStep({
        _name: 'aggregation',
        _agg: 'field',
        _field: 'status',
        _select: [{ _agg: 'count' }],
        _query: { _eq: { _field: 'flag', _value: true } },
      }),
    ).toEqual({
      kind: 'terms',
      field: 'status',
      size: 10,
      order: [...byCountDesc],
      select: [count],
      filter: eq('flag', true),
    });
  });

  it.each([
    ['missing _agg', {}, /^stats\._agg: missing "_agg"; supported: count, sum/],
    ['unknown _agg', { _agg: 'median' }, /^stats\._agg: unknown aggregation "median"; supported/],
    ['sum without field', { _agg: 'sum' }, /^stats: missing "_field"/],
    ['field without field', { _agg: 'field' }, /^stats: missing "_field"/],
    ['size 0', { _agg: 'field', _field: 'a', _size: 0 }, /^stats\._size: 0 is out of range \(1 to 1000\)/],
    ['size too big', { _agg: 'field', _field: 'a', _size: 5000 }, /out of range \(1 to 1000\)/],
    ['bad order', { _agg: 'field', _field: 'a', _order: 3 }, /^stats\._order: expected "±field"/],
    [
      'select not an array',
      { _agg: 'field', _field: 'a', _select: { _agg: 'count' } },
      /^stats\._select: expected an array/,
    ],
    ['time without interval', { _agg: 'time', _fields: ['d'] }, /^stats\._interval: missing "_interval"/],
    ['time bad interval', { _agg: 'time', _fields: ['d'], _interval: '1q' }, /"1q" is not an interval/],
    [
      'time bad unit',
      { _agg: 'time', _fields: ['d'], _interval: { _interval: 1, _unit: 'FORTNIGHTS' } },
      /_unit: expected one of SECONDS/,
    ],
    ['time zero interval', { _agg: 'time', _fields: ['d'], _interval: '0d' }, /out of range/],
    [
      'time empty fields',
      { _agg: 'time', _fields: [], _interval: '1d' },
      /^stats\._fields: expected at least one date field/,
    ],
    ['time no field', { _agg: 'time', _interval: '1d' }, /missing "_fields"/],
    [
      'category not an object',
      { _agg: 'category', _categories: [] },
      /^stats\._categories: expected an object/,
    ],
    [
      'category bad query',
      { _agg: 'category', _categories: { a: 1 } },
      /^stats\._categories\.a: expected a filter object/,
    ],
    ['category __proto__', { _agg: 'category', _categories: JSON.parse('{"__proto__":{}}') }, /not allowed/],
    ['bad name', { _agg: 'count', _name: 5 }, /^stats\._name: expected a result name/],
    ['empty name', { _agg: 'count', _name: '' }, /must have 1 to 256 characters/],
    [
      'too deep',
      {
        _agg: 'field',
        _field: 'a',
        _select: [
          {
            _agg: 'field',
            _field: 'a',
            _select: [
              {
                _agg: 'field',
                _field: 'a',
                _select: [
                  {
                    _agg: 'field',
                    _field: 'a',
                    _select: [{ _agg: 'field', _field: 'a', _select: [{ _agg: 'count' }] }],
                  },
                ],
              },
            ],
          },
        ],
      },
      /aggregations nested deeper than 5 levels/,
    ],
  ])('rejects %s', (_name, input, message) => {
    expect(() => parseAggregation(input, 'v0')).toThrow(QueryError);
    expect(() => parseAggregation(input, 'v0')).toThrow(message);
  });
});
