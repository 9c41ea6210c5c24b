/**
 * The filter builder: quick views, free text, and condition groups (AND inside a group, OR between
 * groups). Everything it sets lives in the URL.
 */
import { ActionIcon, Button, Group, NativeSelect, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { Column } from './columns';
import type { Condition, FilterGroups, Operator } from './filters';

const OPERATORS: { value: Operator; label: string }[] = [
  { value: 'is', label: 'is' },
  { value: 'not', label: 'is not' },
  { value: 'in', label: 'is one of (a, b)' },
  { value: 'contains', label: 'contains' },
  { value: 'gte', label: '≥' },
  { value: 'lte', label: '≤' },
  { value: 'has', label: 'is set' },
  { value: 'missing', label: 'is not set' },
];

export function quickViews(login: string): { label: string; groups: FilterGroups }[] {
  const startOfDay = new Date();
  startOfDay.setUTCHours(0, 0, 0, 0);
  return [
    { label: 'All', groups: [] },
    {
      label: 'New & unassigned',
      groups: [
        [
          { field: 'stage', op: 'is', value: 'New' },
          { field: 'assignee', op: 'missing' },
        ],
      ],
    },
    { label: 'Mine', groups: [[{ field: 'assignee', op: 'is', value: login }]] },
    { label: 'Today', groups: [[{ field: 'date', op: 'gte', value: startOfDay.toISOString() }]] },
  ];
}

export function FilterBar(props: {
  login: string;
  columns: Column[];
  groups: FilterGroups;
  text: string | undefined;
  onChange(groups: FilterGroups, text: string | undefined): void;
  searchRef?: React.Ref<HTMLInputElement>;
}) {
  const { groups, onChange, columns } = props;
  const [text, setText] = useState(props.text ?? '');
  const [open, setOpen] = useState(groups.length > 0);
  useEffect(() => setText(props.text ?? ''), [props.text]);
  const fields = columns.map((c) => ({ value: c.id, label: c.label }));
  const views = quickViews(props.login);
  const current = JSON.stringify(groups);

  const setCondition = (g: number, i: number, patch: Partial<Condition>) =>
    onChange(
      groups.map((group, gi) =>
        gi !== g ? group : group.map((c, ci) => (ci === i ? { ...c, ...patch } : c)),
      ),
      props.text,
    );
  const removeCondition = (g: number, i: number) =>
    onChange(
      groups
        .map((group, gi) => (gi !== g ? group : group.filter((_, ci) => ci !== i)))
        .filter((gr) => gr.length > 0),
      props.text,
    );
  const blank: Condition = { field: 'status', op: 'is', value: '' };

  return (
    <Stack gap={6}>
      <Group gap="xs" wrap="wrap">
        {views.map((v) => (
          <Button
            key={v.label}
            size="compact-sm"
            variant={JSON.stringify(v.groups) === current ? 'filled' : 'default'}
            onClick={() => onChange(v.groups, props.text)}
          >
            {v.label}
          </Button>
        ))}
        <form
          onSubmit={(e) => {
            e.preventDefault();
            onChange(groups, text.trim() || undefined);
          }}
        >
          <TextInput
            ref={props.searchRef}
            size="xs"
            w={260}
            placeholder="Search title or reference ( / )"
            aria-label="Search alerts"
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') e.currentTarget.blur();
            }}
          />
        </form>
        <Button size="compact-sm" variant="subtle" onClick={() => setOpen((o) => !o)} aria-expanded={open}>
          Filters{groups.length ? ` (${groups.flat().length})` : ''}
        </Button>
      </Group>
      {open && (
        <Paper withBorder p="xs">
          <Stack gap={6}>
            {groups.map((group, g) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: groups have no identity but their place
              <Stack key={g} gap={4}>
                {g > 0 && (
                  <Text size="xs" fw={700} c="dimmed">
                    OR
                  </Text>
                )}
                {group.map((c, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: conditions have no identity but their place
                  <Group key={i} gap={4} wrap="nowrap">
                    <Text size="xs" w={30} c="dimmed">
                      {i === 0 ? 'where' : 'and'}
                    </Text>
                    <NativeSelect
                      size="xs"
                      aria-label="Field"
                      data={fields}
                      value={c.field}
                      onChange={(e) => setCondition(g, i, { field: e.currentTarget.value })}
                    />
                    <NativeSelect
                      size="xs"
                      aria-label="Operator"
                      data={OPERATORS}
                      value={c.op}
                      onChange={(e) => setCondition(g, i, { op: e.currentTarget.value as Operator })}
                    />
                    {c.op !== 'has' && c.op !== 'missing' && (
                      <TextInput
                        size="xs"
                        aria-label="Value"
                        defaultValue={Array.isArray(c.value) ? c.value.join(', ') : (c.value ?? '')}
                        onBlur={(e) => setCondition(g, i, { value: e.currentTarget.value })}
                        onKeyDown={(e) => {
                          if (e.key === 'Enter') setCondition(g, i, { value: e.currentTarget.value });
                        }}
                      />
                    )}
                    <ActionIcon
                      variant="subtle"
                      aria-label="Remove condition"
                      onClick={() => removeCondition(g, i)}
                    >
                      ×
                    </ActionIcon>
                  </Group>
                ))}
                <Button
                  size="compact-xs"
                  variant="subtle"
                  w="fit-content"
                  onClick={() =>
                    onChange(
                      groups.map((gr, gi) => (gi === g ? [...gr, blank] : gr)),
                      props.text,
                    )
                  }
                >
                  + and
                </Button>
              </Stack>
            ))}
            <Button
              size="compact-xs"
              variant="light"
              w="fit-content"
              onClick={() => onChange([...groups, [blank]], props.text)}
            >
              {groups.length ? '+ or' : '+ condition'}
            </Button>
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}
