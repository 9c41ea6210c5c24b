/**
 * MISP taxonomies (manageTaxonomy): add one from its machinetag.json file, enable or disable it
 * (disabled ones are not offered as tags), delete it.
 */
import { Group, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { taxonomies } from '../api/taxonomies';
import { RowAction } from '../common/RowAction';
import { CreateForm } from './CreateForm';
import { JsonFileInput } from './JsonFileInput';
import { Section } from './Section';
import { useAdminChange, useCreate } from './useCreate';

async function readJson(file: File): Promise<unknown> {
  try {
    return JSON.parse(await file.text());
  } catch {
    throw new Error(`${file.name} is not JSON: choose a MISP machinetag.json file.`);
  }
}

export function TaxonomiesAdmin() {
  const list = useQuery({ queryKey: ['admin', 'taxonomies'], queryFn: taxonomies.list });
  const [file, setFile] = useState<File | null>(null);
  const create = useCreate('taxonomies', async (f: File) => taxonomies.create(await readJson(f)), 'Taxonomy');
  const toggle = useAdminChange(
    'taxonomies',
    (t: { id: string; enabled: boolean }) => taxonomies.setEnabled(t.id, t.enabled),
    'Taxonomy saved',
  );
  const remove = useAdminChange('taxonomies', (id: string) => taxonomies.remove(id), 'Taxonomy deleted');
  return (
    <Section
      title="Taxonomies"
      error={list.error}
      head={['Namespace', 'Description', 'Version', 'Tags', 'State', 'Actions']}
      rows={list.data?.map((t) => [
        t.namespace,
        t.description,
        String(t.version),
        String(t.tags.length),
        t.enabled ? 'enabled' : 'disabled',
        <Group key="a" gap={4}>
          <RowAction
            action={t.enabled ? 'Disable' : 'Enable'}
            of={t.namespace}
            onClick={() => toggle.mutate({ id: t._id, enabled: !t.enabled })}
          />
          <RowAction action="Delete" of={t.namespace} onClick={() => remove.mutate(t._id)} />
        </Group>,
      ])}
      form={
        <CreateForm
          mutation={create}
          label="Add taxonomy"
          disabled={!file}
          onSubmit={() => file && create.mutate(file, { onSuccess: () => setFile(null) })}
          footer={
            <Text size="xs" mt={4}>
              A taxonomy of MISP's taxonomies repository, one machinetag.json at a time.
            </Text>
          }
        >
          <JsonFileInput label="machinetag.json" value={file} onChange={setFile} />
        </CreateForm>
      }
    />
  );
}
