/**
 * Builds multipart/form-data bodies byte for byte, so tests can send exactly what clients send
 * (thehive4py 1.x: `_json` as a plain field; 2.x: `_json` as a file part named `_json`).
 */
import { randomBytes } from 'node:crypto';
import type { HttpClient } from './http.js';

export type Part =
  | { name: string; value: string; contentType?: string }
  | { name: string; filename: string; data: Uint8Array | string; contentType?: string };

export function multipartBody(parts: Part[]): { body: Buffer; contentType: string } {
  const boundary = `----propolis${randomBytes(12).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"`;
    if ('filename' in part) head += `; filename="${part.filename}"`;
    head += '\r\n';
    if (part.contentType) head += `Content-Type: ${part.contentType}\r\n`;
    head += '\r\n';
    chunks.push(Buffer.from(head, 'utf8'));
    const data = 'filename' in part ? part.data : part.value;
    chunks.push(typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Posts a multipart/form-data body built from these parts. */
export function postMultipart(client: HttpClient, path: string, parts: Part[]) {
  const { body, contentType } = multipartBody(parts);
  return client.send('POST', path, undefined, { raw: body, headers: { 'content-type': contentType } });
}
