import { describe, expect, it } from 'vitest';
import {
  addWidget,
  chartData,
  gaugeMax,
  replaceWidget,
  tableRows,
  type Widget,
  widgetQuery,
  widgetsOf,
} from './widgets';

const bar: Widget = { id: 'b', type: 'bar', options: { entity: 'alert', field: 'status', interval: '1d' } };

describe('dashboard widgets', () => {
  it('builds the aggregation of each widget type, with the period as a date filter', () => {
    const now = Date.UTC(2026, 0, 10);
    expect(widgetQuery(bar, 'last7Days', now)).toEqual([
      { _name: 'listAlert' },
      { _name: 'filter', _gte: { _field: 'date', _value: now - 7 * 86_400_000 } },
      {
        _name: 'aggregation',
        _agg: 'time',
        _fields: ['date'],
        _interval: '1d',
        _select: [{ _agg: 'field', _field: 'status', _select: [{ _agg: 'count' }] }],
      },
    ]);
    expect(widgetQuery({ id: 'c', type: 'counter', options: { entity: 'case' } }, 'all')).toEqual([
      { _name: 'listCase' },
      { _name: 'aggregation', _agg: 'count' },
    ]);
    expect(
      widgetQuery({ id: 'd', type: 'donut', options: { entity: 'case_task', field: 'status' } }, 'all')?.[0],
    ).toEqual({
      _name: 'listTask',
    });
    expect(widgetQuery({ id: 't', type: 'text', options: { template: 'x' } }, 'all')).toBeUndefined();
    expect(widgetQuery({ id: 'x', type: 'donut', options: { entity: 'nothing' } }, 'all')).toBeUndefined();
  });

  it('turns answers into labels and series: stacked buckets, slices, a count', () => {
    const day = Date.UTC(2026, 0, 1);
    const data = chartData(bar, {
      [day + 86_400_000]: { date: { Imported: { count: 1 } } },
      [day]: { date: { New: { count: 2 }, Imported: { count: 3 } } },
    });
    expect(data.labels).toEqual(['2026-01-01', '2026-01-02']);
    expect(data.series).toEqual([
      { name: 'Imported', values: [3, 1] },
      { name: 'New', values: [2, 0] },
    ]);
    expect(data.total).toBe(6);
    const line = chartData(
      { id: 'l', type: 'line', options: { entity: 'case' } },
      { [day]: { _createdAt: { count: 4 } } },
    );
    expect(line.series).toEqual([{ name: 'count', values: [4] }]);
    const donut = chartData(
      { id: 'd', type: 'donut', options: { entity: 'case', field: 'status' } },
      {
        New: { count: 2 },
        Closed: { count: 1 },
      },
    );
    expect([donut.labels, donut.total]).toEqual([['New', 'Closed'], 3]);
    expect(chartData({ id: 'c', type: 'counter', options: {} }, { count: 9 }).total).toBe(9);
  });

  it('adds a widget as a row and replaces it by id', () => {
    const one = addWidget(undefined, bar);
    expect(widgetsOf(one)).toEqual([[bar]]);
    const changed = { ...bar, options: { ...bar.options, title: 'per day' } };
    expect(widgetsOf(replaceWidget(one, changed))).toEqual([[changed]]);
  });

  it('queries and draws the gauge, table, radar and multiline widgets', () => {
    const of = (type: string, options: Widget['options'] = {}) =>
      widgetQuery({ id: type, type, options: { entity: 'case', ...options } }, 'all');
    expect(of('gauge')).toEqual([{ _name: 'listCase' }, { _name: 'aggregation', _agg: 'count' }]);
    for (const type of ['table', 'radar'])
      expect(of(type, { field: 'severity' })?.[1]).toEqual({
        _name: 'aggregation',
        _agg: 'field',
        _field: 'severity',
        _select: [{ _agg: 'count' }],
      });
    expect(of('multiline', { field: 'status', interval: '1w' })?.[1]).toEqual({
      _name: 'aggregation',
      _agg: 'time',
      _fields: ['_createdAt'],
      _interval: '1w',
      _select: [{ _agg: 'field', _field: 'status', _select: [{ _agg: 'count' }] }],
    });
    const table: Widget = { id: 't', type: 'table', options: { entity: 'case', field: 'status' } };
    const data = chartData(table, { Closed: { count: 1 }, New: { count: 3 }, Open: { count: 0 } });
    expect(tableRows(data)).toEqual([
      { value: 'New', count: 3, share: 75 },
      { value: 'Closed', count: 1, share: 25 },
      { value: 'Open', count: 0, share: 0 },
    ]);
    const gauge: Widget = { id: 'g', type: 'gauge', options: { entity: 'case' } };
    expect(chartData(gauge, 7).total).toBe(7);
    expect([gaugeMax(gauge, 7), gaugeMax(gauge, 0), gaugeMax(gauge, 120), gaugeMax(gauge, 100)]).toEqual([
      8, 10, 200, 200,
    ]);
    expect(gaugeMax({ ...gauge, options: { max: 50 } }, 7)).toBe(50);
  });
});
