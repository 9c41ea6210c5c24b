/**
 * One dashboard: its widgets row by row, the period they cover, and (when the user may change it) a
 * form to add a widget or edit one; the definition is saved as TheHive stores it.
 */
import { Button, Group, NativeSelect, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { dashboards } from '../api/dashboards';
import { errorText } from '../api/http';
import { ErrorText } from '../common/ErrorText';
import { WidgetCard } from './WidgetCard';
import { WidgetForm } from './WidgetForm';
import { addWidget, type Definition, replaceWidget, type Widget, widgetsOf } from './widgets';

const PERIODS = [
  { value: 'all', label: 'All time' },
  { value: 'last7Days', label: 'Last 7 days' },
  { value: 'last30Days', label: 'Last 30 days' },
  { value: 'last3Months', label: 'Last 3 months' },
];

export function DashboardPage() {
  const { dashboardId } = useParams({ from: '/dashboards/$dashboardId' });
  const queryClient = useQueryClient();
  const board = useQuery({
    queryKey: ['dashboards', dashboardId],
    queryFn: () => dashboards.get(dashboardId),
  });
  const [editing, setEditing] = useState<Widget | 'new'>();
  const save = useMutation({
    mutationFn: (definition: Definition) =>
      dashboards.update(dashboardId, { definition: definition as Record<string, unknown> }),
    // a period change saved meanwhile leaves an open widget form alone: only its own save closes it
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['dashboards'] }),
    onError: (error) => notifications.show({ color: 'red', title: 'Not saved', message: errorText(error) }),
  });
  if (board.error) return <ErrorText error={board.error} />;
  if (!board.data) return <Text c="dimmed">Loading…</Text>;
  const d = board.data;
  const definition = d.definition as Definition;
  const rows = widgetsOf(definition);
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={1} size="h3">
          {d.title}
        </Title>
        <Group gap="xs" align="flex-end">
          <NativeSelect
            label="Period"
            data={PERIODS}
            value={definition.period ?? 'all'}
            disabled={!d.writable}
            onChange={(e) => save.mutate({ ...definition, period: e.currentTarget.value })}
          />
          {d.writable && (
            <Button variant="default" onClick={() => setEditing('new')}>
              Add widget
            </Button>
          )}
        </Group>
      </Group>
      {editing && (
        <WidgetForm
          widget={editing === 'new' ? undefined : editing}
          onCancel={() => setEditing(undefined)}
          onSave={(w) =>
            save.mutate(editing === 'new' ? addWidget(definition, w) : replaceWidget(definition, w), {
              onSuccess: () => setEditing(undefined),
            })
          }
        />
      )}
      {rows.length === 0 && <Text c="dimmed">No widget yet.</Text>}
      {rows.map((row, i) => (
        // rows have no id of their own in TheHive's definition
        // biome-ignore lint/suspicious/noArrayIndexKey: the row index is its identity
        <Group key={i} align="stretch" gap="sm" wrap="wrap">
          {row.map((w) => (
            <WidgetCard
              key={w.id}
              widget={w}
              period={definition.period}
              onEdit={d.writable ? () => setEditing(w) : undefined}
            />
          ))}
        </Group>
      ))}
    </Stack>
  );
}
