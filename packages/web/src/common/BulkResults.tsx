/** The outcome of an action on many objects, one line per failure. */
import { Alert, List, Modal, Progress, Text } from '@mantine/core';
import type { ItemResult } from './bulk';

/** From this many objects on, a running action shows its progress. */
export const BIG = 20;

export interface BulkState {
  label: string;
  total: number;
  done: number;
  results?: ItemResult[];
}

export function BulkResults({ state, onClose }: { state: BulkState | undefined; onClose(): void }) {
  const failed = state?.results?.filter((r) => !r.ok) ?? [];
  const running = state && !state.results;
  // a progress bar only when the wait is noticeable; failures always
  return (
    <Modal
      closeButtonProps={{ 'aria-label': 'Close' }}
      opened={Boolean(state && ((running && state.total > BIG) || failed.length > 0))}
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
