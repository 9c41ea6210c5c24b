/**
 * Dashboard widgets as TheHive 4/5 store them in a definition (`{period, items: [{type: "container",
 * items: [widget]}]}`, docs/dashboards.md), turned into `/api/v1/query` aggregation pipelines and
 * their answers into chart data. Pure: no React, no network; tested in widgets.test.ts.
 */
import type { QueryStep } from '../api/calls';
import { bucketLabel, widgetInterval } from './interval-fit';

export type WidgetType =
  | 'counter'
  | 'gauge'
  | 'donut'
  | 'table'
  | 'radar'
  | 'bar'
  | 'line'
  | 'multiline'
  | 'text';
export const WIDGET_TYPES: WidgetType[] = [
  'counter',
  'gauge',
  'donut',
  'table',
  'radar',
  'bar',
  'line',
  'multiline',
  'text',
];
/** Widgets counting by the values of a field (slices, rows, spokes). */
export const BY_FIELD = new Set(['donut', 'table', 'radar']);
/** Widgets drawing a histogram over time (bar stacks and multiline splits by a field). */
export const OVER_TIME = new Set(['bar', 'line', 'multiline']);
/** Widgets that use a field: the one counted by, or the one a histogram is split by. */
export const usesField = (type: string) => BY_FIELD.has(type) || type === 'bar' || type === 'multiline';

export interface WidgetOptions {
  title?: string;
  /** `alert`, `case`, `case_task` / `task`, `case_artifact` / `observable`. */
  entity?: string;
  /** donut, table, radar: the field to count by; bar: the field to stack by; multiline: one line per value. */
  field?: string;
  /** gauge: the count that fills the dial (a target or a capacity). */
  max?: number;
  /** bar and line: the date field of the histogram. */
  dateField?: string;
  /** `1d`, `1w`, `1M`... */
  interval?: string;
  /** text: markdown. */
  template?: string;
  [name: string]: unknown;
}
export interface Widget {
  id: string;
  type: WidgetType | string;
  options: WidgetOptions;
}
export type Period = 'all' | 'last7Days' | 'last30Days' | 'last3Months';
export interface Definition {
  period?: Period | string;
  items?: { type: string; items?: Widget[] }[];
}

const LIST: Record<string, string> = {
  alert: 'listAlert',
  case: 'listCase',
  case_task: 'listTask',
  task: 'listTask',
  case_artifact: 'listObservable',
  observable: 'listObservable',
};
const DAY = 86_400_000;
const PERIOD_DAYS: Record<string, number> = { last7Days: 7, last30Days: 30, last3Months: 91 };

/** The widgets of a definition, row by row. */
export function widgetsOf(definition: Definition | undefined): Widget[][] {
  return (definition?.items ?? []).map((row) => (row.items ?? []).filter((w) => w && typeof w === 'object'));
}

/** Adds a widget as a new row (TheHive's containers) and answers the new definition. */
export function addWidget(definition: Definition | undefined, widget: Widget): Definition {
  return {
    period: 'all',
    ...definition,
    items: [...(definition?.items ?? []), { type: 'container', items: [widget] }],
  };
}

/** Replaces the widget with the same id. */
export function replaceWidget(definition: Definition, widget: Widget): Definition {
  return {
    ...definition,
    items: (definition.items ?? []).map((row) => ({
      ...row,
      items: (row.items ?? []).map((w) => (w.id === widget.id ? widget : w)),
    })),
  };
}

function dateFieldOf(w: Widget): string {
  return w.options.dateField ?? (w.options.entity === 'alert' ? 'date' : '_createdAt');
}

