/**
 * The one chart wrapper (ECharts, tree-shaken: bar, line, pie on a canvas). Imported only by the
 * dashboard screens, so ECharts lands in their lazy chunk, never in the entry bundle. ECharts does not
 * follow Mantine's colour scheme: the chart is re-created with the dark theme when it changes.
 */
import { useComputedColorScheme } from '@mantine/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import type { ChartData } from './widgets';

echarts.use([
  BarChart,
  LineChart,
  PieChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  CanvasRenderer,
]);

function option(kind: 'bar' | 'line' | 'donut', data: ChartData): echarts.EChartsCoreOption {
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
  return {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 40, right: 16, top: 16, bottom: 48 },
    xAxis: { type: 'category', data: data.labels },
    yAxis: { type: 'value', minInterval: 1 },
    series: data.series.map((s) => ({
      name: s.name,
      type: kind,
      stack: kind === 'bar' ? 'total' : undefined,
      data: s.values,
    })),
  };
}

export function Chart({
  kind,
  data,
  label,
}: {
  kind: 'bar' | 'line' | 'donut';
  data: ChartData;
  label: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const scheme = useComputedColorScheme('light');
  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current, scheme === 'dark' ? 'dark' : undefined, { renderer: 'canvas' });
    chart.setOption({ backgroundColor: 'transparent', ...option(kind, data) });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [kind, data, scheme]);
  return <div ref={ref} role="img" aria-label={label} style={{ width: '100%', height: 240 }} />;
}
