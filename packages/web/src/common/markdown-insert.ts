/** Text edits of the markdown editor, kept pure: inserting at the caret, image links, mentions. */

export interface Edit {
  value: string;
  /** Where the caret goes after the edit. */
  caret: number;
}

/** Replaces value[start, end) with text; the caret lands after it. */
export function insertText(value: string, start: number, end: number, text: string): Edit {
  return { value: value.slice(0, start) + text + value.slice(end), caret: start + text.length };
}

/** A markdown image; brackets and backslashes in the name are escaped, the URL is kept in <>. */
export function imageMarkdown(name: string, url: string): string {
  const alt = name.replace(/[\\[\]]/g, (c) => `\\${c}`).replace(/\s+/g, ' ');
  return `![${alt}](<${url.replace(/[<>\s]/g, encodeURIComponent)}>)`;
}

/** The URL an uploaded attachment is shown from (same origin: the session cookie goes with it). */
export function attachmentUrl(attachmentId: string): string {
  return `/api/v1/attachment/${encodeURIComponent(attachmentId)}/download`;
}

/** The image files of a paste or drop (others are left to the browser). */
export function imageFiles(files: FileList | readonly File[] | null | undefined): File[] {
  return Array.from(files ?? []).filter((f) => f.type.startsWith('image/'));
}
