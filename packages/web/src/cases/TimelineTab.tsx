/**
 * The case timeline, oldest first: what happened to the case (created, tasks, sightings, techniques,
 * merged alerts, logs) and the custom events the team adds.
 */
import { Badge, Button, Group, Paper, Stack, Text, TextInput, Timeline } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { type TimelineEvent, timeline } from '../api/timeline';
import { DateTimeInput, toLocalInput } from '../common/DateTimeInput';
import { formatDate } from '../common/dates';
import { ErrorText } from '../common/ErrorText';
import { useTimeZone } from '../common/prefs';
import { useCaseMutation } from './useCaseMutation';

function describe(e: TimelineEvent): string {
  const d = e.details as Record<string, unknown>;
  const text = d.title ?? d.patternName ?? d.data ?? d.message ?? d.status ?? '';
  return String(text);
}

export function TimelineTab({ caseId }: { caseId: string }) {
  const tz = useTimeZone();
  const events = useQuery({ queryKey: ['case', caseId, 'timeline'], queryFn: () => timeline.ofCase(caseId) });
  const [title, setTitle] = useState('');
  const [when, setWhen] = useState(() => toLocalInput(Date.now()));
  const add = useCaseMutation(
    () => timeline.addEvent(caseId, { title, date: new Date(when).getTime() }),
    'Event added',
  );
  const remove = useCaseMutation((id: string) => timeline.removeEvent(id), 'Event removed');
  return (
    <Stack gap="sm">
      <Paper withBorder p="sm" component="section" aria-label="Add an event">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (title.trim()) add.mutate(undefined, { onSuccess: () => setTitle('') });
          }}
        >
          <Group gap="xs" align="flex-end">
            <TextInput
              label="Event title"
              required
              value={title}
              onChange={(e) => setTitle(e.currentTarget.value)}
              style={{ flex: 1 }}
            />
            <DateTimeInput label="When" value={when} onChange={setWhen} />
            <Button type="submit" loading={add.isPending}>
              Add event
            </Button>
          </Group>
        </form>
      </Paper>
      <ErrorText error={events.error} />
      <Timeline bulletSize={14} lineWidth={2} data-testid="timeline">
        {events.data?.events.map((e) => (
          <Timeline.Item key={`${e.kind}:${e.entityId}:${e.date}`} title={describe(e)}>
            <Group gap="xs">
              <Badge size="xs" variant={e.kind === 'CustomEvent' ? 'filled' : 'light'}>
                {e.kind}
              </Badge>
              <Text size="xs" c="dimmed">
                {formatDate(e.date, tz)}
              </Text>
              {e.kind === 'CustomEvent' && (
                <Button
                  size="compact-xs"
                  variant="subtle"
                  aria-label={`Remove event ${describe(e)}`}
                  onClick={() => remove.mutate(e.entityId)}
                >
                  Remove
                </Button>
              )}
            </Group>
          </Timeline.Item>
        ))}
      </Timeline>
      {events.data?.events.length === 0 && <Text c="dimmed">Nothing happened yet.</Text>}
    </Stack>
  );
}
