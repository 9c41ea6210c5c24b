/**
 * A markdown field with a preview: the text area, or (Preview checked, or Alt+P) the sanitised
 * rendering of what is typed. Ctrl+Enter submits the enclosing form. An image pasted or dropped is
 * uploaded as an attachment (markdown-uploads.tsx) and inserted as a markdown image; `@` lists the
 * organisation's users (arrows, Enter or Tab to insert, Escape to close) and inserts `@login`.
 */
import { Checkbox, Paper, Stack, Text, Textarea } from '@mantine/core';
import {
  type ClipboardEvent,
  type DragEvent,
  type KeyboardEvent,
  useId,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';
import { errorText } from '../api/http';
import { Markdown } from './Markdown';
import { type Edit, imageFiles, imageMarkdown, insertText } from './markdown-insert';
import { useImageUploader } from './markdown-uploads';
import { matchUsers, mentionAt, mentionText } from './mentions';
import { useOrganisationUsers } from './useUsers';

interface Props {
  label: string;
  value: string;
  onChange(value: string): void;
  minRows?: number;
}

let uploads = 0;

export function MarkdownEditor({ label, value, onChange, minRows = 3 }: Props) {
  const [preview, setPreview] = useState(false);
  const [caret, setCaret] = useState<number | undefined>();
  const [active, setActive] = useState({ query: '', index: 0 });
  const [closedAt, setClosedAt] = useState<number | undefined>();
  const [uploadError, setUploadError] = useState<string | undefined>();
  const [uploading, setUploading] = useState(0);
  const area = useRef<HTMLTextAreaElement>(null);
  const latest = useRef(value);
  latest.current = value;
  const pendingCaret = useRef<number | undefined>(undefined);
  const upload = useImageUploader();
  const listId = useId();

  const mention = caret === undefined ? undefined : mentionAt(value, caret);
  const open = mention !== undefined && mention.start !== closedAt;
  const users = useOrganisationUsers(open);
  const choices = open ? matchUsers(users, mention.query) : [];
  const showList = open && choices.length > 0;
  const current =
    active.query === mention?.query ? Math.min(active.index, Math.max(choices.length - 1, 0)) : 0;

  useLayoutEffect(() => {
    if (pendingCaret.current === undefined || !area.current) return;
    area.current.setSelectionRange(pendingCaret.current, pendingCaret.current);
    setCaret(pendingCaret.current);
    pendingCaret.current = undefined;
  });

  const apply = (edit: Edit) => {
    pendingCaret.current = edit.caret;
    onChange(edit.value);
  };
  const choose = (login: string) => {
    if (!mention || caret === undefined) return;
    apply(insertText(value, mention.start, caret, mentionText(login)));
    area.current?.focus();
  };

  const addImages = (files: File[], at: number, end: number) => {
    setUploadError(undefined);
    let text = '';
    const jobs = files.map((file) => {
      const placeholder = `![uploading ${file.name || 'image'} …](#upload-${++uploads})`;
      text += `${placeholder}\n`;
      return { file, placeholder };
    });
    apply(insertText(value, at, end, text));
    setUploading((n) => n + jobs.length);
    for (const { file, placeholder } of jobs) {
      upload(file)
        .then((url) =>
          onChange(latest.current.replace(placeholder, imageMarkdown(file.name || 'image', url))),
        )
        .catch((e) => {
          onChange(latest.current.replace(`${placeholder}\n`, '').replace(placeholder, ''));
          setUploadError(`${file.name || 'The image'} could not be uploaded: ${errorText(e)}`);
        })
        .finally(() => setUploading((n) => n - 1));
    }
  };
  const onPaste = (e: ClipboardEvent<HTMLTextAreaElement>) => {
    const files = imageFiles(e.clipboardData.files);
    if (files.length === 0) return;
    e.preventDefault();
    addImages(files, e.currentTarget.selectionStart, e.currentTarget.selectionEnd);
  };
  const onDrop = (e: DragEvent<HTMLTextAreaElement>) => {
    const files = imageFiles(e.dataTransfer.files);
    if (files.length === 0) return;
    e.preventDefault();
    const at = e.currentTarget.selectionStart;
    addImages(files, at, at);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (showList && mention) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const step = e.key === 'ArrowDown' ? 1 : choices.length - 1;
        setActive({ query: mention.query, index: (current + step) % choices.length });
        return;
      }
      const chosen = choices[current];
      if ((e.key === 'Enter' || e.key === 'Tab') && chosen) {
        e.preventDefault();
        choose(chosen.login);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        setClosedAt(mention.start);
        return;
      }
    }
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      e.currentTarget.form?.requestSubmit();
    } else if (e.key === 'p' && e.altKey) {
      e.preventDefault();
      setPreview(true);
    }
  };
  const optionId = (i: number) => `${listId}-${i}`;

  return (
    <Stack gap={4}>
      {preview ? (
        <Paper withBorder p="xs" mih={80} aria-label={`${label} preview`} role="region">
          <Markdown text={value} />
        </Paper>
      ) : (
        <div style={{ position: 'relative' }}>
          <Textarea
            ref={area}
            label={label}
            description="Paste or drop an image to attach it; @ mentions a user."
            autosize
            minRows={minRows}
            value={value}
            onChange={(e) => {
              onChange(e.currentTarget.value);
              setCaret(e.currentTarget.selectionStart);
            }}
            onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
            onBlur={() => setCaret(undefined)}
            onKeyDown={onKeyDown}
            onPaste={onPaste}
            onDrop={onDrop}
            aria-autocomplete="list"
            aria-controls={showList ? listId : undefined}
            aria-activedescendant={showList ? optionId(current) : undefined}
          />
          {showList && (
            <Paper
              withBorder
              shadow="md"
              p={4}
              id={listId}
              role="listbox"
              aria-label="Users to mention"
              style={{ position: 'absolute', zIndex: 20, left: 0, top: '100%', minWidth: 240 }}
            >
              {choices.map((u, i) => (
                <div
                  key={u.login}
                  id={optionId(i)}
                  role="option"
                  aria-selected={i === current}
                  tabIndex={-1}
                  className="mention-option"
                  onMouseDown={(e) => {
                    e.preventDefault();
                    choose(u.login);
                  }}
                >
                  <Text size="sm" span fw={500}>
                    {u.name}
                  </Text>{' '}
                  <Text size="xs" span c="dimmed">
                    {u.login}
                  </Text>
                </div>
              ))}
            </Paper>
          )}
        </div>
      )}
      {uploading > 0 && (
        <Text size="xs" c="dimmed" role="status">
          Uploading {uploading} image{uploading > 1 ? 's' : ''}…
        </Text>
      )}
      {uploadError && (
        <Text size="xs" c="red" role="alert">
          {uploadError}
        </Text>
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
