/**
 * A rendered report (Markdown) as the format asked: Markdown as it is, HTML by micromark (GFM
 * tables and lists; raw HTML in the Markdown is escaped and dangerous link protocols dropped, so
 * case data cannot inject markup), PDF by pdfkit laid out from the Markdown's blocks (headings,
 * paragraphs, lists, tables as rows), with the standard PDF fonts.
 */
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import PDFDocument from 'pdfkit';

export type ReportFormat = 'markdown' | 'html' | 'pdf';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function markdownToHtml(markdown: string, title: string): string {
  const body = micromark(markdown, { extensions: [gfm()], htmlExtensions: [gfmHtml()] });
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; color: #1b1b1b; }
table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: .25rem .5rem; text-align: left; }
code { background: #f3f3f3; padding: 0 .2rem; }
</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/** Inline Markdown as plain text: emphasis and code marks dropped, links as their text. */
const plain = (s: string) =>
  s
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|[^\w])[*_](.+?)[*_](?=[^\w]|$)/g, '$1$2')
    .replace(/`([^`]*)`/g, '$1');

/** The standard PDF fonts speak WinAnsi: other characters become '?'. */
const winAnsi = (s: string) => s.replace(/[^\x20-\x7e\xa0-\xff\n\t]/g, '?');

export function markdownToPdf(markdown: string, title: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margin: 50,
      info: { Title: winAnsi(title), Producer: 'Propolis' },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    const text = (s: string, font: string, size: number, options: PDFKit.Mixins.TextOptions = {}) =>
      doc
        .font(font)
        .fontSize(size)
        .text(winAnsi(plain(s)), options);
    let inCode = false;
    for (const line of markdown.split('\n')) {
      if (line.startsWith('```')) {
        inCode = !inCode;
        continue;
      }
      if (inCode) {
        text(line, 'Courier', 9);
        continue;
      }
      const heading = /^(#{1,6})\s+(.*)$/.exec(line);
      if (heading) {
        doc.moveDown(0.5);
        text(heading[2]!, 'Helvetica-Bold', [20, 16, 13, 12, 11, 11][heading[1]!.length - 1]!);
        doc.moveDown(0.2);
        continue;
      }
      if (/^\s*\|?\s*:?-{3,}/.test(line)) continue; // a table's delimiter row
      if (/^\s*\|/.test(line)) {
        const cells = line
          .trim()
          .replace(/^\||\|$/g, '')
          .split('|')
          .map((c) => c.trim())
          .filter((c, i, all) => c !== '' || i < all.length - 1);
        text(cells.filter(Boolean).join('  —  '), 'Helvetica', 10);
        continue;
      }
      const item = /^(\s*)[-*+]\s+(.*)$/.exec(line);
      if (item) {
        text(`•  ${item[2]!}`, 'Helvetica', 10, { indent: 10 + item[1]!.length * 5 });
        continue;
      }
      if (line.trim() === '') {
        doc.moveDown(0.4);
        continue;
      }
      text(line, 'Helvetica', 10);
    }
    doc.end();
  });
}
