/**
 * The outcome of an action on many objects: one line per failure, or, for actions whose outcome
 * differs per object (a merge bringing chosen observables), one line per object.
 */
import { Alert, List, Modal, Progress, Text } from '@mantine/core';
import { useRef } from 'react';
import type { ItemResult } from './bulk';

/** From this many objects on, a running action shows its progress. */
export const BIG = 20;

export interface BulkState {
  label: string;
  total: number;
  done: number;
  results?: ItemResult[];
  /** Shows every object's outcome once done, by name, with a note on those that succeeded. */
  perItem?: { names: Record<string, string>; notes?: Record<string, string> };
}

export function BulkResults({ state: current, onClose }: { state: BulkState | undefined; onClose(): void }) {
  // once closed (no state), the dialog fades out showing what it showed, its title included: an
  // emptied title left a dialog without a name on the page while it faded
  const last = useRef(current);
  if (current) last.current = current;
  const state = current ?? last.current;
  const failed = state?.results?.filter((r) => !r.ok) ?? [];
  const running = state && !state.results;
  // a progress bar only when the wait is noticeable; failures always
  return (
    <Modal
      closeButtonProps={{ 'aria-label': 'Close' }}
      opened={Boolean(
        current && ((running && current.total > BIG) || failed.length > 0 || (current.perItem && !running)),
      )}
      onClose={onClose}
      title={state?.label ?? ''}
      withCloseButton={!running}
      closeOnEscape={!running}
    >
      {!state ? null : running ? (
        <>
          <Text size="sm" mb="xs">
            {state.done} of {state.total}…
          </Text>
          <Progress value={(100 * state.done) / Math.max(1, state.total)} aria-label="Progress" />
        </>
      ) : state.perItem ? (
        <>
          <Alert color={failed.length ? 'yellow' : 'green'} mb="sm" role={failed.length ? 'alert' : 'status'}>
            {(state.results?.length ?? 0) - failed.length} done, {failed.length} failed.
          </Alert>
          <List size="sm" data-testid="bulk-results" spacing={4}>
            {state.results?.map((r) => (
              <List.Item key={r.id}>
                <Text span size="sm" fw={500}>
                  {r.ok ? '✓' : '✗'} {state.perItem?.names[r.id] ?? r.id}
                </Text>
                <Text span size="sm" c={r.ok ? 'dimmed' : 'red'}>
                  {' — '}
                  {r.ok ? (state.perItem?.notes?.[r.id] ?? 'done') : r.message}
                </Text>
              </List.Item>
            ))}
          </List>
        </>
      ) : (
        <>
          <Alert color="yellow" mb="sm" role="alert">
            {(state.results?.length ?? 0) - failed.length} done, {failed.length} failed.
          </Alert>
          <List size="sm" data-testid="bulk-failures">
            {failed.map((r) => (
              <List.Item key={r.id}>
                <code>{r.id}</code>: {r.message}
              </List.Item>
            ))}
          </List>
        </>
      )}
    </Modal>
  );
}
