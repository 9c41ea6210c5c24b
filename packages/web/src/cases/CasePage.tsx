/**
 * A case: its header and tabs, each tab in the URL (?tab=): general (description in sanitised markdown,
 * status from the organisation's case statuses, assignee), tasks with their logs (markdown), observables,
 * TTPs, timeline, pages, comments, attachments, similar cases and alerts, sharing (one file per tab). Other users' changes to the case
 * arrive through the live events (rootId = the case) and refresh what is shown.
 */
import {
  Badge,
  Box,
  Button,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Tabs,
  Text,
  TextInput,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { type ComponentType, type FormEvent, useState } from 'react';
import { severityBadge } from '../alerts/columns';
import { api, type Case, type Task } from '../api/calls';
import { formatDate } from '../common/dates';
import { ErrorText } from '../common/ErrorText';
import { Markdown } from '../common/Markdown';
import { MarkdownEditor } from '../common/MarkdownEditor';
import { MessageForm } from '../common/MessageForm';
import { MarkdownUploads } from '../common/markdown-uploads';
import { PageTitle } from '../common/PageTitle';
import { useTimeZone } from '../common/prefs';
import { useFields } from '../common/useFields';
import { useLiveSubscription } from '../live/events';
import { AttachmentsTab } from './AttachmentsTab';
import { CommentsTab } from './CommentsTab';
import { caseQuery } from './case-queries';
import { ObservablesTab } from './ObservablesTab';
import { PagesTab } from './PagesTab';
import { SharingTab } from './SharingTab';
import { SimilarTab } from './SimilarTab';
import { StatusPicker } from './StatusPicker';
import { TimelineTab } from './TimelineTab';
import { TtpsTab } from './TtpsTab';
import { useCaseMutation } from './useCaseMutation';

/** The tabs in order: value (in the URL), label, and the panel of those that need only the case id. */
const TABS: Array<[string, string, ComponentType<{ caseId: string }>?]> = [
  ['general', 'General'],
  ['tasks', 'Tasks'],
  ['observables', 'Observables', ObservablesTab],
  ['ttps', 'TTPs', TtpsTab],
  ['timeline', 'Timeline', TimelineTab],
  ['pages', 'Pages', PagesTab],
  ['comments', 'Comments', CommentsTab],
  ['attachments', 'Attachments', AttachmentsTab],
  ['similar', 'Similar', SimilarTab],
  ['sharing', 'Sharing', SharingTab],
];

export function CasePage() {
  const { caseId } = useParams({ from: '/cases/$caseId' });
  const search = useSearch({ from: '/cases/$caseId' });
  const navigate = useNavigate({ from: '/cases/$caseId' });
  const queryClient = useQueryClient();
  // both are asked for by the route as the page is entered (case-queries.ts)
  const theCase = useQuery(caseQuery(caseId));
  const id = theCase.data?._id;
  useLiveSubscription(
    (event) => {
      if (id && (event.rootId === id || event.objectId === id))
        void queryClient.invalidateQueries({ queryKey: ['case'] });
    },
    [id, queryClient],
  );
  if (theCase.error) return <ErrorText error={theCase.error} />;
  if (!theCase.data) return <Text c="dimmed">Loading…</Text>;
  const c = theCase.data;
  const tab = search.tab ?? 'general';
  return (
    <MarkdownUploads caseId={c._id}>
      <Stack gap="sm">
        <Group gap="sm" align="center">
          <PageTitle>
            #{c.number} {c.title}
          </PageTitle>
          {severityBadge(c.severity, c.severityLabel)}
          <Badge variant="outline">{c.status}</Badge>
          <Badge variant="default">TLP:{c.tlpLabel}</Badge>
        </Group>
        <Tabs
          value={tab}
          onChange={(value) => void navigate({ search: { tab: value ?? undefined }, replace: true })}
          keepMounted={false}
        >
          <Tabs.List>
            {TABS.map(([value, label]) => (
              <Tabs.Tab key={value} value={value}>
                {label}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          <Tabs.Panel value="general" pt="sm">
            <General c={c} />
          </Tabs.Panel>
          <Tabs.Panel value="tasks" pt="sm">
            <Tasks
              caseId={c._id}
              openTask={search.task}
              onOpen={(task) => void navigate({ search: { tab: 'tasks', task }, replace: true })}
            />
          </Tabs.Panel>
          {TABS.map(
            ([value, , Panel]) =>
              Panel && (
                <Tabs.Panel key={value} value={value} pt="sm">
                  <Panel caseId={c._id} />
                </Tabs.Panel>
              ),
          )}
        </Tabs>
      </Stack>
    </MarkdownUploads>
  );
}

function General({ c }: { c: Case }) {
  const tz = useTimeZone();
  const [editing, setEditing] = useState(false);
  const [description, setDescription] = useState(c.description);
  const save = useCaseMutation((body: Record<string, unknown>) => api.case.update(c._id, body), 'Case saved');
  return (
    <Stack gap="sm">
      <Group gap="lg">
        <StatusPicker value={c.status} onChange={(status) => save.mutate({ status })} />
        <Text size="sm">
          Assignee: {c.assignee ?? 'nobody'}
          <br />
          Created {formatDate(c._createdAt, tz)} by {c._createdBy}
        </Text>
        <Text size="sm">Tags: {c.tags.length ? c.tags.join(', ') : 'none'}</Text>
      </Group>
      <Paper withBorder p="sm">
        <Group justify="space-between" mb="xs">
          <Title order={2} size="h5">
            Description
          </Title>
          <Button size="compact-sm" variant="default" onClick={() => setEditing((e) => !e)}>
            {editing ? 'Cancel' : 'Edit'}
          </Button>
        </Group>
        {editing ? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              save.mutate({ description }, { onSuccess: () => setEditing(false) });
            }}
          >
            <Stack gap="xs">
              <MarkdownEditor
                label="Description (markdown)"
                minRows={4}
                value={description}
                onChange={setDescription}
              />
              <Button type="submit" w="fit-content" loading={save.isPending}>
                Save
              </Button>
            </Stack>
          </form>
        ) : (
          <div data-testid="case-description">
            <Markdown text={c.description} />
          </div>
        )}
      </Paper>
    </Stack>
  );
}

function Tasks({
  caseId,
  openTask,
  onOpen,
}: {
  caseId: string;
  openTask?: string;
  onOpen(task: string | undefined): void;
}) {
  const tasks = useQuery({ queryKey: ['case', caseId, 'tasks'], queryFn: () => api.case.tasks(caseId) });
  const fields = useFields({ title: '' });
  const title = fields.values.title;
  const add = useCaseMutation((t: string) => api.case.addTask(caseId, { title: t }), 'Task added');
  const current = tasks.data?.find((t) => t._id === openTask);
  return (
    <Group align="flex-start" gap="md" wrap="nowrap">
      <Stack gap="xs" w={360}>
        <form
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            if (title.trim()) add.mutate(title.trim(), { onSuccess: () => fields.reset() });
          }}
        >
          <Group gap="xs" align="flex-end">
            <TextInput label="New task" {...fields.text('title')} style={{ flex: 1 }} />
            <Button type="submit" loading={add.isPending}>
              Add
            </Button>
          </Group>
        </form>
        <ErrorText error={tasks.error} />
        <Stack gap={4} data-testid="task-list">
          {tasks.data?.map((t) => (
            <UnstyledButton
              key={t._id}
              onClick={() => onOpen(t._id)}
              p={6}
              aria-current={t._id === openTask}
              className="list-item"
            >
              <Group justify="space-between" wrap="nowrap">
                <Text size="sm">{t.title}</Text>
                <Badge size="sm" variant="default">
                  {t.status}
                </Badge>
              </Group>
            </UnstyledButton>
          ))}
          {tasks.data?.length === 0 && <Text c="dimmed">No task yet.</Text>}
        </Stack>
      </Stack>
      {current && <TaskDetail task={current} />}
    </Group>
  );
}

