/**
 * One widget: its title, then a counter, a text (markdown), a table of counts by value or a chart
 * (gauge, donut, radar, bar, line, multiline) drawn from its aggregation query. The chart's
 * accessible name says what it shows in words (the total and each series). A histogram whose
 * buckets outnumber the plot's pixels is drawn by a coarser interval (interval-fit.ts), said under it;
 * one the server refuses (more than 1,000 buckets) is asked again by a coarser unit
 * (asked-interval.ts), said the same way.
 */
import { Button, Group, Paper, Table, Text, Title } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { api } from '../api/calls';
import { ErrorText } from '../common/ErrorText';
import { Markdown } from '../common/Markdown';
import { coarserReason, intervalText, isTooManyBuckets, nextAskedInterval } from './asked-interval';
import { Chart, type ChartKind, PLOT_MARGIN_X } from './Chart';
import { fitInterval, intervalWords, regroup, sameInterval, widgetInterval } from './interval-fit';
import { chartData, gaugeMax, tableRows, type Widget, widgetQuery } from './widgets';

const KIND: Record<string, ChartKind> = {
  bar: 'bar',
  line: 'line',
  multiline: 'line',
  donut: 'donut',
  radar: 'radar',
  gauge: 'gauge',
};

interface Props {
  widget: Widget;
  period: string | undefined;
  onEdit?: () => void;
}

export function WidgetCard({ widget, period, onEdit }: Props) {
  const requested = useMemo(() => widgetInterval(widget.options.interval), [widget.options.interval]);
  // the interval asked of the server: the widget's own until refused (asked-interval.ts)
  // (kept per widget and period: a changed widget or period starts again from its own interval)
  const key = JSON.stringify([widget.type, widget.options, period]);
  const [coarsened, setCoarsened] = useState<{ key: string; interval: string }>();
  const asked = useMemo(
    () => (coarsened?.key === key ? widgetInterval(coarsened.interval) : requested),
    [coarsened, key, requested],
  );
  const askedWidget = useMemo(
    () =>
      sameInterval(asked, requested)
        ? widget
        : { ...widget, options: { ...widget.options, interval: intervalText(asked) } },
    [widget, asked, requested],
  );
  const steps = useMemo(() => widgetQuery(askedWidget, period), [askedWidget, period]);
  const result = useQuery({
    queryKey: ['dashboard-widget', steps],
    queryFn: () => api.query<unknown>(steps!).then((r) => r.rows as unknown),
    enabled: Boolean(steps),
  });
  const data = useMemo(
    () => (result.data === undefined ? undefined : chartData(askedWidget, result.data)),
    [askedWidget, result.data],
  );
  // histograms: the interval that fits the plot's width, once the box is measured
  const { ref: box, width } = useElementSize();
  const plotWidth = width - PLOT_MARGIN_X;
  const refused = isTooManyBuckets(result.error);
  const next = nextAskedInterval(requested, asked, { refused, starts: data?.starts, plotWidth });
  const nextText = next && intervalText(next);
  useEffect(() => {
    if (nextText) setCoarsened({ key, interval: nextText });
  }, [nextText, key]);
  const fitted = data?.starts && width > 0 ? fitInterval(asked, data.starts, plotWidth) : asked;
  const coarser = sameInterval(fitted, asked) ? undefined : fitted.unit;
  const drawn = useMemo(() => (data && coarser ? regroup(data, coarser) : data), [data, coarser]);
  const drawnCoarser = !sameInterval(fitted, requested);
  const title = widget.options.title || `${widget.type} of ${widget.options.entity ?? ''}`;
  const kind = KIND[widget.type];
  const max = data && widget.type === 'gauge' ? gaugeMax(widget, data.total) : 0;
  const summary = data
    ? `${title}: ${data.total} ${kind === 'gauge' ? `of ${max}` : 'in total'}${data.series.length > 1 ? `; ${data.series.map((s) => `${s.name} ${s.values.reduce((a, b) => a + b, 0)}`).join(', ')}` : ''}`
    : title;
  return (
    <Paper
      withBorder
      p="sm"
      component="section"
      aria-label={`Widget ${title}`}
      style={{ flex: 1, minWidth: 280 }}
    >
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h5">
          {title}
        </Title>
        {onEdit && (
          <Button size="compact-xs" variant="default" aria-label={`Edit ${title}`} onClick={onEdit}>
            Edit
          </Button>
        )}
      </Group>
      {/* a refusal of too many buckets is not the user's to fix: the widget asks again by a coarser unit */}
      {!(refused && next) && <ErrorText error={result.error} />}
      {widget.type === 'text' && <Markdown text={String(widget.options.template ?? '')} />}
      {widget.type === 'counter' && data && (
        <Text fz={36} fw={700} data-testid="widget-total">
          {data.total}
        </Text>
      )}
      {widget.type === 'table' && data && (
        <Table striped withTableBorder fz="sm" data-testid="widget-table">
          <Table.Caption>{data.total} in total</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{widget.options.field ?? 'value'}</Table.Th>
              <Table.Th ta="right">Count</Table.Th>
              <Table.Th ta="right">Share</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {tableRows(data).map((row) => (
              <Table.Tr key={row.value}>
                <Table.Td>{row.value}</Table.Td>
                <Table.Td ta="right">{row.count}</Table.Td>
                <Table.Td ta="right">{row.share} %</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <div ref={box}>
        {kind && data && drawn && (
          <>
            <Group gap="xs">
              <Text size="xs" data-testid="widget-total">
                {kind === 'gauge' ? `${data.total} of ${max}` : `${data.total} in total`}
              </Text>
              {drawnCoarser && (
                <Text size="xs" c="dimmed" data-testid="widget-interval">
                  {intervalWords(fitted)}: {coarserReason(requested, asked, data.labels.length)}
                </Text>
              )}
            </Group>
            {(width > 0 || !drawn.starts) && (
              <Chart
                kind={kind}
                data={drawn}
                label={drawnCoarser ? `${summary}; ${intervalWords(fitted)}` : summary}
                max={max}
              />
            )}
          </>
        )}
      </div>
      {!steps && widget.type !== 'text' && (
        <Text c="dimmed">This widget has no entity this screen can draw.</Text>
      )}
    </Paper>
  );
}
