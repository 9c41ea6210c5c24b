/**
 * Saved views of a list (kept on the server, `client.view`): pick one to apply its filters, sort and
 * columns; save the current list under a name, privately or shared with the organisation; rename,
 * share, unshare or delete the views one may change. Views others shared are listed read-only.
 */
import {
  ActionIcon,
  Badge,
  Button,
  Checkbox,
  Group,
  Menu,
  Modal,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { SavedViewOutput, SavedViewUpdateBody } from '@propolis/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { client, errorText } from '../api/http';
import type { ListView } from './saved-view-state';
import { ToolbarMenu } from './ToolbarMenu';

export type SavedView = SavedViewOutput;

export function SavedViews(props: {
  entity: 'alert' | 'case';
  current: ListView;
  onApply(view: ListView): void;
}) {
  const queryClient = useQueryClient();
  const key = ['views', props.entity];
  const views = useQuery({ queryKey: key, queryFn: () => client.view.list(props.entity) });
  const [dialog, setDialog] = useState<'save' | 'manage' | undefined>();
  const refresh = () => queryClient.invalidateQueries({ queryKey: key });
  const fail = (title: string) => (error: unknown) =>
    notifications.show({ color: 'red', title, message: errorText(error) });

  const save = useMutation({
    mutationFn: (input: { name: string; shared: boolean }) =>
      client.view.create({
        entity: props.entity,
        name: input.name,
        status: input.shared ? 'Shared' : 'Private',
        ...props.current,
      }),
    onSuccess: (view) => {
      setDialog(undefined);
      notifications.show({ message: `View “${view.name}” saved` });
      return refresh();
    },
  });

  return (
    <>
      <ToolbarMenu label="Views" height={420}>
        {views.isError && <Menu.Label c="red">{errorText(views.error)}</Menu.Label>}
        {views.data?.length === 0 && <Menu.Label>No saved view yet</Menu.Label>}
        {views.data?.map((v) => (
          <Menu.Item
            key={v._id}
            onClick={() => props.onApply({ filters: v.filters, sort: v.sort, columns: v.columns })}
            rightSection={
              v.status === 'Shared' ? (
                <Badge size="xs" variant="light">
                  shared
                </Badge>
              ) : undefined
            }
          >
            {v.name}
          </Menu.Item>
        ))}
        <Menu.Divider />
        <Menu.Item onClick={() => setDialog('save')}>Save current view…</Menu.Item>
        <Menu.Item onClick={() => setDialog('manage')}>Manage views…</Menu.Item>
      </ToolbarMenu>
      <SaveDialog
        opened={dialog === 'save'}
        onClose={() => setDialog(undefined)}
        busy={save.isPending}
        error={save.error ? errorText(save.error) : undefined}
        onSave={(name, shared) => save.mutate({ name, shared })}
      />
      <Modal
        opened={dialog === 'manage'}
        onClose={() => setDialog(undefined)}
        title="Saved views"
        size="lg"
        closeButtonProps={{ 'aria-label': 'Close' }}
      >
        {views.data?.length ? (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Owner</Table.Th>
                <Table.Th>Shared</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {views.data.map((v) => (
                <ViewRow
                  key={v._id}
                  view={v}
                  onChange={(fields) =>
                    client.view.update(v._id, fields).then(refresh, fail('View not changed'))
                  }
                  onDelete={() => client.view.delete(v._id).then(refresh, fail('View not deleted'))}
                />
              ))}
            </Table.Tbody>
          </Table>
        ) : (
          <Text size="sm">No saved view yet: set the list up, then “Save current view…”.</Text>
        )}
      </Modal>
    </>
  );
}

function SaveDialog(props: {
  opened: boolean;
  busy: boolean;
  error?: string;
  onClose(): void;
  onSave(name: string, shared: boolean): void;
}) {
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title="Save the current view"
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) props.onSave(name.trim(), shared);
        }}
      >
        <Stack>
          <TextInput
            label="Name"
            required
            data-autofocus
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={props.error}
          />
          <Checkbox
            label="Share with my organisation"
            checked={shared}
            onChange={(e) => setShared(e.currentTarget.checked)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={props.busy} disabled={!name.trim()}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function ViewRow(props: {
  view: SavedView;
  onChange(fields: SavedViewUpdateBody): Promise<unknown>;
  onDelete(): Promise<unknown>;
}) {
  const v = props.view;
  const [name, setName] = useState(v.name);
  if (!v.writable)
    return (
      <Table.Tr>
        <Table.Td>{v.name}</Table.Td>
        <Table.Td>{v.owner}</Table.Td>
        <Table.Td>{v.status === 'Shared' ? 'yes' : 'no'}</Table.Td>
        <Table.Td>
          <Text size="xs" c="dimmed">
            read-only
          </Text>
        </Table.Td>
      </Table.Tr>
    );
  return (
    <Table.Tr>
      <Table.Td>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim() && name.trim() !== v.name) void props.onChange({ name: name.trim() });
          }}
        >
          <TextInput
            size="xs"
            aria-label={`Name of view ${v.name}`}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            onBlur={() => {
              if (name.trim() && name.trim() !== v.name) void props.onChange({ name: name.trim() });
            }}
          />
        </form>
      </Table.Td>
      <Table.Td>{v.owner}</Table.Td>
      <Table.Td>
        <Checkbox
          aria-label={`Share view ${v.name} with the organisation`}
          checked={v.status === 'Shared'}
          onChange={(e) => void props.onChange({ status: e.currentTarget.checked ? 'Shared' : 'Private' })}
        />
      </Table.Td>
      <Table.Td>
        <ActionIcon
          variant="subtle"
          color="red"
          aria-label={`Delete view ${v.name}`}
          onClick={() => void props.onDelete()}
        >
          ✕
        </ActionIcon>
      </Table.Td>
    </Table.Tr>
  );
}
