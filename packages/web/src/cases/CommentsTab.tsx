/** The comments of a case, oldest first: add one in markdown, edit or delete one's own. */
import { Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { comments } from '../api/comments';
import { ErrorText } from '../common/ErrorText';
import { MessageForm } from '../common/MessageForm';
import { CommentItem } from './CommentItem';
import { useCaseMutation } from './useCaseMutation';

export function CommentsTab({ caseId }: { caseId: string }) {
  const list = useQuery({ queryKey: ['case', caseId, 'comments'], queryFn: () => comments.ofCase(caseId) });
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
      <MessageForm label="New comment (markdown)" action="Add comment" send={add} />
    </Stack>
  );
}
