/**
 * The alert's similar cases (cases sharing observables with it) in the preview, each with "Merge into
 * #N…": a dialog lists the alert's observables, all chosen at first, and merges the alert into that
 * case bringing only the chosen ones (`client.alert.mergeIntoCase(..., {observables})`).
 */
import { Badge, Button, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Alert } from '../api/calls';
import { client, errorText } from '../api/http';
import { type SimilarCase, similar } from '../api/similar';
import { CaseLink } from '../common/CaseLink';
import { ChoiceList } from '../common/ChoiceList';
import { ErrorText } from '../common/ErrorText';
import { useAlertObservables } from './AlertPreview';
import { PreviewList } from './PreviewList';

export function useSimilarCases(alertId: string) {
  return useQuery({
    queryKey: ['alert', alertId, 'similarCases'],
    queryFn: () => similar.casesLikeAlert(alertId),
  });
}

export function SimilarCases(props: {
  alert: Alert;
  onMerged?(): void;
  /** The user may merge alerts into cases (else no merge button). */
  canMerge?: boolean;
}) {
  const similar = useSimilarCases(props.alert._id);
  const [target, setTarget] = useState<SimilarCase['case'] | undefined>();
  return (
    <>
      <PreviewList title="Similar cases" read={similar} none="No similar case.">
        {(rows) => (
          <Table withTableBorder fz="sm" data-testid="similar-cases">
            <Table.Tbody>
              {rows.map((s) => (
                <Table.Tr key={s.case._id}>
                  <Table.Td>
                    <CaseLink caseId={s.case._id}>#{s.case.number}</CaseLink> {s.case.title}{' '}
                    <Badge size="xs" variant="outline">
                      {s.case.status}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" c="dimmed">
                      {s.similarObservableCount}/{s.observableCount} observables
                      {s.similarIocCount ? `, ${s.similarIocCount} IOC` : ''} in common
                    </Text>
                  </Table.Td>
                  {props.canMerge !== false && (
                    <Table.Td>
                      <Button
                        size="compact-xs"
                        variant="default"
                        disabled={Boolean(props.alert.caseId)}
                        onClick={() => setTarget(s.case)}
                      >
                        Merge into #{s.case.number}…
                      </Button>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </PreviewList>
      {target && (
        <MergeObservablesDialog
          alert={props.alert}
          target={target}
          onClose={() => setTarget(undefined)}
          onMerged={() => {
            setTarget(undefined);
            props.onMerged?.();
          }}
        />
      )}
    </>
  );
}

/** Chooses which of the alert's observables come along, then merges. */
export function MergeObservablesDialog(props: {
  alert: Alert;
  target: { _id: string; number: number; title: string };
  onClose(): void;
  onMerged(): void;
}) {
  const observables = useAlertObservables(props.alert._id);
  const [dropped, setDropped] = useState<ReadonlySet<string>>(new Set());
  const queryClient = useQueryClient();
  const all = observables.data ?? [];
  const chosen = all.filter((o) => !dropped.has(o._id)).map((o) => o._id);
  const merge = useMutation({
    mutationFn: () => client.alert.mergeIntoCase(props.alert._id, props.target._id, { observables: chosen }),
    onSuccess: () => {
      notifications.show({
        color: 'green',
        message: `Merged into case #${props.target.number} with ${chosen.length} observable(s)`,
      });
      void queryClient.invalidateQueries({ queryKey: ['alerts'] });
      void queryClient.invalidateQueries({ queryKey: ['alert', props.alert._id] });
      props.onMerged();
    },
  });

  return (
    <Modal
      opened
      onClose={props.onClose}
      title={`Merge into case #${props.target.number}`}
      size="lg"
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <Stack>
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
          “{props.alert.title}” joins “{props.target.title}”: its description and tags are added, with the
          observables chosen below.
        </Text>
        {observables.error && <ErrorText error={observables.error} />}
        {all.length > 0 && (
          <ChoiceList
            items={all.map((o) => ({
              key: o._id,
              label: `${o.dataType}: ${o.data ?? o.attachment?.name ?? ''}${o.ioc ? ' (IOC)' : ''}`,
            }))}
            dropped={dropped}
            onChange={setDropped}
            testId="merge-observables"
          />
        )}
        {observables.data?.length === 0 && (
          <Text size="sm" c="dimmed">
            The alert has no observable.
          </Text>
        )}
        {merge.error && (
          <Text size="sm" c="red" role="alert">
            {errorText(merge.error)}
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            Cancel
          </Button>
          <Button loading={merge.isPending} disabled={observables.isPending} onClick={() => merge.mutate()}>
            Merge
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
