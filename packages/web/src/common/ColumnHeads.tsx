/** A table's header row: one column heading a name. */
import { Table } from '@mantine/core';

export function ColumnHeads({ names }: { names: readonly string[] }) {
  return (
    <Table.Thead>
      <Table.Tr>
        {names.map((n) => (
          <Table.Th key={n}>{n}</Table.Th>
        ))}
      </Table.Tr>
    </Table.Thead>
  );
}
