/**
 * The one chart wrapper (ECharts, tree-shaken: bar, line, pie, radar and gauge on a canvas). Imported only by the
 * dashboard screens, so ECharts lands in their lazy chunk, never in the entry bundle. ECharts does not
 * follow Mantine's colour scheme: the chart is re-created with the dark theme when it changes.
 *
 * A histogram with many values (a year by day stacked by eight statuses is ~2,900 bar segments) is
 * drawn the cheap way: no animation, bars in ECharts' large mode (one path per series instead of one
 * shape per segment; the axis tooltip still reads every value), lines without symbols and downsampled
 * (LTTB) where they have more points than pixels. Measured in docs/performance.md.
 */
import { useComputedColorScheme } from '@mantine/core';
import { BarChart, GaugeChart, LineChart, PieChart, RadarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, RadarComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import type { ChartData } from './widgets';

echarts.use([
  BarChart,
  LineChart,
  PieChart,
  RadarChart,
  GaugeChart,
  GridComponent,
  RadarComponent,
  LegendComponent,
  TooltipComponent,
  CanvasRenderer,
]);

export type ChartKind = 'bar' | 'line' | 'donut' | 'radar' | 'gauge';

const GRID = { left: 40, right: 16, top: 16, bottom: 48 };
/** The horizontal pixels of a histogram's box that are not its plot (the axis labels' margins). */
export const PLOT_MARGIN_X = GRID.left + GRID.right;
/** Above this many values (buckets × series) a histogram is drawn without animation, in large mode. */
export const MANY_VALUES = 1000;

function option(kind: ChartKind, data: ChartData, max: number): echarts.EChartsCoreOption {
  if (kind === 'gauge')
    return {
      series: [
        {
          type: 'gauge',
          min: 0,
          max,
          progress: { show: true, width: 12 },
          axisLine: { lineStyle: { width: 12 } },
          detail: { valueAnimation: false, fontSize: 24, offsetCenter: [0, '60%'] },
          data: [{ value: data.total }],
        },
      ],
    };
  if (kind === 'radar') {
    const values = data.series[0]?.values ?? [];
    const top = Math.max(1, ...values);
    return {
      tooltip: { trigger: 'item' },
      radar: { indicator: data.labels.map((name) => ({ name, max: top })), radius: '65%' },
      series: [
        { type: 'radar', data: [{ name: data.series[0]?.name ?? 'count', value: values }], areaStyle: {} },
      ],
    };
  }
  if (kind === 'donut')
    return {
      tooltip: { trigger: 'item' },
      legend: { bottom: 0 },
      series: [
        {
          type: 'pie',
          radius: ['40%', '70%'],
          data: data.labels.map((name, i) => ({ name, value: data.series[0]?.values[i] ?? 0 })),
        },
      ],
    };
  const many = data.labels.length * data.series.length > MANY_VALUES;
  return {
    animation: !many,
    tooltip: { trigger: 'axis' },
    // one line of legend (paged when narrow): a wrapped one would cover the axis labels
    legend: { bottom: 0, type: 'scroll' },
    grid: GRID,
    xAxis: { type: 'category', data: data.labels },
    yAxis: { type: 'value', minInterval: 1 },
    series: data.series.map((s) =>
      kind === 'bar'
        ? { name: s.name, type: kind, stack: 'total', data: s.values, large: many, largeThreshold: 1 }
        : { name: s.name, type: kind, data: s.values, showSymbol: !many, sampling: 'lttb' },
    ),
  };
}

export function Chart({
  kind,
  data,
  label,
  max = 0,
}: {
  kind: ChartKind;
  data: ChartData;
  label: string;
  /** gauge: the count that fills the dial. */
  max?: number;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const scheme = useComputedColorScheme('light');
  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current, scheme === 'dark' ? 'dark' : undefined, { renderer: 'canvas' });
    chart.setOption({ backgroundColor: 'transparent', ...option(kind, data, max) });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [kind, data, scheme, max]);
  return <div ref={ref} role="img" aria-label={label} style={{ width: '100%', height: 240 }} />;
}
