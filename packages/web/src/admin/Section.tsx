/** An admin screen: its title, a creation form, the list as a table (or "None yet."). */
import { Paper, Stack, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { ColumnHeads } from '../common/ColumnHeads';
import { ErrorText } from '../common/ErrorText';
import { PageTitle } from '../common/PageTitle';

export function Section(props: {
  title: string;
  form?: ReactNode;
  error?: unknown;
  head: string[];
  rows: ReactNode[][] | undefined;
}) {
  return (
    <Stack gap="sm">
      <PageTitle>{props.title}</PageTitle>
      {props.form && (
        <Paper withBorder p="sm" component="section" aria-label={`New ${props.title.toLowerCase()}`}>
          {props.form}
        </Paper>
      )}
      <ErrorText error={props.error} />
      <Table striped withTableBorder fz="sm">
        <ColumnHeads names={props.head} />
        <Table.Tbody>
          {props.rows?.map((cells, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are rebuilt from the list each time
            <Table.Tr key={i}>
              {cells.map((cell, j) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: cells have no identity but their column
                <Table.Td key={j}>{cell}</Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {props.rows?.length === 0 && <Text c="dimmed">None yet.</Text>}
    </Stack>
  );
}
