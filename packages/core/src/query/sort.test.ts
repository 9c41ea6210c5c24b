import { describe, expect, it } from 'vitest';
import { QueryError } from './errors.js';
import { parseV0Sort, parseV1Sort } from './sort.js';

describe('parseV1Sort', () => {
  it.each([
    [
      'TH4 docs alert list',
      { _name: 'sort', _fields: [{ date: 'desc' }] },
      [{ field: 'date', direction: 'desc' }],
    ],
    [
      "PY2 Asc('_createdAt')",
      { _fields: [{ _createdAt: 'asc' }] },
      [{ field: '_createdAt', direction: 'asc' }],
    ],
    [
      "PY2 Asc('a') & Desc('b')",
      { _fields: [{ a: 'asc' }, { b: 'desc' }] },
      [
        { field: 'a', direction: 'asc' },
        { field: 'b', direction: 'desc' },
      ],
    ],
    [
      'strings and objects',
      { _fields: [{ date: 'desc' }, '-title', '+x', 'y'] },
      [
        { field: 'date', direction: 'desc' },
        { field: 'title', direction: 'desc' },
        { field: 'x', direction: 'asc' },
        { field: 'y', direction: 'asc' },
      ],
    ],
    [
      'several keys in one object, upper case',
      { _fields: [{ a: 'DESC', b: 'Asc' }] },
      [
        { field: 'a', direction: 'desc' },
        { field: 'b', direction: 'asc' },
      ],
    ],
    ['TH5 prose "fields"', { fields: [{ order: 'asc' }] }, [{ field: 'order', direction: 'asc' }]],
    ['empty list', { _fields: [] }, []],
  ])('%s', (_name, input, expected) => {
    expect(parseV1Sort(input)).toEqual(expected);
  });

  it.each([
    ['missing _fields', { _name: 'sort' }, /^sort: missing "_fields"/],
    ['not an array', { _fields: 'a' }, /^sort\._fields: expected an array, got a string/],
    [
      'bad direction',
      { _fields: [{ a: 'up' }] },
      /^sort\._fields\[0\]\.a: expected "asc" or "desc", got "up"/,
    ],
    ['number entry', { _fields: [3] }, /^sort\._fields\[0\]: expected/],
    ['empty object', { _fields: [{}] }, /^sort\._fields\[0\]: expected/],
    ['sign only', { _fields: ['-'] }, /has no field name/],
    ['__proto__', { _fields: [JSON.parse('{"__proto__":"asc"}')] }, /not allowed/],
    ['too many', { _fields: Array.from({ length: 33 }, (_, i) => `f${i}`) }, /more than 32 sort fields/],
  ])('rejects %s', (_name, input, message) => {
    expect(() => parseV1Sort(input)).toThrow(QueryError);
    expect(() => parseV1Sort(input)).toThrow(message);
  });
});

describe('parseV0Sort', () => {
  it.each([
    ['absent', undefined, []],
    ['-startDate', '-startDate', [{ field: 'startDate', direction: 'desc' }]],
    ['+createdAt', '+createdAt', [{ field: 'createdAt', direction: 'asc' }]],
    ['" createdAt" (a URL-decoded +)', ' createdAt', [{ field: 'createdAt', direction: 'asc' }]],
    ['bare field', 'title', [{ field: 'title', direction: 'asc' }]],
    [
      'repeated sort= (PY1)',
      ['-flag', '+startDate'],
      [
        { field: 'flag', direction: 'desc' },
        { field: 'startDate', direction: 'asc' },
      ],
    ],
    [
      'comma-separated (TH4)',
      '-severity, title,',
      [
        { field: 'severity', direction: 'desc' },
        { field: 'title', direction: 'asc' },
      ],
    ],
  ])('%s', (_name, input, expected) => {
    expect(parseV0Sort(input)).toEqual(expected);
  });

  it.each([
    ['a number', 5, /^sort: expected "±field", got a number/],
    ['an object in the list', ['a', {}], /^sort\[1\]: expected "±field"/],
    ['a bad field', 'a..b', /empty segment/],
  ])('rejects %s', (_name, input, message) => {
    expect(() => parseV0Sort(input)).toThrow(message);
  });
});
