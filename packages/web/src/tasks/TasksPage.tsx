/** My tasks (assigned to me) and waiting tasks (not started), with their case. */
import { Anchor, Badge, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { api, type Case, type Task } from '../api/calls';
import { ColumnHeads } from '../common/ColumnHeads';
import { formatDate } from '../common/dates';
import { ErrorText } from '../common/ErrorText';
import { PageTitle } from '../common/PageTitle';
import { useTimeZone } from '../common/prefs';

export function TasksPage() {
  const search = useSearch({ from: '/tasks' });
  const navigate = useNavigate({ from: '/tasks' });
  const tz = useTimeZone();
  const view = search.view ?? 'mine';
  const tasks = useQuery({
    queryKey: ['tasks', view],
    queryFn: () =>
      api
        .query<Task & { extraData: { case?: Case } }>([
          { _name: view === 'mine' ? 'myTasks' : 'waitingTasks' },
          { _name: 'filter', _in: { _field: 'status', _values: ['Waiting', 'InProgress'] } },
          { _name: 'sort', _fields: [{ _createdAt: 'desc' }] },
          { _name: 'page', from: 0, to: 500, extraData: ['case'] },
        ])
        .then((r) => r.rows),
  });
  return (
    <Stack gap="sm">
      <PageTitle>Tasks</PageTitle>
      <SegmentedControl
        w="fit-content"
        value={view}
        onChange={(v) => void navigate({ search: { view: v === 'waiting' ? 'waiting' : undefined } })}
        data={[
          { value: 'mine', label: 'My tasks' },
          { value: 'waiting', label: 'Waiting tasks' },
        ]}
      />
      <ErrorText error={tasks.error} />
      <Table striped withTableBorder fz="sm">
        <ColumnHeads names={['Task', 'Status', 'Case', 'Created']} />
        <Table.Tbody>
          {tasks.data?.map((t) => {
            const c = t.extraData.case;
            return (
              <Table.Tr key={t._id}>
                <Table.Td>
                  {c ? (
                    <Anchor
                      size="sm"
                      renderRoot={(props) => (
                        <Link
                          to="/cases/$caseId"
                          params={{ caseId: String(c.number) }}
                          search={{ tab: 'tasks', task: t._id }}
                          {...props}
                        />
                      )}
                    >
                      {t.title}
                    </Anchor>
                  ) : (
                    t.title
                  )}
                </Table.Td>
                <Table.Td>
                  <Badge size="sm" variant="outline">
                    {t.status}
                  </Badge>
                </Table.Td>
                <Table.Td>{c ? `#${c.number} ${c.title}` : ''}</Table.Td>
                <Table.Td>{formatDate(t._createdAt, tz)}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      {tasks.data?.length === 0 && <Text c="dimmed">No task.</Text>}
    </Stack>
  );
}
