/**
 * A list of things to keep, all ticked at first: a line per item, *All* / *None*, and how many are
 * chosen (the header stays in view while the lines scroll). It holds the set of items left out (`dropped`), so that a new item starts chosen.
 */
import { Button, Checkbox, Group, Stack, Text } from '@mantine/core';

export interface Choice {
  key: string;
  label: string;
  description?: string;
}

export function ChoiceList(props: {
  items: Choice[];
  dropped: ReadonlySet<string>;
  onChange(dropped: ReadonlySet<string>): void;
  testId: string;
  labelledBy?: string;
}) {
  const { items, dropped } = props;
  const toggle = (key: string, on: boolean) => {
    const next = new Set(dropped);
    if (on) next.delete(key);
    else next.add(key);
    props.onChange(next);
  };
  return (
    <Stack
      gap={4}
      data-testid={props.testId}
      role={props.labelledBy ? 'group' : undefined}
      aria-labelledby={props.labelledBy}
    >
      <Group gap="xs">
        <Button size="compact-xs" variant="subtle" onClick={() => props.onChange(new Set())}>
          All
        </Button>
        <Button
          size="compact-xs"
          variant="subtle"
          onClick={() => props.onChange(new Set(items.map((i) => i.key)))}
        >
          None
        </Button>
        <Text size="xs" c="dimmed">
          {items.filter((i) => !dropped.has(i.key)).length} of {items.length} chosen
        </Text>
      </Group>
      {/* the lines scroll under the header, which stays in view */}
      <Stack gap={4} mah={300} style={{ overflow: 'auto' }}>
        {items.map((i) => (
          <Checkbox
            key={i.key}
            checked={!dropped.has(i.key)}
            onChange={(e) => toggle(i.key, e.currentTarget.checked)}
            label={i.label}
            description={i.description}
            styles={{ label: { overflowWrap: 'anywhere' } }}
          />
        ))}
      </Stack>
    </Stack>
  );
}
