/** One comment: who and when, "edited" once changed, its markdown; Edit and Delete. */
import { Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { type Comment, comments } from '../api/comments';
import { formatDate } from '../common/dates';
import { Markdown } from '../common/Markdown';
import { MarkdownEditor } from '../common/MarkdownEditor';
import { useTimeZone } from '../common/prefs';
import { SaveCancel } from '../common/SaveCancel';
import { useCaseMutation } from './useCaseMutation';

export function CommentItem({ comment, queryKey }: { comment: Comment; queryKey?: readonly unknown[] }) {
  const tz = useTimeZone();
  const [draft, setDraft] = useState<string | undefined>(undefined);
  const edit = useCaseMutation((m: string) => comments.edit(comment._id, m), 'Comment saved', queryKey);
  const remove = useCaseMutation(() => comments.remove(comment._id), 'Comment deleted', queryKey);
  return (
    <Paper withBorder p="xs" component="article" aria-label={`Comment by ${comment.createdBy}`}>
      <Group justify="space-between" gap="xs">
        <Text size="xs" c="dimmed">
          {comment.createdBy} · {formatDate(comment.createdAt, tz)}
          {comment.isEdited && (
            <Badge size="xs" variant="light" ml={6}>
              edited
            </Badge>
          )}
        </Text>
        {draft === undefined && (
          <Group gap={4}>
            <Button size="compact-xs" variant="default" onClick={() => setDraft(comment.message)}>
              Edit
            </Button>
            <Button
              size="compact-xs"
              variant="default"
              color="red"
              loading={remove.isPending}
              onClick={() => {
                if (window.confirm('Delete this comment?')) remove.mutate(undefined);
              }}
            >
              Delete
            </Button>
          </Group>
        )}
      </Group>
      {draft === undefined ? (
        <Markdown text={comment.message} />
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (draft.trim()) edit.mutate(draft, { onSuccess: () => setDraft(undefined) });
          }}
        >
          <Stack gap="xs" mt="xs">
            <MarkdownEditor label="Edit comment" value={draft} onChange={setDraft} />
            <SaveCancel
              label="Save comment"
              size="compact-sm"
              loading={edit.isPending}
              onCancel={() => setDraft(undefined)}
            />
          </Stack>
        </form>
      )}
    </Paper>
  );
}
