/**
 * `m`: merge the selected alerts (or the one in the preview) into an existing case, typed by number,
 * choosing which observables come along: the union of the alerts' observables, one line per type and
 * value, all chosen at first (merge-choice.ts).
 */
import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useQueries } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { api } from '../api/calls';
import { ChoiceList } from '../common/ChoiceList';
import { ErrorText } from '../common/ErrorText';
import { chosenPerAlert, type MergeObservable, unionOfObservables } from './merge-choice';

export interface MergeChoice {
  caseRef: string;
  /** Per alert, the ids of its observables to bring; undefined: all of them. */
  observables: Map<string, string[]> | undefined;
}

export function MergeDialog(props: {
  opened: boolean;
  alertIds: string[];
  onClose(): void;
  onApply(choice: MergeChoice): void;
}) {
  return (
    <Modal
      closeButtonProps={{ 'aria-label': 'Close' }}
      opened={props.opened}
      onClose={props.onClose}
      title={`Merge ${props.alertIds.length} alert(s) into a case`}
      size="lg"
    >
      {/* mounted when open: a new choice, all chosen, each time */}
      {props.opened && <MergeForm {...props} />}
    </Modal>
  );
}

function MergeForm(props: { alertIds: string[]; onClose(): void; onApply(choice: MergeChoice): void }) {
  const [caseRef, setCaseRef] = useState('');
  const [dropped, setDropped] = useState<ReadonlySet<string>>(new Set());
  const results = useQueries({
    queries: props.alertIds.map((id) => ({
      queryKey: ['alert-observables', id],
      queryFn: () => api.alert.observables(id),
    })),
  });
  const loaded = results.filter((r) => r.data).length;
  const error = results.find((r) => r.error)?.error;
  const stamp = results.map((r) => r.dataUpdatedAt).join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: recomputed when any alert's list changes (stamp)
  const perAlert = useMemo(() => {
    const map = new Map<string, MergeObservable[]>();
    props.alertIds.forEach((id, i) => {
      const data = results[i]?.data;
      if (data) map.set(id, data);
    });
    return map;
  }, [props.alertIds, stamp]);
  const lines = useMemo(() => unionOfObservables(perAlert), [perAlert]);
  const ready = loaded === props.alertIds.length;

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        const ref = caseRef.trim().replace(/^#/, '');
        if (!ref || !ready) return;
        props.onApply({ caseRef: ref, observables: chosenPerAlert(perAlert, dropped) });
      }}
    >
      <Stack>
        <TextInput
          label="Case number or id"
          placeholder="#42"
          value={caseRef}
          onChange={(e) => setCaseRef(e.currentTarget.value)}
          data-autofocus
          required
        />
        <Stack gap={4}>
          <Text size="sm" fw={500} id="merge-observables-label">
            Observables to bring into the case
          </Text>
          {error ? (
            <ErrorText error={error} />
          ) : !ready ? (
            <Text size="sm" c="dimmed">
              Reading the observables of {props.alertIds.length} alert(s)… {loaded} done
            </Text>
          ) : lines.length === 0 ? (
            <Text size="sm" c="dimmed">
              The alerts have no observable.
            </Text>
          ) : (
            <ChoiceList
              items={lines.map((l) => ({
                key: l.key,
                label: `${l.dataType}: ${l.value}${l.ioc ? ' (IOC)' : ''}`,
                description: props.alertIds.length > 1 ? `in ${l.alerts} of the alerts` : undefined,
              }))}
              dropped={dropped}
              onChange={setDropped}
              testId="bulk-merge-observables"
              labelledBy="merge-observables-label"
            />
          )}
        </Stack>
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            Cancel
          </Button>
          <Button type="submit" disabled={!ready}>
            Merge
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
