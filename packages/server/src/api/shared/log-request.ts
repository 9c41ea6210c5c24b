/**
 * Reads a log creation request: JSON, or multipart with a `_json` part and file parts
 * (`attachment` in TheHive 3/4 clients, `attachments` in TheHive 5 clients).
 */

import { badRequest, DATE_MAX_MS, isDateMs, type LogBody } from '@propolis/core';
import type { FastifyRequest } from 'fastify';
import type { AttachmentFile } from '../../domain/attachments/store-attachment.js';
import type { LogInput } from '../../domain/logs/create-log.js';
import { jsonOrMultipart } from '../multipart.js';

/** The body schema lives in @propolis/core (wire/inputs.ts), where clients take its type from. */
export { LogBody } from '@propolis/core';

function toInput(body: unknown): LogInput {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw badRequest('body: must be a JSON object with "message"');
  const b = body as Partial<LogBody>;
  if (typeof b.message !== 'string') throw badRequest('message: is required and must be a string');
  const date = b.date ?? b.startDate;
  if (date !== undefined && !isDateMs(date))
    throw badRequest(`date: must be an epoch-millisecond integer from 0 to ${DATE_MAX_MS}`);
  if (b.includeInTimeline !== undefined && b.includeInTimeline !== null && !isDateMs(b.includeInTimeline)) {
    throw badRequest(
      `includeInTimeline: must be an epoch-millisecond integer from 0 to ${DATE_MAX_MS} or null`,
    );
  }
  return { message: b.message, date, includeInTimeline: b.includeInTimeline };
}

export async function readLogRequest(
  request: FastifyRequest,
): Promise<{ input: LogInput; files: AttachmentFile[] }> {
  const body = await jsonOrMultipart(request);
  // thehive4py 2.x leaves local paths under "attachments" in _json: the file parts are what counts.
  const files = body.files
    .filter((f) => f.field === 'attachment' || f.field === 'attachments' || f.field === 'file')
    .map((f) => ({ filename: f.filename, contentType: f.contentType, bytes: f.bytes }));
  return { input: toInput(body.json), files };
}
