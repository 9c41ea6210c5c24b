import { describe, expect, it } from 'vitest';
import { parseAggregation } from './aggregation.js';
import { QueryError } from './errors.js';
import { DEFAULT_LIMITS, resolveLimits } from './limits.js';
import { parseV0Query } from './parse-v0.js';
import { parseV1Filter } from './parse-v1.js';

function nestNot(levels: number): unknown {
  let filter: unknown = {};
  for (let i = 0; i < levels; i++) filter = { _not: filter };
  return filter;
}

function error(run: () => unknown): QueryError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(QueryError);
    return e as QueryError;
  }
  throw new Error('expected a QueryError');
}

describe('limits', () => {
  it('has the documented defaults', () => {
    expect(DEFAULT_LIMITS).toEqual({
      maxDepth: 32,
      maxInValues: 1000,
      maxNodes: 2000,
      maxStringLength: 4096,
      maxFieldLength: 256,
      maxPatternStars: 4,
      maxPageSize: 10000,
      maxAggDepth: 5,
      maxTermsSize: 1000,
      maxSortFields: 32,
    });
    expect(resolveLimits({ maxDepth: 3, maxNodes: -1, maxInValues: 1.5 })).toMatchObject({
      maxDepth: 3,
      maxNodes: 2000,
      maxInValues: 1000,
    });
  });

  it('bounds depth at 32 levels', () => {
    expect(parseV1Filter(nestNot(31))).toBeTruthy();
    expect(error(() => parseV1Filter(nestNot(32))).message).toMatch(/nesting deeper than 32 levels/);
  });

  it('survives 100 000 levels of nesting', () => {
    let deep: unknown = { _field: 'a', _value: 1 };
    for (let i = 0; i < 100_000; i++) deep = { _and: [deep] };
    expect(error(() => parseV0Query(deep)).message).toMatch(
      /^query(\._and\[0\]){32}: nesting deeper than 32 levels/,
    );
  });

  it('names the path of an oversized _in', () => {
    const query = {
      _and: [{}, {}, { _in: { _field: 'tags', _values: Array.from({ length: 1500 }, (_, i) => `t${i}`) } }],
    };
    const e = error(() => parseV1Filter(query));
    expect(e.message).toBe('query._and[2]._in._values: 1500 values exceeds the limit of 1000');
    expect(e.path).toBe('query._and[2]._in._values');
  });

  it('bounds the total number of nodes', () => {
    const wide = { _or: Array.from({ length: 2500 }, () => ({ _field: 'a', _value: 1 })) };
    expect(error(() => parseV1Filter(wide)).message).toMatch(/more than 2000 nodes/);
    const values = Array.from({ length: 900 }, (_, i) => i);
    const many = { _and: [0, 1, 2].map(() => ({ _in: { _field: 'a', _values: values } })) };
    expect(error(() => parseV1Filter(many)).message).toMatch(/more than 2000 nodes/);
  });

  it('bounds string and field lengths, ids and stars', () => {
    expect(error(() => parseV1Filter({ _eq: { _field: 'a', _value: 'x'.repeat(5000) } })).message).toBe(
      'query._eq._value: a string of 5000 characters exceeds the limit of 4096',
    );
    expect(error(() => parseV1Filter({ _has: 'f'.repeat(300) })).message).toMatch(
      /field name of 300 characters exceeds the limit of 256/,
    );
    expect(
      error(() => parseV1Filter({ _id: Array.from({ length: 1001 }, (_, i) => `~${i}`) })).message,
    ).toMatch(/1001 ids exceed the limit of 1000/);
    expect(error(() => parseV1Filter({ _like: { _field: 'a', _value: '*a*b*c*d*' } })).message).toMatch(
      /5 wildcards \(\*\) exceed the limit of 4/,
    );
  });

  it('takes custom limits', () => {
    expect(() => parseV1Filter(nestNot(3), { limits: { maxDepth: 3 } })).toThrow(/deeper than 3 levels/);
    expect(() =>
      parseV1Filter({ _in: { _field: 'a', _values: [1, 2, 3] } }, { limits: { maxInValues: 2 } }),
    ).toThrow(/3 values exceeds the limit of 2/);
    expect(() =>
      parseAggregation({ _agg: 'field', _field: 'a', _size: 50 }, 'v0', { limits: { maxTermsSize: 20 } }),
    ).toThrow(/out of range \(1 to 20\)/);
  });

  it('rejects prototype pollution and never pollutes', () => {
    const body = JSON.parse('{"_and":[{"__proto__":{"polluted":true}}]}');
    expect(error(() => parseV0Query(body)).message).toMatch(/"__proto__" is not allowed/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(error(() => parseV1Filter({ prototype: 1 })).message).toMatch(/"prototype" is not allowed/);
  });

  it('turns cycles, getters, exotic objects and bigints into QueryErrors', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic._not = cyclic;
    expect(error(() => parseV1Filter(cyclic)).message).toMatch(/deeper than 32/);

    const getter = { _field: 'a' } as Record<string, unknown>;
    Object.defineProperty(getter, '_value', {
      enumerable: true,
      get() {
        throw new TypeError('boom');
      },
    });
    const wrapped = error(() => parseV1Filter(getter));
    expect(wrapped.message).toMatch(/^query: malformed query \(boom\)/);
    expect(wrapped.cause).toBeInstanceOf(TypeError);

    expect(error(() => parseV1Filter(new Date())).message).toMatch(/got a non-JSON object/);
    expect(error(() => parseV1Filter({ _eq: { _field: 'a', _value: new Map() } })).message).toMatch(
      /non-JSON object/,
    );
    expect(error(() => parseV1Filter({ _eq: { _field: 'a', _value: 10n } })).message).toMatch(/got a bigint/);
    expect(error(() => parseV1Filter({ _eq: { _field: 'a', _value: Symbol('x') } })).message).toMatch(
      /got a symbol/,
    );
  });

  it('accepts null-prototype objects', () => {
    const filter = Object.assign(Object.create(null), { _field: 'a', _value: 1 });
    expect(parseV1Filter(filter)).toEqual({ kind: 'compare', op: 'eq', field: 'a', value: 1 });
  });
});