/** The query a widget draws from, or undefined for a text widget or an unknown entity. */
export function widgetQuery(
  w: Widget,
  period: string | undefined,
  now = Date.now(),
): QueryStep[] | undefined {
  const list = LIST[w.options.entity ?? ''];
  if (!list || w.type === 'text') return undefined;
  const steps: QueryStep[] = [{ _name: list }];
  const days = PERIOD_DAYS[period ?? 'all'];
  if (days) steps.push({ _name: 'filter', _gte: { _field: dateFieldOf(w), _value: now - days * DAY } });
  const count = [{ _agg: 'count' }];
  switch (w.type) {
    case 'counter':
    case 'gauge':
      steps.push({ _name: 'aggregation', _agg: 'count' });
      break;
    case 'donut':
    case 'table':
    case 'radar':
      steps.push({
        _name: 'aggregation',
        _agg: 'field',
        _field: w.options.field ?? 'status',
        _select: count,
      });
      break;
    default: {
      const by = (w.type === 'bar' || w.type === 'multiline') && w.options.field;
      steps.push({
        _name: 'aggregation',
        _agg: 'time',
        _fields: [dateFieldOf(w)],
        _interval: w.options.interval ?? '1d',
        _select: by ? [{ _agg: 'field', _field: by, _select: count }] : count,
      });
    }
  }
  return steps;
}

export interface ChartData {
  /** Category labels (donut slices; histogram buckets as UTC dates, as precise as the interval). */
  labels: string[];
  /** Histograms: each bucket's start (epoch ms, ascending), for regrouping into a coarser interval. */
  starts?: number[];
  series: { name: string; values: number[] }[];
  total: number;
}

const countOf = (v: unknown): number =>
  v && typeof v === 'object' && typeof (v as { count?: unknown }).count === 'number'
    ? (v as { count: number }).count
    : 0;

/** Turns a widget's aggregation answer into labels and series. */
export function chartData(w: Widget, answer: unknown): ChartData {
  const obj = (answer ?? {}) as Record<string, unknown>;
  if (w.type === 'counter' || w.type === 'gauge') {
    const total = typeof answer === 'number' ? answer : countOf(answer);
    return { labels: [], series: [{ name: 'count', values: [total] }], total };
  }
  if (BY_FIELD.has(w.type)) {
    const entries = Object.entries(obj)
      .filter(([, v]) => v && typeof v === 'object')
      .sort(([, a], [, b]) => countOf(b) - countOf(a));
    const values = entries.map(([, v]) => countOf(v));
    return {
      labels: entries.map(([k]) => k),
      series: [{ name: w.options.field ?? 'count', values }],
      total: values.reduce((a, b) => a + b, 0),
    };
  }
  const buckets = Object.entries(obj)
    .filter(([k]) => /^\d+$/.test(k))
    .sort(([a], [b]) => Number(a) - Number(b));
  const field = dateFieldOf(w);
  const inner = buckets.map(
    ([, v]) => ((v as Record<string, unknown>)?.[field] ?? v) as Record<string, unknown>,
  );
  const starts = buckets.map(([k]) => Number(k));
  const unit = widgetInterval(w.options.interval).unit;
  const labels = starts.map((t) => bucketLabel(t, unit));
  const names = new Set<string>();
  for (const b of inner)
    for (const [k, v] of Object.entries(b ?? {})) if (k !== 'count' && countOf(v)) names.add(k);
  const series =
    names.size > 0
      ? [...names].sort().map((name) => ({ name, values: inner.map((b) => countOf(b?.[name])) }))
      : [{ name: 'count', values: inner.map((b) => countOf(b)) }];
  return {
    labels,
    starts,
    series,
    total: series.reduce((t, s) => t + s.values.reduce((a, b) => a + b, 0), 0),
  };
}

/** The count that fills a gauge: the widget's own, else the next round number above the total. */
export function gaugeMax(w: Widget, total: number): number {
  const max = Number(w.options.max);
  if (Number.isFinite(max) && max > 0) return max;
  if (total <= 0) return 10;
  const step = 10 ** Math.floor(Math.log10(total));
  return Math.ceil((total + 1) / step) * step;
}

/** Rows of a table widget: value, count and share of the total (in %, one decimal). */
export function tableRows(data: ChartData): { value: string; count: number; share: number }[] {
  const values = data.series[0]?.values ?? [];
  return data.labels.map((value, i) => {
    const count = values[i] ?? 0;
    return { value, count, share: data.total ? Math.round((count / data.total) * 1000) / 10 : 0 };
  });
}
