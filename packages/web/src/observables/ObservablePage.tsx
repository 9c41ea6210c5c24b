/**
 * One observable: its value, type, tags and flags (IOC, sighted, with when), where it is (its case or
 * alert), the cases and alerts of the organisation holding the same value, and its analysis (jobs,
 * reports, run an analyzer).
 */
import { Badge, Checkbox, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { observable } from '../api/observable';
import { useCaseMutation } from '../cases/useCaseMutation';
import { formatDate } from '../common/dates';
import { ErrorText } from '../common/ErrorText';
import { Markdown } from '../common/Markdown';
import { useTimeZone } from '../common/prefs';
import { AnalysisPanel } from './AnalysisPanel';
import { RelatedList } from './RelatedList';

export function ObservablePage() {
  const { observableId } = useParams({ from: '/observables/$observableId' });
  const tz = useTimeZone();
  const o = useQuery({
    queryKey: ['case', 'observable', observableId],
    queryFn: () => observable.get(observableId),
  });
  const flag = useCaseMutation(
    (body: { sighted?: boolean; ioc?: boolean }) => observable.update(observableId, body),
    'Observable saved',
  );
  const where = useQuery({
    queryKey: ['case', 'observable', observableId, 'where'],
    queryFn: async () => ({
      cases: await observable.caseOf(observableId),
      alerts: await observable.alertOf(observableId),
    }),
  });
  const similar = useQuery({
    queryKey: ['case', 'observable', observableId, 'similar'],
    enabled: Boolean(o.data),
    queryFn: async () => ({
      cases: await observable.similarCases(observableId),
      alerts: o.data ? await observable.similarAlerts(o.data) : [],
    }),
  });
  // the box shows what was asked while the change is on its way (then the server's answer)
  const asked = flag.isPending ? flag.variables : undefined;
  if (o.error) return <ErrorText error={o.error} />;
  if (!o.data) return <Text c="dimmed">Loading…</Text>;
  const d = o.data;
  const sightedAt = (d as { sightedAt?: number }).sightedAt;
  return (
    <Stack gap="sm">
      <Group gap="sm">
        <Title order={1} size="h3" style={{ overflowWrap: 'anywhere' }}>
          {d.data ?? d.attachment?.name}
        </Title>
        <Badge variant="outline">{d.dataType}</Badge>
        {d.tags.map((t) => (
          <Badge key={t} variant="light">
            {t}
          </Badge>
        ))}
      </Group>
      <Group gap="lg">
        <Checkbox
          label="IOC"
          checked={asked?.ioc ?? d.ioc}
          onChange={(e) => flag.mutate({ ioc: e.currentTarget.checked })}
        />
        <Checkbox
          label="Sighted"
          checked={asked?.sighted ?? d.sighted}
          onChange={(e) => flag.mutate({ sighted: e.currentTarget.checked })}
        />
        <Text size="sm" data-testid="sighted-at">
          {d.sighted && sightedAt ? `Sighted ${formatDate(sightedAt, tz)}` : 'Not sighted'}
        </Text>
        <Text size="sm">Seen in {d.extraData?.seen?.seen ?? 0} other case(s)</Text>
      </Group>
      <Markdown text={d.message} />
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Paper withBorder p="sm" component="section" aria-label="Where it is">
          <Title order={2} size="h5" mb="xs">
            Where it is
          </Title>
          <RelatedList cases={where.data?.cases} alerts={where.data?.alerts} error={where.error} />
        </Paper>
        <Paper withBorder p="sm" component="section" aria-label="The same value elsewhere">
          <Title order={2} size="h5" mb="xs">
            The same value elsewhere
          </Title>
          <RelatedList cases={similar.data?.cases} alerts={similar.data?.alerts} error={similar.error} />
        </Paper>
      </SimpleGrid>
      <AnalysisPanel observableId={d._id} dataType={d.dataType} />
    </Stack>
  );
}
