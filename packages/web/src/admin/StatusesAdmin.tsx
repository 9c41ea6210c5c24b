/**
 * The organisation's case and alert statuses (manageConfig): TheHive's built-in ones, then its own,
 * each with a stage and a colour; own ones can be hidden from pickers or deleted.
 */
import { Badge, ColorSwatch, Group, NativeSelect, SegmentedControl, Stack, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { type StatusInput, type StatusKind, statuses } from '../api/statuses';
import { RowAction } from '../common/RowAction';
import { CreateForm } from './CreateForm';
import { Section } from './Section';
import { useAdminChange, useCreate } from './useCreate';

const STAGES = ['New', 'InProgress', 'Closed'];

export function StatusesAdmin() {
  const [kind, setKind] = useState<StatusKind>('caseStatus');
  const key = `statuses-${kind}`;
  const list = useQuery({ queryKey: ['admin', key], queryFn: () => statuses.list(kind) });
  const [value, setValue] = useState('');
  const [stage, setStage] = useState('InProgress');
  const [colour, setColour] = useState('#2f9e44');
  const create = useCreate(key, (b: StatusInput) => statuses.create(kind, b), 'Status');
  const hide = useAdminChange(
    key,
    (s: { id: string; hidden: boolean }) => statuses.update(kind, s.id, { hidden: s.hidden }),
    'Status saved',
  );
  const remove = useAdminChange(key, (id: string) => statuses.remove(kind, id), 'Status deleted');
  return (
    <Stack gap="sm">
      <SegmentedControl
        w="fit-content"
        aria-label="Statuses of"
        value={kind}
        onChange={(v) => setKind(v as StatusKind)}
        data={[
          { value: 'caseStatus', label: 'Case statuses' },
          { value: 'alertStatus', label: 'Alert statuses' },
        ]}
      />
      <Section
        title="Statuses"
        error={list.error}
        head={['Status', 'Stage', 'Colour', 'Visibility', 'Actions']}
        rows={list.data?.map((s) => [
          <Group key="v" gap={4}>
            {s.value} {s.builtin && <Badge size="xs">built-in</Badge>}
          </Group>,
          s.stage,
          <ColorSwatch key="c" color={s.colour} size={16} role="img" aria-label={`colour ${s.colour}`} />,
          s.hidden ? 'hidden' : 'shown',
          s.builtin ? null : (
            <Group key="a" gap={4}>
              <RowAction
                action={s.hidden ? 'Show' : 'Hide'}
                of={s.value}
                onClick={() => hide.mutate({ id: s._id, hidden: !s.hidden })}
              />
              <RowAction action="Delete" of={s.value} onClick={() => remove.mutate(s._id)} />
            </Group>
          ),
        ])}
        form={
          <CreateForm
            mutation={create}
            label="Create status"
            onSubmit={() =>
              create.mutate({ value: value.trim(), stage, colour }, { onSuccess: () => setValue('') })
            }
          >
            <TextInput
              label="Status name"
              required
              value={value}
              onChange={(e) => setValue(e.currentTarget.value)}
            />
            <NativeSelect
              label="Stage"
              data={STAGES}
              value={stage}
              onChange={(e) => setStage(e.currentTarget.value)}
            />
            <TextInput
              label="Colour"
              type="color"
              value={colour}
              onChange={(e) => setColour(e.currentTarget.value)}
              w={80}
            />
          </CreateForm>
        }
      />
    </Stack>
  );
}
