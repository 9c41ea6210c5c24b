/** The dashboards the user sees (own and shared), and a form to create one. */
import { Anchor, Badge, Button, Checkbox, Group, Paper, Stack, Table, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { dashboards } from '../api/dashboards';
import { errorText } from '../api/http';
import { ErrorText } from '../common/ErrorText';

export function DashboardListPage() {
  const list = useQuery({ queryKey: ['dashboards'], queryFn: dashboards.list });
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState('');
  const [shared, setShared] = useState(false);
  const create = useMutation({
    mutationFn: () =>
      dashboards.create({
        title,
        description: '',
        status: shared ? 'Shared' : 'Private',
        definition: { period: 'all', items: [] },
      }),
    onSuccess: (d) => {
      void queryClient.invalidateQueries({ queryKey: ['dashboards'] });
      void navigate({ to: '/dashboards/$dashboardId', params: { dashboardId: d._id } });
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Not created', message: errorText(error) }),
  });
  return (
    <Stack gap="sm">
      <Title order={1} size="h3">
        Dashboards
      </Title>
      <Paper withBorder p="sm" component="section" aria-label="New dashboard">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (title.trim()) create.mutate();
          }}
        >
          <Group gap="xs" align="flex-end">
            <TextInput
              label="Dashboard title"
              value={title}
              onChange={(e) => setTitle(e.currentTarget.value)}
            />
            <Checkbox
              label="Shared with the organisation"
              checked={shared}
              onChange={(e) => setShared(e.currentTarget.checked)}
              mb={8}
            />
            <Button type="submit" loading={create.isPending}>
              Create dashboard
            </Button>
          </Group>
        </form>
      </Paper>
      <ErrorText error={list.error} />
      <Table striped withTableBorder fz="sm" data-testid="dashboard-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Title</Table.Th>
            <Table.Th>Owner</Table.Th>
            <Table.Th>Visibility</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.data?.map((d) => (
            <Table.Tr key={d._id}>
              <Table.Td>
                <Anchor
                  renderRoot={(props) => (
                    <Link to="/dashboards/$dashboardId" params={{ dashboardId: d._id }} {...props} />
                  )}
                >
                  {d.title}
                </Anchor>
              </Table.Td>
              <Table.Td>{d.owner}</Table.Td>
              <Table.Td>
                <Badge variant="outline">{d.status}</Badge>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
