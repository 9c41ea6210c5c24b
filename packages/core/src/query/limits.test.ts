import { describe, expect, it } from 'vitest';
import { parseAggregation } from './aggregation.js';
import { QueryError } from './errors.js';
import { DEFAULT_LIMITS, resolveLimits } from './limits.js';
import { parseV0Range, parseV1Page } from './page.js';
import { parseV0Query } from './parse-v0.js';
import { parseV1Filter } from './parse-v1.js';
import { parseV1Sort } from './sort.js';

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

/** Each limit from the limits it is named after: the query at the limit parses, one more is refused. */
const L = DEFAULT_LIMITS;
const compare = (i: number) => ({ _field: 'a', _value: i });
const nested = (levels: number) => {
  let agg: Record<string, unknown> = { _agg: 'count' };
  for (let i = 0; i < levels; i++) agg = { _agg: 'field', _field: `f${i}`, _select: [agg] };
  return agg;
};

describe('limits', () => {
  it('are overridden by positive integers only', () => {
    expect(resolveLimits({ maxDepth: 3, maxNodes: -1, maxInValues: 1.5 })).toEqual({
      ...DEFAULT_LIMITS,
      maxDepth: 3,
    });
  });

  it(`bounds filter nesting at maxDepth (${L.maxDepth} levels)`, () => {
    expect(() => parseV1Filter(nestNot(L.maxDepth - 1))).not.toThrow();
    expect(error(() => parseV1Filter(nestNot(L.maxDepth))).message).toContain(
      `nesting deeper than ${L.maxDepth} levels (the limit)`,
    );
  });

  it(`bounds _in and _id lists at maxInValues (${L.maxInValues})`, () => {
    const values = (n: number) => Array.from({ length: n }, (_, i) => `t${i}`);
    expect(() => parseV1Filter({ _in: { _field: 'tags', _values: values(L.maxInValues) } })).not.toThrow();
    expect(
      error(() => parseV1Filter({ _in: { _field: 'tags', _values: values(L.maxInValues + 1) } })).message,
    ).toBe(`query._in._values: ${L.maxInValues + 1} values exceeds the limit of ${L.maxInValues}`);
    expect(() => parseV1Filter({ _id: values(L.maxInValues) })).not.toThrow();
    expect(error(() => parseV1Filter({ _id: values(L.maxInValues + 1) })).message).toContain(
      `${L.maxInValues + 1} ids exceed the limit of ${L.maxInValues}`,
    );
  });

  it(`bounds the nodes of one query at maxNodes (${L.maxNodes})`, () => {
    // An _or node and its compare children: maxNodes in all parses, one more child is refused.
    const or = (children: number) => ({ _or: Array.from({ length: children }, (_, i) => compare(i)) });
    expect(() => parseV1Filter(or(L.maxNodes - 1))).not.toThrow();
    expect(error(() => parseV1Filter(or(L.maxNodes))).message).toContain(
      `the query has more than ${L.maxNodes} nodes (the limit)`,
    );
    // List values count too: three lists each within maxInValues exceed maxNodes together.
    const values = Array.from({ length: Math.floor(L.maxNodes / 2) }, (_, i) => i);
    const many = { _and: [0, 1, 2].map(() => ({ _in: { _field: 'a', _values: values } })) };
    expect(error(() => parseV1Filter(many)).message).toContain(`more than ${L.maxNodes} nodes`);
  });

  it(`bounds strings at maxStringLength (${L.maxStringLength})`, () => {
    const eq = (n: number) => ({ _eq: { _field: 'a', _value: 'x'.repeat(n) } });
    expect(() => parseV1Filter(eq(L.maxStringLength))).not.toThrow();
    expect(error(() => parseV1Filter(eq(L.maxStringLength + 1))).message).toBe(
      `query._eq._value: a string of ${L.maxStringLength + 1} characters exceeds the limit of ${L.maxStringLength}`,
    );
  });

  it(`bounds field names at maxFieldLength (${L.maxFieldLength})`, () => {
    expect(() => parseV1Filter({ _has: 'f'.repeat(L.maxFieldLength) })).not.toThrow();
    expect(error(() => parseV1Filter({ _has: 'f'.repeat(L.maxFieldLength + 1) })).message).toContain(
      `a field name of ${L.maxFieldLength + 1} characters exceeds the limit of ${L.maxFieldLength}`,
    );
  });

  it(`bounds wildcards at maxPatternStars (${L.maxPatternStars})`, () => {
    const like = (stars: number) => ({ _like: { _field: 'a', _value: `${'*x'.repeat(stars - 1)}*` } });
    expect(() => parseV1Filter(like(L.maxPatternStars))).not.toThrow();
    expect(error(() => parseV1Filter(like(L.maxPatternStars + 1))).message).toContain(
      `${L.maxPatternStars + 1} wildcards (*) exceed the limit of ${L.maxPatternStars}`,
    );
  });

  it(`bounds pages at maxPageSize (${L.maxPageSize})`, () => {
    expect(parseV1Page({ from: 5, to: 5 + L.maxPageSize }).limit).toBe(L.maxPageSize);
    expect(error(() => parseV1Page({ from: 5, to: 6 + L.maxPageSize })).message).toContain(
      `a page of ${L.maxPageSize + 1} items exceeds the limit of ${L.maxPageSize}`,
    );
    expect(parseV0Range(`0-${L.maxPageSize}`).limit).toBe(L.maxPageSize);
    expect(error(() => parseV0Range(`0-${L.maxPageSize + 1}`)).message).toContain(
      `exceeds the limit of ${L.maxPageSize}`,
    );
  });

  it(`bounds aggregation nesting at maxAggDepth (${L.maxAggDepth})`, () => {
    expect(() => parseAggregation(nested(L.maxAggDepth - 1), 'v0')).not.toThrow();
    expect(error(() => parseAggregation(nested(L.maxAggDepth), 'v0')).message).toContain(
      `aggregations nested deeper than ${L.maxAggDepth} levels (the limit)`,
    );
  });

  it(`bounds terms sizes at maxTermsSize (${L.maxTermsSize})`, () => {
    const terms = (size: number) => ({ _agg: 'field', _field: 'a', _size: size });
    expect(parseAggregation(terms(L.maxTermsSize), 'v0')).toMatchObject({ size: L.maxTermsSize });
    expect(error(() => parseAggregation(terms(L.maxTermsSize + 1), 'v0')).message).toContain(
      `out of range (1 to ${L.maxTermsSize})`,
    );
  });

  it(`bounds sorts at maxSortFields (${L.maxSortFields})`, () => {
    const fields = (n: number) => ({ _fields: Array.from({ length: n }, (_, i) => ({ [`f${i}`]: 'asc' })) });
    expect(parseV1Sort(fields(L.maxSortFields))).toHaveLength(L.maxSortFields);
    expect(error(() => parseV1Sort(fields(L.maxSortFields + 1))).message).toContain(
      `more than ${L.maxSortFields} sort fields (the limit)`,
    );
  });

  it('survives 100 000 levels of nesting', () => {
    let deep: unknown = { _field: 'a', _value: 1 };
    for (let i = 0; i < 100_000; i++) deep = { _and: [deep] };
    expect(error(() => parseV0Query(deep)).message).toBe(
      `query${'._and[0]'.repeat(L.maxDepth)}: nesting deeper than ${L.maxDepth} levels (the limit)`,
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
    expect(error(() => parseV1Filter(cyclic)).message).toContain(`deeper than ${L.maxDepth}`);

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
