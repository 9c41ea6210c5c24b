/**
 * A markdown message to add (a case's comment, a task's log): the editor and its button; the text is
 * sent when it is not blank, and cleared once the server has taken it.
 */
import { Button, type ButtonProps, Stack } from '@mantine/core';
import { useState } from 'react';
import { MarkdownEditor } from './MarkdownEditor';

export interface MessageSend {
  mutate(message: string, options: { onSuccess: () => void }): void;
  isPending: boolean;
}

export function MessageForm({
  label,
  action,
  send,
  size,
}: {
  label: string;
  action: string;
  send: MessageSend;
  /** The button's size (the alert preview's is compact). */
  size?: ButtonProps['size'];
}) {
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
        <Button type="submit" size={size} w="fit-content" loading={send.isPending}>
          {action}
        </Button>
      </Stack>
    </form>
  );
}
