/**
 * The fields of a page, of a case or a page template: title and category side by side, then the
 * markdown content. `what` starts the labels ("Page title", "Template content (markdown)").
 */
import { Group, TextInput } from '@mantine/core';
import { MarkdownEditor } from '../common/MarkdownEditor';

export interface PageValues {
  title: string;
  category: string;
  content: string;
}

interface Props {
  what: 'Page' | 'Template';
  value: PageValues;
  onChange(value: PageValues): void;
  minRows: number;
}

export function PageFields({ what, value, onChange, minRows }: Props) {
  const set = (key: keyof PageValues) => (text: string) => onChange({ ...value, [key]: text });
  return (
    <>
      <Group gap="xs" grow>
        <TextInput
          label={`${what} title`}
          required
          value={value.title}
          onChange={(e) => set('title')(e.currentTarget.value)}
        />
        <TextInput
          label="Category"
          required
          value={value.category}
          onChange={(e) => set('category')(e.currentTarget.value)}
        />
      </Group>
      <MarkdownEditor
        label={`${what} content (markdown)`}
        value={value.content}
        onChange={set('content')}
        minRows={minRows}
      />
    </>
  );
}
