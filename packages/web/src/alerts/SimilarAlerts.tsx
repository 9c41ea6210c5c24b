/**
 * The alerts sharing observables with the previewed alert (not yet imported into a case), newest
 * first: each links to its own preview (the list's filters kept) and says how many observables (and
 * IOCs) it shares. Links, so Tab reaches them and Enter opens them.
 */
import { Anchor, Badge, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { Alert } from '../api/calls';
import { similar } from '../api/similar';
import { formatDate } from '../common/dates';
import { useTimeZone } from '../common/prefs';
import { PreviewList } from './PreviewList';

export function useSimilarAlerts(alertId: string) {
  return useQuery({
    queryKey: ['alert', alertId, 'similarAlerts'],
    queryFn: () => similar.alertsLikeAlert(alertId),
  });
}

/** "2/3 observables, 1 IOC in common": what the other holds of the alert's observables. */
export function sharedText(s: {
  similarObservableCount: number;
  observableCount: number;
  similarIocCount: number;
}) {
  return `${s.similarObservableCount}/${s.observableCount} observables${
    s.similarIocCount ? `, ${s.similarIocCount} IOC` : ''
  } in common`;
}

export function SimilarAlerts(props: { alert: Alert }) {
  const list = useSimilarAlerts(props.alert._id);
  const tz = useTimeZone();
  return (
    <PreviewList
      title={`Similar alerts${
        list.data && list.data.length > 0 ? ` (${list.data.length}${list.data.length >= 100 ? '+' : ''})` : ''
      }`}
      titleId="similar-alerts-title"
      read={list}
      none="No similar alert."
    >
      {(rows) => (
        <Table withTableBorder fz="sm" data-testid="similar-alerts" aria-labelledby="similar-alerts-title">
          <Table.Tbody>
            {rows.map((s) => (
              <Table.Tr key={s.alert._id}>
                <Table.Td style={{ overflowWrap: 'anywhere' }}>
                  <Anchor
                    renderRoot={(p) => (
                      <Link to="/alerts" search={(prev) => ({ ...prev, preview: s.alert._id })} {...p} />
                    )}
                  >
                    {s.alert.title}
                  </Anchor>{' '}
                  <Badge size="xs" variant="outline">
                    {s.alert.status}
                  </Badge>
                  <Text size="xs" c="dimmed">
                    {s.alert.source} · <code>{s.alert.sourceRef}</code> · {formatDate(s.alert.date, tz)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="xs" c="dimmed">
                    {sharedText(s)}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </PreviewList>
  );
}
