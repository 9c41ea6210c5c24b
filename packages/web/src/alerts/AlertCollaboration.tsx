/**
 * An alert's techniques (ATT&CK procedures) and comments in its preview, as on a case: add a
 * technique from the imported catalog or remove one; comment in markdown, edit or delete one's own.
 * Both come along when the alert is imported or merged into a case.
 */
import { Button, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { client } from '../api/http';
import { CommentItem } from '../cases/CommentItem';
import { ProcedureForm } from '../cases/ProcedureForm';
import { useCaseMutation } from '../cases/useCaseMutation';
import { formatDate } from '../common/dates';
import { ErrorText } from '../common/ErrorText';
import { MessageForm } from '../common/MessageForm';
import { useTimeZone } from '../common/prefs';
import { RowAction } from '../common/RowAction';
import { PreviewList } from './PreviewList';

export function AlertTtps({ alertId }: { alertId: string }) {
  const tz = useTimeZone();
  const key = ['alert', alertId, 'procedures'];
  const list = useQuery({
    queryKey: key,
    queryFn: () => client.procedure.ofAlert(alertId, { sort: ['occurDate', 'asc'] }),
  });
  const remove = useCaseMutation((id: string) => client.procedure.delete(id), 'Technique removed', [
    'alert',
    alertId,
  ]);
  const [adding, setAdding] = useState(false);
  return (
    <Stack gap={6} component="section" aria-label="Alert techniques" data-own-keys>
      <PreviewList title="TTPs" read={list} none="No technique recorded.">
        {(rows) => (
          <Table withTableBorder fz="sm" data-testid="alert-ttps">
            <Table.Tbody>
              {rows.map((p) => (
                <Table.Tr key={p._id}>
                  <Table.Td w={90}>{p.patternId}</Table.Td>
                  <Table.Td>
                    {p.patternName}
                    {p.tactic ? ` (${p.tacticLabel ?? p.tactic})` : ''}
                  </Table.Td>
                  <Table.Td>{formatDate(p.occurDate, tz)}</Table.Td>
                  <Table.Td w={80}>
                    <RowAction action="Remove" of={p.patternId} onClick={() => remove.mutate(p._id)} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </PreviewList>
      {adding ? (
        <ProcedureForm alertId={alertId} />
      ) : (
        <Button size="compact-xs" variant="subtle" w="fit-content" onClick={() => setAdding(true)}>
          Add a technique…
        </Button>
      )}
    </Stack>
  );
}

export function AlertComments({ alertId }: { alertId: string }) {
  const key = ['alert', alertId, 'comments'];
  const list = useQuery({
    queryKey: key,
    queryFn: () => client.comment.ofAlert(alertId, { sort: ['_createdAt', 'asc'] }),
  });
  const add = useCaseMutation((m: string) => client.comment.addToAlert(alertId, m), 'Comment added', [
    'alert',
    alertId,
  ]);
  return (
    <Stack gap={6} component="section" aria-label="Alert comments" data-own-keys>
      <Title order={3} size="h6">
        Comments
      </Title>
      <ErrorText error={list.error} />
      <Stack gap="xs" data-testid="alert-comments">
        {list.data?.map((c) => (
          <CommentItem key={c._id} comment={c} queryKey={['alert', alertId]} />
        ))}
        {list.data?.length === 0 && (
          <Text c="dimmed" size="sm">
            No comment yet.
          </Text>
        )}
      </Stack>
      <MessageForm
        label="New comment on the alert (markdown)"
        action="Add comment"
        send={add}
        size="compact-sm"
      />
    </Stack>
  );
}
