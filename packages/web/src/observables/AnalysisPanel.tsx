/**
 * Analysis of an observable (TheHive's Cortex connector, served by the analysis engine): the jobs run
 * on it with their status, each report's summary taxonomies as badges and its full report as text on
 * demand (never as HTML; long reports are cut), and "Run analyzer" with the analyzers that accept the
 * observable's type. Jobs still running are read again every second until they end.
 */
import { Badge, Button, Code, Group, Paper, Select, Stack, Table, Text, Title } from '@mantine/core';
import type { AnalysisJob } from '@propolis/client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, client, errorText } from '../api/http';
import { hasPermission, useMe } from '../auth/session';
import { formatDate } from '../common/dates';
import { useTimeZone } from '../common/prefs';
import { fullReportText, type Taxonomy, taxonomiesOf } from './report';

// filled and dark enough for white text to stay readable (contrast checked by axe in the browser test)
const LEVEL_COLOR: Record<string, string> = {
  info: 'blue.9',
  safe: 'teal.9',
  suspicious: '#b34700',
  malicious: 'red.9',
};
const RUNNING = new Set(['Waiting', 'InProgress']);

const notEnabled = (error: unknown) => error instanceof ApiError && error.status === 404;

export function TaxonomyBadge({ t }: { t: Taxonomy }) {
  return (
    <Badge size="sm" variant="filled" color={LEVEL_COLOR[t.level] ?? 'gray.8'} tt="none">
      {t.namespace}:{t.predicate}={String(t.value)}
    </Badge>
  );
}

export function AnalysisPanel({ observableId, dataType }: { observableId: string; dataType: string }) {
  const me = useMe().data;
  const canRun = me ? hasPermission(me, 'manageAnalyse') : false;
  const queryClient = useQueryClient();
  const key = ['observable', observableId, 'jobs'];
  const jobs = useQuery({
    queryKey: key,
    queryFn: () =>
      client.analysis.findJobs({ _parent: { _type: 'case_artifact', _query: { _id: observableId } } }),
    refetchInterval: (q) => (q.state.data?.some((j) => RUNNING.has(j.status)) ? 1000 : false),
    retry: (n, error) => !notEnabled(error) && n < 2,
  });
  const analyzers = useQuery({
    queryKey: ['analyzers', dataType],
    queryFn: () => client.analysis.analyzersFor(dataType),
    enabled: canRun,
    retry: (n, error) => !notEnabled(error) && n < 2,
  });
  const [chosen, setChosen] = useState<string | null>(null);
  const run = useMutation({
    mutationFn: (analyzerId: string) => client.analysis.runAnalyzer({ analyzerId, artifactId: observableId }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: key }),
  });

  if (notEnabled(jobs.error))
    return (
      <Paper withBorder p="sm" component="section" aria-label="Analysis">
        <Title order={2} size="h5">
          Analysis
        </Title>
        <Text size="sm" c="dimmed">
          The analysis engine is not enabled on this server (docs/analysis.md).
        </Text>
      </Paper>
    );
  const options = (analyzers.data ?? []).map((a) => ({ value: String(a.id ?? a.name), label: a.name }));
  return (
    <Paper withBorder p="sm" component="section" aria-label="Analysis">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={2} size="h5">
            Analysis
          </Title>
          {canRun && (
            <Group gap="xs" align="flex-end">
              <Select
                size="xs"
                w={260}
                aria-label="Analyzer"
                placeholder={options.length ? 'Choose an analyzer' : 'No analyzer enabled for this type'}
                data={options}
                value={chosen}
                onChange={setChosen}
                disabled={options.length === 0}
              />
              <Button
                size="compact-sm"
                disabled={!chosen}
                loading={run.isPending}
                onClick={() => chosen && run.mutate(chosen)}
              >
                Run analyzer
              </Button>
            </Group>
          )}
        </Group>
        {analyzers.error && !notEnabled(analyzers.error) && (
          <Text size="sm" c="red">
            {errorText(analyzers.error)}
          </Text>
        )}
        {run.error && (
          <Text size="sm" c="red" role="alert">
            Not run: {errorText(run.error)}
          </Text>
        )}
        {jobs.error && (
          <Text size="sm" c="red">
            {errorText(jobs.error)}
          </Text>
        )}
        {jobs.data?.length === 0 && (
          <Text size="sm" c="dimmed">
            No analysis yet.
          </Text>
        )}
        <Stack gap="xs" data-testid="analysis-jobs">
          {jobs.data?.map((j) => (
            <JobItem key={j._id} job={j} />
          ))}
        </Stack>
      </Stack>
    </Paper>
  );
}

function JobItem({ job }: { job: AnalysisJob }) {
  const tz = useTimeZone();
  const [open, setOpen] = useState(false);
  const report = job.report as Record<string, unknown> | undefined;
  const taxonomies = taxonomiesOf(report);
  const name = String(job.analyzerName ?? job.analyzerId ?? 'analyzer');
  return (
    <Paper withBorder p="xs" component="article" aria-label={`Job ${name}`}>
      <Table fz="sm" withRowBorders={false}>
        <Table.Tbody>
          <Table.Tr>
            <Table.Td fw={600}>{name}</Table.Td>
            <Table.Td>
              <Badge
                size="sm"
                variant="filled"
                color={job.status === 'Success' ? 'teal.9' : job.status === 'Failure' ? 'red.9' : 'gray.8'}
                data-testid="job-status"
              >
                {job.status}
              </Badge>
            </Table.Td>
            <Table.Td>{formatDate(Number(job.endDate ?? job.startDate ?? job._createdAt), tz)}</Table.Td>
            <Table.Td>
              {job.status === 'Success' && (
                <Button size="compact-xs" variant="default" onClick={() => setOpen((o) => !o)}>
                  {open ? 'Hide full report' : 'Full report'}
                </Button>
              )}
            </Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
      {taxonomies.length > 0 && (
        <Group gap={4} data-testid="job-taxonomies">
          {taxonomies.map((t) => (
            <TaxonomyBadge key={`${t.namespace}:${t.predicate}:${String(t.value)}`} t={t} />
          ))}
        </Group>
      )}
      {job.status === 'Failure' && (
        <Text size="sm" c="red">
          {String(report?.errorMessage ?? 'The analyzer failed.')}
        </Text>
      )}
      {open && <FullReport report={report?.full} />}
    </Paper>
  );
}

function FullReport({ report }: { report: unknown }) {
  const { text, cut, total } = fullReportText(report);
  return (
    <Stack gap={4} mt="xs">
      <Code
        block
        mah={400}
        style={{ overflow: 'auto', whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
        data-testid="full-report"
      >
        {text}
      </Code>
      {cut && (
        <Text size="xs" c="dimmed">
          Report cut: the first {text.length.toLocaleString('en')} of {total.toLocaleString('en')} characters
          are shown.
        </Text>
      )}
    </Stack>
  );
}
