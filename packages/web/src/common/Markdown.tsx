/**
 * Markdown as TheHive writes it (GFM tables, task lists), rendered without raw HTML; rehype-sanitize
 * removes what could run (event handlers, javascript: links) even if a plugin let it through.
 * Rendered in detail views only, never in list cells.
 */
import ReactMarkdown from 'react-markdown';
import rehypeSanitize from 'rehype-sanitize';
import remarkGfm from 'remark-gfm';

const remarkPlugins = [remarkGfm];
const rehypePlugins = [rehypeSanitize];

export function Markdown({ text }: { text: string | undefined | null }) {
  if (!text) return null;
  return (
    <div className="markdown">
      <ReactMarkdown remarkPlugins={remarkPlugins} rehypePlugins={rehypePlugins}>
        {text}
      </ReactMarkdown>
    </div>
  );
}
