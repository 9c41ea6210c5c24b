/**
 * A markdown message to add (a case's comment, a task's log): the editor and its button; the text is
 * sent when it is not blank, and cleared once the server has taken it.
 */
import { Button, Stack } from '@mantine/core';
import { useState } from 'react';
import { MarkdownEditor } from './MarkdownEditor';

export interface MessageSend {
  mutate(message: string, options: { onSuccess: () => void }): void;
  isPending: boolean;
}

export function MessageForm({ label, action, send }: { label: string; action: string; send: MessageSend }) {
  const [message, setMessage] = useState('');
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (message.trim()) send.mutate(message, { onSuccess: () => setMessage('') });
      }}
    >
      <Stack gap="xs">
        <MarkdownEditor label={label} value={message} onChange={setMessage} />
        <Button type="submit" w="fit-content" loading={send.isPending}>
          {action}
        </Button>
      </Stack>
    </form>
  );
}
