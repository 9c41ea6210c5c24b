/**
 * The pages of a case: the list by category on the left, the open page (markdown) on the right; a new
 * page can start from one of the organisation's page templates.
 */
import { Button, Group, Paper, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { type Page, pages } from '../api/pages';
import { ErrorText } from '../common/ErrorText';
import { Markdown } from '../common/Markdown';
import { PageForm } from './PageForm';
import { useCaseMutation } from './useCaseMutation';

export function PagesTab({ caseId }: { caseId: string }) {
  const list = useQuery({ queryKey: ['case', caseId, 'pages'], queryFn: () => pages.ofCase(caseId) });
  const [openId, setOpenId] = useState<string>();
  const [mode, setMode] = useState<'view' | 'new' | 'edit'>('view');
  const open = list.data?.find((p) => p._id === openId) ?? (mode === 'view' ? list.data?.[0] : undefined);
  const remove = useCaseMutation((p: Page) => pages.remove(caseId, p._id), 'Page deleted');
  return (
    <Group align="flex-start" gap="md" wrap="nowrap">
      <Stack gap={4} w={280} data-testid="page-list">
        <Button variant="default" onClick={() => setMode('new')}>
          New page
        </Button>
        <ErrorText error={list.error} />
        {list.data?.map((p) => (
          <UnstyledButton
            key={p._id}
            p={6}
            aria-current={p._id === open?._id}
            className="list-item"
            onClick={() => {
              setOpenId(p._id);
              setMode('view');
            }}
          >
            <Text size="sm">{p.title}</Text>
            <Text size="xs">{p.category}</Text>
          </UnstyledButton>
        ))}
        {list.data?.length === 0 && <Text c="dimmed">No page yet.</Text>}
      </Stack>
      <Paper withBorder p="sm" style={{ flex: 1 }}>
        {mode === 'new' && (
          <PageForm
            caseId={caseId}
            onDone={(id) => {
              setOpenId(id);
              setMode('view');
            }}
          />
        )}
        {mode === 'edit' && open && <PageForm caseId={caseId} page={open} onDone={() => setMode('view')} />}
        {mode === 'view' && open && (
          <article aria-label={`Page ${open.title}`} data-testid="page-view">
            <Group justify="space-between" mb="xs">
              <Title order={2} size="h4">
                {open.title}
              </Title>
              <Group gap={4}>
                <Button size="compact-sm" variant="default" onClick={() => setMode('edit')}>
                  Edit page
                </Button>
                <Button
                  size="compact-sm"
                  variant="default"
                  color="red"
                  onClick={() => {
                    if (window.confirm(`Delete the page ${open.title}?`))
                      remove.mutate(open, { onSuccess: () => setOpenId(undefined) });
                  }}
                >
                  Delete page
                </Button>
              </Group>
            </Group>
            <Markdown text={open.content} />
          </article>
        )}
        {mode === 'view' && !open && <Text c="dimmed">Choose a page, or write a new one.</Text>}
      </Paper>
    </Group>
  );
}
