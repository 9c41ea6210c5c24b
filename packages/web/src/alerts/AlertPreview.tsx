/**
 * The preview pane beside the list: the alert's facts, description (sanitised markdown), observables,
 * custom fields, similar cases (merge choosing the observables), similar alerts (links to their
 * previews), TTPs and comments, and the triage actions. It follows the active row, so j/k browse previews.
 */
import { Badge, Button, CloseButton, Group, ScrollArea, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type Alert, api } from '../api/calls';
import { CaseLink } from '../common/CaseLink';
import { ColumnHeads } from '../common/ColumnHeads';
import { formatDate } from '../common/dates';
import { Markdown } from '../common/Markdown';
import { useTimeZone } from '../common/prefs';
import { AlertComments, AlertTtps } from './AlertCollaboration';
import { severityBadge } from './columns';
import { PreviewList } from './PreviewList';
import { SimilarAlerts } from './SimilarAlerts';
import { SimilarCases } from './SimilarCases';

export function useAlertObservables(id: string | undefined) {
  return useQuery({
    queryKey: ['alert-observables', id],
    queryFn: () => api.alert.observables(id!),
    enabled: Boolean(id),
  });
}

export type PreviewAction =
  | 'createCase'
  | 'mergeIntoCase'
  | 'ignore'
  | 'status'
  | 'assignToMe'
  | 'toggleRead';

export function AlertPreview(props: {
  alert: Alert;
  onClose(): void;
  onAction(action: PreviewAction): void;
  /** Whether the user's permissions allow an action: the buttons of those they do not are left out. */
  allowed(action: PreviewAction): boolean;
  /** After a merge from the similar cases: back to the queue. */
  onMerged?(): void;
}) {
  const { alert } = props;
  const tz = useTimeZone();
  const observables = useAlertObservables(alert._id);
  return (
    <Stack gap="xs" h="100%" component="section" aria-label="Alert preview">
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Title order={2} size="h4" style={{ overflowWrap: 'anywhere' }}>
          {alert.title}
        </Title>
        <CloseButton aria-label="Close the preview" onClick={props.onClose} />
      </Group>
      <Group gap={6}>
        {severityBadge(alert.severity, alert.severityLabel)}
        <Badge variant="outline" size="sm">
          {alert.status}
        </Badge>
        <Badge variant="default" size="sm">
          TLP:{alert.tlpLabel}
        </Badge>
        <Badge variant="default" size="sm">
          PAP:{alert.papLabel}
        </Badge>
        {!alert.read && (
          <Badge color="blue" size="sm">
            unread
          </Badge>
        )}
      </Group>
      <Text size="sm">
        {alert.type} · {alert.source} · <code>{alert.sourceRef}</code> · {formatDate(alert.date, tz)}
        {alert.assignee ? ` · assigned to ${alert.assignee}` : ' · unassigned'}
      </Text>
      {alert.caseId && (
        <Text size="sm">
          In case <CaseLink caseId={alert.caseId}>{alert.caseId}</CaseLink>
        </Text>
      )}
      <Group gap={6} data-testid="preview-actions">
        {props.allowed('createCase') && (
          <Button
            size="compact-sm"
            onClick={() => props.onAction('createCase')}
            disabled={Boolean(alert.caseId)}
          >
            Create case (c)
          </Button>
        )}
        {props.allowed('mergeIntoCase') && (
          <Button
            size="compact-sm"
            variant="default"
            onClick={() => props.onAction('mergeIntoCase')}
            disabled={Boolean(alert.caseId)}
          >
            Merge (m)
          </Button>
        )}
        {props.allowed('status') && (
          <Button size="compact-sm" variant="default" onClick={() => props.onAction('status')}>
            Status (s)
          </Button>
        )}
        {props.allowed('assignToMe') && (
          <Button size="compact-sm" variant="default" onClick={() => props.onAction('assignToMe')}>
            Assign to me (a)
          </Button>
        )}
        {props.allowed('toggleRead') && (
          <Button size="compact-sm" variant="default" onClick={() => props.onAction('toggleRead')}>
            {alert.read ? 'Mark unread (r)' : 'Mark read (r)'}
          </Button>
        )}
        {props.allowed('ignore') && (
          <Button size="compact-sm" variant="default" color="gray" onClick={() => props.onAction('ignore')}>
            Ignore (i)
          </Button>
        )}
      </Group>
      <ScrollArea style={{ flex: 1 }} type="auto">
        <Stack gap="sm">
          {alert.description ? (
            <Markdown text={alert.description} />
          ) : (
            <Text c="dimmed">No description.</Text>
          )}
          <PreviewList title="Observables" read={observables} none="None.">
            {(rows) => (
              <Table striped withTableBorder fz="sm">
                <ColumnHeads names={['Type', 'Data', 'IOC']} />
                <Table.Tbody>
                  {rows.map((o) => (
                    <Table.Tr key={o._id}>
                      <Table.Td>{o.dataType}</Table.Td>
                      <Table.Td style={{ overflowWrap: 'anywhere' }}>{o.data ?? o.attachment?.name}</Table.Td>
                      <Table.Td>{o.ioc ? 'yes' : ''}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </PreviewList>
          {alert.customFields.length > 0 && (
            <>
              <Title order={3} size="h6">
                Custom fields
              </Title>
              <Table withTableBorder fz="sm">
                <Table.Tbody>
                  {alert.customFields.map((c) => (
                    <Table.Tr key={c.name}>
                      <Table.Th>{c.displayName || c.name}</Table.Th>
                      <Table.Td>{c.value === null || c.value === undefined ? '' : String(c.value)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </>
          )}
          <SimilarCases alert={alert} onMerged={props.onMerged} canMerge={props.allowed('mergeIntoCase')} />
          <SimilarAlerts alert={alert} />
          <AlertTtps alertId={alert._id} />
          <AlertComments alertId={alert._id} />
        </Stack>
      </ScrollArea>
    </Stack>
  );
}
