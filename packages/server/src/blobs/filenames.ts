/**
 * File names and content types that come from clients (multipart parts, zip entries, `?name=`):
 * made safe to store and to put back in a Content-Disposition header.
 */
const MAX_FILENAME = 255;

/**
 * Keeps the last path segment (clients often send a full local path), drops control characters and
 * characters that have no place in a file name, and cuts to 255 characters. Never empty.
 */
export function sanitizeFilename(name: string | undefined | null, fallback = 'attachment'): string {
  let value = String(name ?? '');
  value = value.split(/[/\\]/).pop() ?? '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  value = value.replace(/[\u0000-\u001f\u007f-\u009f]/g, '').replace(/["<>|*?:]/g, '_');
  // a lone surrogate cannot be stored as UTF-8: the replacement character says a character was lost
  value = value.replace(/\p{Cs}/gu, '\ufffd').trim();
  if (value === '' || value === '.' || value === '..') value = fallback;
  const chars = [...value];
  if (chars.length > MAX_FILENAME) value = chars.slice(0, MAX_FILENAME).join('');
  return value;
}

const CONTENT_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/i;

/** A bare `type/subtype`, or application/octet-stream when the value is not one. */
export function sanitizeContentType(value: string | undefined | null): string {
  const main = String(value ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
  return CONTENT_TYPE.test(main) ? main : 'application/octet-stream';
}

/** `attachment; filename="<ASCII fallback>"; filename*=UTF-8''<percent-encoded>` (RFC 6266 / RFC 5987). */
export function contentDisposition(filename: string): string {
  const safe = sanitizeFilename(filename);
  // Only printable ASCII may appear in the quoted form.
  const ascii = safe.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(safe).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
