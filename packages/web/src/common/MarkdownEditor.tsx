/**
 * A markdown field with a preview: the text area, or (Preview checked, or Alt+P) the sanitised
 * rendering of what is typed. Ctrl+Enter submits the enclosing form.
 */
import { Checkbox, Paper, Stack, Textarea } from '@mantine/core';
import { type KeyboardEvent, useState } from 'react';
import { Markdown } from './Markdown';

interface Props {
  label: string;
  value: string;
  onChange(value: string): void;
  minRows?: number;
}

export function MarkdownEditor({ label, value, onChange, minRows = 3 }: Props) {
  const [preview, setPreview] = useState(false);
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      e.currentTarget.form?.requestSubmit();
    } else if (e.key === 'p' && e.altKey) {
      e.preventDefault();
      setPreview(true);
    }
  };
  return (
    <Stack gap={4}>
      {preview ? (
        <Paper withBorder p="xs" mih={80} aria-label={`${label} preview`} role="region">
          <Markdown text={value} />
        </Paper>
      ) : (
        <Textarea
          label={label}
          autosize
          minRows={minRows}
          value={value}
          onChange={(e) => onChange(e.currentTarget.value)}
          onKeyDown={onKeyDown}
        />
      )}
      <Checkbox
        size="xs"
        label="Preview"
        checked={preview}
        onChange={(e) => setPreview(e.currentTarget.checked)}
      />
    </Stack>
  );
}
