/** The triage dialogs: set a status (with a summary), the keyboard sheet (merging: MergeDialog.tsx). */
import { Button, Group, Modal, Radio, Stack, Table, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { KEY_HELP, keyHelp } from './keyboard';

export const TRIAGE_STATUSES = [
  'New',
  'InProgress',
  'TruePositive',
  'FalsePositive',
  'Duplicated',
  'Ignored',
  'Other',
];

export function StatusDialog(props: {
  opened: boolean;
  count: number;
  onClose(): void;
  onApply(status: string, summary: string | undefined): void;
}) {
  const [status, setStatus] = useState('FalsePositive');
  const [summary, setSummary] = useState('');
  return (
    <Modal
      closeButtonProps={{ 'aria-label': 'Close' }}
      opened={props.opened}
      onClose={props.onClose}
      title={`Set the status of ${props.count} alert(s)`}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          props.onApply(status, summary.trim() || undefined);
        }}
      >
        <Stack>
          <Radio.Group value={status} onChange={setStatus} label="Status" name="status">
            <Stack gap={4} mt={4}>
              {TRIAGE_STATUSES.map((s, i) => (
                <Radio
                  key={s}
                  value={s}
                  label={`${i + 1}. ${s}`}
                  data-autofocus={s === status ? true : undefined}
                />
              ))}
            </Stack>
          </Radio.Group>
          <Textarea
            label="Summary (optional)"
            value={summary}
            onChange={(e) => setSummary(e.currentTarget.value)}
            autosize
            minRows={2}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              Cancel
            </Button>
            <Button type="submit">Apply</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** The keyboard sheet: the keys the user's permissions (`granted`) let them use. */
export function HelpDialog({
  opened,
  onClose,
  granted,
}: {
  opened: boolean;
  onClose(): void;
  granted: readonly string[];
}) {
  const lines = keyHelp(granted);
  return (
    <Modal closeButtonProps={{ 'aria-label': 'Close' }} opened={opened} onClose={onClose} title="Keyboard">
      <Table fz="sm">
        <Table.Tbody>
          {lines.map(([key, what]) => (
            <Table.Tr key={key}>
              <Table.Td>
                <kbd>{key}</kbd>
              </Table.Td>
              <Table.Td>{what}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {lines.length < KEY_HELP.length && (
        <Text size="sm" c="dimmed" mt="xs" data-testid="keys-hidden">
          Keys for what your profile does not allow are not listed.
        </Text>
      )}
    </Modal>
  );
}
