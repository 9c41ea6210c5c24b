/** The files of a case: upload (one or several), the list with size and hash, download, delete. */
import { Anchor, Button, FileInput, Group, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { attachments } from '../api/attachments';
import { ColumnHeads } from '../common/ColumnHeads';
import { formatDate } from '../common/dates';
import { ErrorText } from '../common/ErrorText';
import { useTimeZone } from '../common/prefs';
import { RowAction } from '../common/RowAction';
import { useCaseMutation } from './useCaseMutation';

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function AttachmentsTab({ caseId }: { caseId: string }) {
  const tz = useTimeZone();
  const list = useQuery({
    queryKey: ['case', caseId, 'attachments'],
    queryFn: () => attachments.ofCase(caseId),
  });
  const [files, setFiles] = useState<File[]>([]);
  const upload = useCaseMutation((f: File[]) => attachments.upload(caseId, f), 'Uploaded');
  const remove = useCaseMutation((id: string) => attachments.remove(caseId, id), 'File deleted');
  return (
    <Stack gap="sm">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (files.length) upload.mutate(files, { onSuccess: () => setFiles([]) });
        }}
      >
        <Group gap="xs" align="flex-end">
          <FileInput label="Files to upload" multiple clearable value={files} onChange={setFiles} w={360} />
          <Button type="submit" loading={upload.isPending} disabled={!files.length}>
            Upload
          </Button>
        </Group>
      </form>
      <ErrorText error={list.error} />
      <Table striped withTableBorder fz="sm" data-testid="attachment-table">
        <ColumnHeads names={['Name', 'Size', 'Type', 'Added', 'SHA-256', 'Actions']} />
        <Table.Tbody>
          {list.data?.map((a) => (
            <Table.Tr key={a._id}>
              <Table.Td>
                <Anchor href={attachments.downloadUrl(caseId, a._id)} download={a.name}>
                  {a.name}
                </Anchor>
              </Table.Td>
              <Table.Td>{size(a.size)}</Table.Td>
              <Table.Td>{a.contentType}</Table.Td>
              <Table.Td>{formatDate(a._createdAt, tz)}</Table.Td>
              <Table.Td style={{ overflowWrap: 'anywhere' }} ff="monospace">
                {a.hashes[0]}
              </Table.Td>
              <Table.Td>
                <RowAction
                  action="Delete"
                  of={a.name}
                  onClick={() => {
                    if (window.confirm(`Delete ${a.name}?`)) remove.mutate(a._id);
                  }}
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {list.data?.length === 0 && <Text c="dimmed">No file yet.</Text>}
    </Stack>
  );
}
