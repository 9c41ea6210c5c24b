import { describe, expect, it } from 'vitest';
import { QueryError } from './errors.js';
import { parseV0Range, parseV1Page } from './page.js';

describe('parseV1Page', () => {
  it.each([
    ['PY2 Paginate(0,10)', { from: 0, to: 10, extraData: [] }, { offset: 0, limit: 10, extraData: [] }],
    [
      "PY2 Paginate(0,1,extra_data=['links'])",
      { from: 0, to: 1, extraData: ['links'] },
      { offset: 0, limit: 1, extraData: ['links'] },
    ],
    [
      'TH4 docs alert list',
      { _name: 'page', from: 0, to: 15, extraData: ['importDate', 'caseNumber'] },
      { offset: 0, limit: 15, extraData: ['importDate', 'caseNumber'] },
    ],
    [
      'A6 with total',
      { _name: 'page', from: 0, to: 50, extraData: ['total', 'actionRequired'] },
      { offset: 0, limit: 50, extraData: ['total', 'actionRequired'] },
    ],
    ['from defaults to 0, no extraData', { to: 5 }, { offset: 0, limit: 5, extraData: [] }],
    ['empty page', { from: 7, to: 7 }, { offset: 7, limit: 0, extraData: [] }],
    [
      'duplicate extraData',
      { from: 0, to: 1, extraData: ['a', 'a'] },
      { offset: 0, limit: 1, extraData: ['a'] },
    ],
    [
      'TH4 v0 query page',
      { from: 0, to: 10, withStats: true, withParents: 1 },
      { offset: 0, limit: 10, extraData: [], withStats: true, withParents: 1 },
    ],
  ])('%s', (_name, input, expected) => {
    expect(parseV1Page(input)).toEqual(expected);
  });

  it.each([
    ['missing to', { from: 0 }, /^page: missing "to"/],
    ['to before from', { from: 10, to: 5 }, /^page\.to: "to" \(5\) is before "from" \(10\)/],
    ['negative from', { from: -1, to: 5 }, /^page\.from: -1 is out of range/],
    ['string to', { from: 0, to: '10' }, /^page\.to: expected an integer, got a string/],
    ['fractional', { from: 0, to: 1.5 }, /expected an integer/],
    ['too large', { from: 0, to: 10001 }, /^page: a page of 10001 items exceeds the limit of 10000/],
    ['extraData not an array', { from: 0, to: 1, extraData: 'total' }, /^page\.extraData: expected an array/],
    ['extraData number', { from: 0, to: 1, extraData: [1] }, /^page\.extraData\[0\]: expected a name/],
    ['withStats string', { from: 0, to: 1, withStats: 'yes' }, /^page\.withStats: expected a boolean/],
    ['not an object', [0, 10], /^page: expected a page step object/],
  ])('rejects %s', (_name, input, message) => {
    expect(() => parseV1Page(input)).toThrow(QueryError);
    expect(() => parseV1Page(input)).toThrow(message);
  });
});

describe('parseV0Range', () => {
  it.each([
    ['default', undefined, 0, 10],
    ['empty', '', 0, 10],
    ['all', 'all', 0, null],
    ['ALL', 'ALL', 0, null],
    ['0-100', '0-100', 0, 100],
    ['PY1 find_first 0-1', '0-1', 0, 1],
    ['10-25', '10-25', 10, 15],
    ['end <= start', '20-10', 20, 10],
    ['equal', '5-5', 5, 10],
    ['start only', '5', 5, 10],
    ['a number', 5, 5, 10],
    ['unreadable start', 'x-20', 0, 20],
    ['unreadable end', '5-x', 5, 10],
    ['garbage', 'garbage', 0, 10],
    ['spaces', ' 0 - 3 ', 0, 3],
    ['extra part', '0-3-9', 0, 3],
    ['huge start', '99999999999-5', 0, 5],
  ])('%s', (_name, input, offset, limit) => {
    expect(parseV0Range(input)).toEqual({ offset, limit, extraData: [] });
  });

  it.each([
    ['a page over the limit', '0-20000', /^range: a page of 20000 items exceeds the limit of 10000/],
    ['an object', { from: 0 }, /^range: expected "all" or "<from>-<to>", got an object/],
    ['an array', ['0-10'], /^range: expected/],
    ['a negative number', -1, /^range: expected/],
  ])('rejects %s', (_name, input, message) => {
    expect(() => parseV0Range(input)).toThrow(message);
  });

  it('honours a custom page limit', () => {
    expect(() => parseV0Range('0-200', { limits: { maxPageSize: 100 } })).toThrow(/exceeds the limit of 100/);
  });
});
