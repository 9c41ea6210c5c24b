import { describe, expect, it } from 'vitest';
import { listAlertPipeline, nextSort, toV1Filter, toV1Sort, typedValue } from './filters';

describe('alert list filters → v1 query', () => {
  it('ORs groups and ANDs the conditions of a group, typing values by field', () => {
    const filter = toV1Filter(
      [
        [
          { field: 'severity', op: 'gte', value: '3' },
          { field: 'read', op: 'is', value: 'no' },
        ],
        [{ field: 'source', op: 'in', value: 'suricata, wazuh' }],
      ],
      undefined,
    );
    expect(filter).toEqual({
      _or: [
        {
          _and: [{ _gte: { _field: 'severity', _value: 3 } }, { _eq: { _field: 'read', _value: false } }],
        },
        { _and: [{ _in: { _field: 'source', _values: ['suricata', 'wazuh'] } }] },
      ],
    });
  });

  it('adds the free text as title or sourceRef contains, with one group kept flat', () => {
    expect(toV1Filter([[{ field: 'status', op: 'not', value: 'Imported' }]], ' phish ')).toEqual({
      _and: [
        { _not: { _eq: { _field: 'status', _value: 'Imported' } } },
        {
          _or: [
            { _like: { _field: 'title', _value: '*phish*' } },
            { _like: { _field: 'sourceRef', _value: '*phish*' } },
          ],
        },
      ],
    });
    expect(toV1Filter([], '')).toBeUndefined();
  });

  it('types custom fields by their definition', () => {
    expect(
      toV1Filter([[{ field: 'customFields.score', op: 'lte', value: '7.5' }]], undefined, {
        score: 'number',
      }),
    ).toEqual({ _lte: { _field: 'customFields.score', _value: 7.5 } });
    expect(toV1Filter([[{ field: 'customFields.owner', op: 'has' }]], undefined)).toEqual({
      _has: 'customFields.owner',
    });
  });

  it('refuses values of the wrong type with a message saying what is expected', () => {
    expect(() => typedValue('number', 'high')).toThrow('"high" is not a number');
    expect(() => typedValue('date', 'yesterday-ish')).toThrow(/not a date/);
    expect(typedValue('date', '2026-12-05T00:00Z')).toBe(Date.UTC(2026, 11, 5));
  });

  it('builds multi-column sorts and pages', () => {
    expect(toV1Sort(['-severity', 'date'])).toEqual([{ severity: 'desc' }, { date: 'asc' }]);
    const steps = listAlertPipeline([], undefined, [], 100, 200);
    expect(steps).toEqual([
      { _name: 'listAlert' },
      { _name: 'sort', _fields: [{ date: 'desc' }] },
      { _name: 'page', from: 100, to: 200, extraData: ['total'] },
    ]);
  });

  it('keeps alerts from the first new one on out of the list until they are shown', () => {
    expect(listAlertPipeline([], undefined, [], 0, 50, {}, '~9')[1]).toEqual({
      _name: 'filter',
      _lt: { _field: '_id', _value: '~9' },
    });
    const [, filter] = listAlertPipeline([], 'login', [], 0, 50, {}, '~9');
    expect(filter).toMatchObject({ _name: 'filter', _and: [{}, { _lt: { _field: '_id', _value: '~9' } }] });
  });

  it('cycles header clicks: plain click replaces, shift adds a key then toggles then removes it', () => {
    expect(nextSort(['-date'], 'severity', false)).toEqual(['-severity']);
    expect(nextSort(['-severity'], 'severity', false)).toEqual(['severity']);
    expect(nextSort(['-date'], 'severity', true)).toEqual(['-date', '-severity']);
    expect(nextSort(['-date', '-severity'], 'severity', true)).toEqual(['-date', 'severity']);
    expect(nextSort(['-date', 'severity'], 'severity', true)).toEqual(['-date']);
  });
});
