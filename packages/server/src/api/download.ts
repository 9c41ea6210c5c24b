/**
 * Sending a stored file: always as a download (Content-Disposition: attachment, with an RFC 5987
 * `filename*` for non-ASCII names), never sniffed or cached; raw files go out as
 * application/octet-stream whatever their recorded type, since they are often malware samples.
 */
import type { FastifyReply } from 'fastify';
import { contentDisposition } from '../blobs/filenames.js';
import type { Download } from '../domain/attachments/download-attachment.js';

export const truthy = (v: unknown): boolean => ['true', '1', 'yes'].includes(String(v ?? '').toLowerCase());

export function sendDownload(reply: FastifyReply, d: Download, zip: boolean): FastifyReply {
  return reply
    .header('Content-Type', zip ? 'application/zip' : 'application/octet-stream')
    .header('Content-Disposition', contentDisposition(d.filename))
    .header('Content-Length', String(d.bytes.length))
    .header('X-Content-Type-Options', 'nosniff')
    .header('Cache-Control', 'private, no-store')
    .send(d.bytes);
}
