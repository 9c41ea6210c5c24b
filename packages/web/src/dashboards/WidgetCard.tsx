/**
 * One widget: its title, then a counter, a text (markdown) or a chart drawn from its aggregation
 * query. The chart's accessible name says what it shows in words (the total and each series).
 */
import { Button, Group, Paper, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api } from '../api/calls';
import { ErrorText } from '../common/ErrorText';
import { Markdown } from '../common/Markdown';
import { Chart } from './Chart';
import { chartData, type Widget, widgetQuery } from './widgets';

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
  const summary = data
    ? `${title}: ${data.total} in total${data.series.length > 1 ? `; ${data.series.map((s) => `${s.name} ${s.values.reduce((a, b) => a + b, 0)}`).join(', ')}` : ''}`
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
      {(widget.type === 'bar' ||
        widget.type === 'line' ||
        widget.type === 'multiline' ||
        widget.type === 'donut') &&
        data && (
          <>
            <Text size="xs" data-testid="widget-total">
              {data.total} in total
            </Text>
            <Chart
              kind={widget.type === 'donut' ? 'donut' : widget.type === 'bar' ? 'bar' : 'line'}
              data={data}
              label={summary}
            />
          </>
        )}
      {!steps && widget.type !== 'text' && (
        <Text c="dimmed">This widget has no entity this screen can draw.</Text>
      )}
    </Paper>
  );
}
