/**
 * The ATT&CK catalog (managePattern): how many techniques are imported, and an upload of a MITRE
 * STIX 2.1 bundle (enterprise, ICS, mobile); importing again updates in place.
 */
import { Paper, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/calls';
import { procedures } from '../api/procedures';
import { ErrorText } from '../common/ErrorText';
import { PageTitle } from '../common/PageTitle';
import { CreateForm } from './CreateForm';
import { JsonFileInput } from './JsonFileInput';

export function AttackAdmin() {
  const queryClient = useQueryClient();
  const count = useQuery({
    queryKey: ['admin', 'patternCount'],
    queryFn: () =>
      api
        .query<number>([{ _name: 'listPattern' }, { _name: 'count' }])
        .then((r) => r.rows as unknown as number),
  });
  const [file, setFile] = useState<File | null>(null);
  const upload = useMutation({
    mutationFn: (f: File) => procedures.importAttack(f),
    onSuccess: () => {
      setFile(null);
      void queryClient.invalidateQueries({ queryKey: ['admin', 'patternCount'] });
    },
  });
  return (
    <Stack gap="sm">
      <PageTitle>ATT&amp;CK catalog</PageTitle>
      <Text data-testid="pattern-count">
        {count.data === undefined ? 'Counting…' : `${count.data} techniques imported`}
      </Text>
      <ErrorText error={count.error} />
      <Paper withBorder p="sm" component="section" aria-label="Import ATT&CK">
        <CreateForm
          mutation={upload}
          label="Import"
          disabled={!file}
          onSubmit={() => file && upload.mutate(file)}
        >
          <JsonFileInput label="STIX bundle (JSON)" value={file} onChange={setFile} />
        </CreateForm>
        {upload.data && (
          <Text mt="xs" role="status" data-testid="import-result">
            {upload.data.created} created, {upload.data.updated} updated, {upload.data.unchanged} unchanged (
            {upload.data.total} in the bundle)
          </Text>
        )}
      </Paper>
    </Stack>
  );
}
