/** The techniques (procedures) of a case, listed by tactic in kill-chain order; add one from the imported ATT&CK catalog. */
import { Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type Procedure, procedures } from '../api/procedures';
import { formatDate } from '../common/dates';
import { ErrorText } from '../common/ErrorText';
import { useTimeZone } from '../common/prefs';
import { RowAction } from '../common/RowAction';
import { ProcedureForm } from './ProcedureForm';
import { useCaseMutation } from './useCaseMutation';

/** ATT&CK's enterprise tactics in kill-chain order; others (ICS, mobile) follow by name. */
const ORDER = [
  'Reconnaissance',
  'Resource Development',
  'Initial Access',
  'Execution',
  'Persistence',
  'Privilege Escalation',
  'Defense Evasion',
  'Credential Access',
  'Discovery',
  'Lateral Movement',
  'Collection',
  'Command and Control',
  'Exfiltration',
  'Impact',
];
const rank = (t: string) => {
  const i = ORDER.indexOf(t);
  return i < 0 ? ORDER.length : i;
};

function byTactic(list: Procedure[]): [string, Procedure[]][] {
  const groups = new Map<string, Procedure[]>();
  for (const p of list) {
    const key = p.tacticLabel ?? p.tactic ?? 'No tactic';
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  return [...groups.entries()].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
}

export function TtpsTab({ caseId }: { caseId: string }) {
  const tz = useTimeZone();
  const list = useQuery({
    queryKey: ['case', caseId, 'procedures'],
    queryFn: () => procedures.ofCase(caseId),
  });
  const remove = useCaseMutation((id: string) => procedures.remove(id), 'Technique removed');
  return (
    <Stack gap="sm">
      <ProcedureForm caseId={caseId} />
      <ErrorText error={list.error} />
      {list.data?.length === 0 && <Text c="dimmed">No technique recorded yet.</Text>}
      <Stack gap="sm" data-testid="ttp-list">
        {byTactic(list.data ?? []).map(([tactic, items]) => (
          <Paper key={tactic} withBorder p="xs" component="section" aria-label={`Tactic ${tactic}`}>
            <Title order={2} size="h5" mb={4}>
              {tactic}
            </Title>
            <Table fz="sm">
              <Table.Tbody>
                {items.map((p) => (
                  <Table.Tr key={p._id}>
                    <Table.Td w={110}>{p.patternId}</Table.Td>
                    <Table.Td>{p.patternName}</Table.Td>
                    <Table.Td>{formatDate(p.occurDate, tz)}</Table.Td>
                    <Table.Td>{p.description}</Table.Td>
                    <Table.Td w={90}>
                      <RowAction action="Remove" of={p.patternId} onClick={() => remove.mutate(p._id)} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
        ))}
      </Stack>
    </Stack>
  );
}
