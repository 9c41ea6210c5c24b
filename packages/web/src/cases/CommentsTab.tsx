/** The comments of a case, oldest first: add one in markdown, edit or delete one's own. */
import { Button, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { comments } from '../api/comments';
import { ErrorText } from '../common/ErrorText';
import { MarkdownEditor } from '../common/MarkdownEditor';
import { CommentItem } from './CommentItem';
import { useCaseMutation } from './useCaseMutation';

export function CommentsTab({ caseId }: { caseId: string }) {
  const list = useQuery({ queryKey: ['case', caseId, 'comments'], queryFn: () => comments.ofCase(caseId) });
  const [message, setMessage] = useState('');
  const add = useCaseMutation((m: string) => comments.add(caseId, m), 'Comment added');
  return (
    <Stack gap="sm">
      <ErrorText error={list.error} />
      <Stack gap="xs" data-testid="comment-list">
        {list.data?.map((c) => (
          <CommentItem key={c._id} comment={c} />
        ))}
        {list.data?.length === 0 && <Text c="dimmed">No comment yet.</Text>}
      </Stack>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (message.trim()) add.mutate(message, { onSuccess: () => setMessage('') });
        }}
      >
        <Stack gap="xs">
          <MarkdownEditor label="New comment (markdown)" value={message} onChange={setMessage} />
          <Button type="submit" w="fit-content" loading={add.isPending}>
            Add comment
          </Button>
        </Stack>
      </form>
    </Stack>
  );
}
