/** Page templates of the organisation (managePageTemplate): a case page can start from one. */
import { Button, Stack } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { type PageInput, pages } from '../api/pages';
import { PageFields, type PageValues } from '../cases/PageFields';
import { ErrorText } from '../common/ErrorText';
import { RowAction } from '../common/RowAction';
import { Section } from './Section';
import { useAdminChange, useCreate } from './useCreate';

export function PageTemplatesAdmin() {
  const list = useQuery({ queryKey: ['admin', 'pageTemplates'], queryFn: pages.templates });
  const [values, setValues] = useState<PageValues>({ title: '', category: '', content: '' });
  const create = useCreate('pageTemplates', (b: PageInput) => pages.addTemplate(b), 'Page template');
  const remove = useAdminChange(
    'pageTemplates',
    (id: string) => pages.removeTemplate(id),
    'Page template deleted',
  );
  return (
    <Section
      title="Page templates"
      error={list.error}
      head={['Title', 'Category', 'Actions']}
      rows={list.data?.map((t) => [
        t.title,
        t.category,
        <RowAction key="delete" action="Delete" of={t.title} onClick={() => remove.mutate(t._id)} />,
      ])}
      form={
        <form
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate(values, { onSuccess: () => setValues((v) => ({ ...v, title: '', content: '' })) });
          }}
        >
          <Stack gap="xs">
            <PageFields what="Template" value={values} onChange={setValues} minRows={5} />
            <Button type="submit" w="fit-content" loading={create.isPending}>
              Create page template
            </Button>
            <ErrorText error={create.error} />
          </Stack>
        </form>
      }
    />
  );
}
