/** Page templates of the organisation (managePageTemplate): a case page can start from one. */
import { Button, Group, Stack, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { type PageInput, pages } from '../api/pages';
import { ErrorText } from '../common/ErrorText';
import { MarkdownEditor } from '../common/MarkdownEditor';
import { Section } from './Section';
import { useAdminChange, useCreate } from './useCreate';

export function PageTemplatesAdmin() {
  const list = useQuery({ queryKey: ['admin', 'pageTemplates'], queryFn: pages.templates });
  const [title, setTitle] = useState('');
  const [category, setCategory] = useState('');
  const [content, setContent] = useState('');
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
        <Button
          key="delete"
          size="compact-xs"
          variant="default"
          aria-label={`Delete ${t.title}`}
          onClick={() => remove.mutate(t._id)}
        >
          Delete
        </Button>,
      ])}
      form={
        <form
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate(
              { title, category, content },
              {
                onSuccess: () => {
                  setTitle('');
                  setContent('');
                },
              },
            );
          }}
        >
          <Stack gap="xs">
            <Group gap="xs" grow>
              <TextInput
                label="Template title"
                required
                value={title}
                onChange={(e) => setTitle(e.currentTarget.value)}
              />
              <TextInput
                label="Category"
                required
                value={category}
                onChange={(e) => setCategory(e.currentTarget.value)}
              />
            </Group>
            <MarkdownEditor
              label="Template content (markdown)"
              value={content}
              onChange={setContent}
              minRows={5}
            />
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
