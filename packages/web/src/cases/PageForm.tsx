/** Writes a case page (new, optionally from a page template, or an existing one). */
import { NativeSelect, Stack } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { type Page, pages } from '../api/pages';
import { SaveCancel } from '../common/SaveCancel';
import { PageFields, type PageValues } from './PageFields';
import { useCaseMutation } from './useCaseMutation';

interface Props {
  caseId: string;
  page?: Page;
  onDone(id?: string): void;
}

export function PageForm({ caseId, page, onDone }: Props) {
  const [values, setValues] = useState<PageValues>({
    title: page?.title ?? '',
    category: page?.category ?? 'Notes',
    content: page?.content ?? '',
  });
  const templates = useQuery({ queryKey: ['pageTemplates'], queryFn: pages.templates, enabled: !page });
  const save = useCaseMutation(
    async () =>
      page
        ? pages.update(caseId, page._id, values).then(() => page._id)
        : (await pages.add(caseId, values))._id,
    'Page saved',
  );
  return (
    <form
      aria-label={page ? 'Edit page' : 'New page'}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(undefined, { onSuccess: (id) => onDone(id as string) });
      }}
    >
      <Stack gap="xs">
        {!page && (templates.data?.length ?? 0) > 0 && (
          <NativeSelect
            label="From template"
            data={[
              { value: '', label: 'none' },
              ...(templates.data ?? []).map((t) => ({ value: t._id, label: t.title })),
            ]}
            onChange={(e) => {
              const t = templates.data?.find((x) => x._id === e.currentTarget.value);
              if (t) setValues({ title: t.title, category: t.category, content: t.content });
            }}
          />
        )}
        <PageFields what="Page" value={values} onChange={setValues} minRows={8} />
        <SaveCancel label="Save page" loading={save.isPending} onCancel={() => onDone(page?._id)} />
      </Stack>
    </form>
  );
}
