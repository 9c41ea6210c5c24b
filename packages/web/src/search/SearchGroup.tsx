/** One group of search results: its title with the count, the results, or why there are none. */
import { Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { ErrorText } from '../common/ErrorText';

interface Props {
  title: string;
  answer?: { rows: unknown[]; total?: number };
  error: unknown;
  children: ReactNode;
}

export function SearchGroup({ title, answer, error, children }: Props) {
  const count = answer?.total ?? answer?.rows.length;
  return (
    <Paper withBorder p="sm" component="section" aria-label={`${title} found`}>
      <Title order={2} size="h5" mb="xs">
        {title} {count !== undefined && `(${count})`}
      </Title>
      <ErrorText error={error} />
      <Stack gap={4}>{children}</Stack>
      {answer?.rows.length === 0 && <Text c="dimmed">None.</Text>}
    </Paper>
  );
}
