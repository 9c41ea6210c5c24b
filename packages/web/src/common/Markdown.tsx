/**
 * Markdown as TheHive writes it (GFM tables, task lists), rendered without raw HTML; rehype-sanitize
 * removes what could run (event handlers, javascript: links) even if a plugin let it through.
 * `@login` of a user of the organisation shows the user's name (`span.mention`, the one class and
 * data attribute the sanitiser schema adds). Images are the ones pasted into the editor: attachments
 * served by the same origin with the session. Rendered in detail views only, never in list cells.
 */
import { useMemo } from 'react';
import ReactMarkdown from 'react-markdown';
import rehypeSanitize, { defaultSchema } from 'rehype-sanitize';
import remarkGfm from 'remark-gfm';
import { remarkMentions } from './mentions';
import { useUserNames } from './useUsers';

const schema = {
  ...defaultSchema,
  attributes: {
    ...defaultSchema.attributes,
    span: [...(defaultSchema.attributes?.span ?? []), ['className', 'mention'], 'dataLogin', 'title'],
  },
};
const rehypePlugins = [[rehypeSanitize, schema]] as never;
const NO_NAMES: ReadonlyMap<string, string> = new Map();

/** The rendering alone, given the names of the users who can be mentioned. */
export function MarkdownView({
  text,
  names = NO_NAMES,
}: {
  text: string;
  names?: ReadonlyMap<string, string>;
}) {
  const remarkPlugins = useMemo(() => [remarkGfm, [remarkMentions, { names }]] as never, [names]);
  return (
    <div className="markdown">
      <ReactMarkdown remarkPlugins={remarkPlugins} rehypePlugins={rehypePlugins}>
        {text}
      </ReactMarkdown>
    </div>
  );
}

export function Markdown({ text }: { text: string | undefined | null }) {
  const names = useUserNames(Boolean(text?.includes('@')));
  if (!text) return null;
  return <MarkdownView text={text} names={names} />;
}
