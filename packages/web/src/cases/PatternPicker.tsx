/** The imported ATT&CK techniques matching what was typed, as a list of buttons. */
import { Group, Stack, Text, UnstyledButton } from '@mantine/core';
import type { Pattern } from '../api/procedures';

export function PatternPicker({ patterns, onChoose }: { patterns: Pattern[]; onChoose(p: Pattern): void }) {
  if (patterns.length === 0) return null;
  return (
    <Stack gap={2} role="group" aria-label="Matching techniques" mah={240} style={{ overflowY: 'auto' }}>
      {patterns.map((p) => (
        <UnstyledButton key={p._id} className="list-item" p={4} onClick={() => onChoose(p)}>
          <Group gap="xs" wrap="nowrap">
            <Text size="sm" fw={600} w={90}>
              {p.patternId}
            </Text>
            <Text size="sm">{p.name}</Text>
            <Text size="xs" c="dimmed">
              {p.tactics.join(', ')}
            </Text>
          </Group>
        </UnstyledButton>
      ))}
    </Stack>
  );
}
