/**
 * One widget: its title, then a counter, a text (markdown), a table of counts by value or a chart
 * (gauge, donut, radar, bar, line, multiline) drawn from its aggregation query. The chart's
 * accessible name says what it shows in words (the total and each series).
 */
import { Button, Group, Paper, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api } from '../api/calls';
import { ErrorText } from '../common/ErrorText';
import { Markdown } from '../common/Markdown';
import { Chart, type ChartKind } from './Chart';
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
  const steps = useMemo(() => widgetQuery(widget, period), [widget, period]);
  const result = useQuery({
    queryKey: ['dashboard-widget', steps],
    queryFn: () => api.query<unknown>(steps!).then((r) => r.rows as unknown),
    enabled: Boolean(steps),
  });
  const data = useMemo(
    () => (result.data === undefined ? undefined : chartData(widget, result.data)),
    [widget, result.data],
  );
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
      <ErrorText error={result.error} />
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
      {kind && data && (
        <>
          <Text size="xs" data-testid="widget-total">
            {kind === 'gauge' ? `${data.total} of ${max}` : `${data.total} in total`}
          </Text>
          <Chart kind={kind} data={data} label={summary} max={max} />
        </>
      )}
      {!steps && widget.type !== 'text' && (
        <Text c="dimmed">This widget has no entity this screen can draw.</Text>
      )}
    </Paper>
  );
}
