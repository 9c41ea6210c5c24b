/** Cases linked to this one or sharing observables with it, and the alerts merged into it. */
import { Badge, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { similar } from '../api/similar';
import { CaseLink } from '../common/CaseLink';
import { ErrorText } from '../common/ErrorText';

export function SimilarTab({ caseId }: { caseId: string }) {
  const cases = useQuery({
    queryKey: ['case', caseId, 'similarCases'],
    queryFn: () => similar.casesOf(caseId),
  });
  const alerts = useQuery({ queryKey: ['case', caseId, 'alerts'], queryFn: () => similar.alertsOf(caseId) });
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }}>
      <Paper withBorder p="sm" component="section" aria-label="Similar cases">
        <Title order={2} size="h5" mb="xs">
          Similar and linked cases
        </Title>
        <ErrorText error={cases.error} />
        <Stack gap={4} data-testid="similar-cases">
          {cases.data?.map((c) => (
            <Text size="sm" key={c._id}>
              <CaseLink caseId={String(c.number)}>
                #{c.number} {c.title}
              </CaseLink>{' '}
              {c.linkType && <Badge size="xs">{c.linkType}</Badge>}{' '}
              {c.linkedWith?.length ? (
                <Text span size="xs" c="dimmed">
                  shares{' '}
                  {c.linkedWith
                    .map((o) => o.data)
                    .filter(Boolean)
                    .join(', ')}
                </Text>
              ) : null}
            </Text>
          ))}
          {cases.data?.length === 0 && <Text c="dimmed">No similar case.</Text>}
        </Stack>
      </Paper>
      <Paper withBorder p="sm" component="section" aria-label="Alerts of the case">
        <Title order={2} size="h5" mb="xs">
          Alerts merged into this case
        </Title>
        <ErrorText error={alerts.error} />
        <Table fz="sm" data-testid="case-alerts">
          <Table.Tbody>
            {alerts.data?.map((a) => (
              <Table.Tr key={a._id}>
                <Table.Td>{a.title}</Table.Td>
                <Table.Td>{a.source}</Table.Td>
                <Table.Td>{a.sourceRef}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {alerts.data?.length === 0 && <Text c="dimmed">No alert.</Text>}
      </Paper>
    </SimpleGrid>
  );
}