function TaskDetail({ task }: { task: Task }) {
  const tz = useTimeZone();
  const logs = useQuery({ queryKey: ['case', 'logs', task._id], queryFn: () => api.task.logs(task._id) });
  const addLog = useCaseMutation((m: string) => api.task.addLog(task._id, m), 'Log added');
  const setStatus = useCaseMutation((status: string) => api.task.update(task._id, { status }));
  return (
    <Paper withBorder p="sm" style={{ flex: 1 }} component="section" aria-label={`Task ${task.title}`}>
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h5">
          {task.title}
        </Title>
        <NativeSelect
          aria-label="Task status"
          data={['Waiting', 'InProgress', 'Completed', 'Cancel']}
          value={task.status}
          onChange={(e) => setStatus.mutate(e.currentTarget.value)}
        />
      </Group>
      <Markdown text={task.description} />
      <Stack gap="xs" mt="sm" data-testid="task-logs">
        {logs.data?.map((l) => (
          <Paper key={l._id} withBorder p="xs">
            <Text size="xs" c="dimmed">
              {l._createdBy} · {formatDate(l.date, tz)}
            </Text>
            <Markdown text={l.message} />
          </Paper>
        ))}
      </Stack>
      <Box mt="sm">
        <MessageForm label="New log (markdown)" action="Add log" send={addLog} />
      </Box>
    </Paper>
  );
}
