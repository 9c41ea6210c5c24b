/**
 * Multipart uploads (TheHive's `_json` + file parts). `multipartSupport` registers the parser once for
 * the whole server; routes that accept files call `readMultipart(request)` when `isMultipartRequest`.
 *
 * Clients send `_json` either as a plain form field (thehive4py 1.x, the TheHive UI) or as a file part
 * named `_json` (thehive4py 2.x); both are accepted. Files are read into memory, bounded by
 * `config.uploadLimit` for the whole request.
 */
import fastifyMultipart from '@fastify/multipart';
import { badRequest, PropolisError } from '@propolis/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import sjson from 'secure-json-parse';
import { sanitizeContentType, sanitizeFilename } from '../blobs/filenames.js';
import type { Deps } from '../domain/deps.js';
import { guardInput } from './input-guard.js';

export { sanitizeContentType, sanitizeFilename };

export interface UploadedFile {
  /** The form field name (`attachment`, `attachments`, or a key of an alert's attachment map). */
  field: string;
  /** The client's file name, sanitised (see `sanitizeFilename`). */
  filename: string;
  contentType: string;
  bytes: Buffer;
}

export interface MultipartBody {
  /** The parsed `_json` part, or undefined when there was none. */
  json: unknown;
  files: UploadedFile[];
  /** Other plain fields (e.g. `canRename`), last value wins. */
  fields: Record<string, string>;
}

const MAX_FILES = 1000;
const MAX_FIELDS = 100;
/** Bytes of boundaries and part headers a Content-Length may add to the upload limit. */
const MULTIPART_FRAMING_ALLOWANCE = 1024 * 1024;

declare module 'fastify' {
  interface FastifyInstance {
    /** config.uploadLimit, for readMultipart. */
    propolisUploadLimit: number;
  }
}

/** Registers @fastify/multipart for the whole server (register it before the routes). */
export const multipartSupport = (deps: Pick<Deps, 'config'>) =>
  fp(
    async (app: FastifyInstance) => {
      app.decorate('propolisUploadLimit', deps.config.uploadLimit);
      // A declared size over the limit is refused before a byte of the body is read (JSON bodies get
      // the same from Fastify's own Content-Length check against bodyLimit). The allowance covers
      // the multipart framing (boundaries and part headers) around the counted bytes.
      const declaredLimit = deps.config.uploadLimit + MULTIPART_FRAMING_ALLOWANCE;
      app.addHook('onRequest', async (request, reply) => {
        const declared = Number(request.headers['content-length']);
        if (!(declared > declaredLimit)) return;
        if (!/^multipart\//i.test(String(request.headers['content-type'] ?? ''))) return;
        // the unread body is not drained: the connection closes after this answer
        reply.header('connection', 'close');
        throw tooLarge(deps.config.uploadLimit);
      });
      await app.register(fastifyMultipart, {
        limits: {
          fileSize: deps.config.uploadLimit,
          fieldSize: deps.config.bodyLimit,
          files: MAX_FILES,
          fields: MAX_FIELDS,
          parts: MAX_FILES + MAX_FIELDS,
          headerPairs: 200,
        },
      });
    },
    { name: 'propolis-multipart' },
  );

export const isMultipartRequest = (request: FastifyRequest): boolean =>
  typeof request.isMultipart === 'function' && request.isMultipart();

function parseJsonPart(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return sjson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch (error) {
    throw badRequest(`_json: the part is not valid JSON: ${(error as Error).message}`);
  }
}

function tooLarge(limit: number): PropolisError {
  return new PropolisError('PayloadTooLarge', `The upload is larger than the limit of ${limit} bytes`);
}

/** Maps the parser's errors to TheHive-style errors: limits → 413, malformed → 400. */
function uploadError(error: unknown, limit: number): Error {
  if (error instanceof PropolisError) return error;
  const e = error as { code?: string; statusCode?: number; message?: string };
  if (e.code === 'FST_REQ_FILE_TOO_LARGE' || e.statusCode === 413) {
    if (e.code === 'FST_FILES_LIMIT')
      return new PropolisError('PayloadTooLarge', `Too many files: at most ${MAX_FILES}`);
    if (e.code === 'FST_FIELDS_LIMIT')
      return new PropolisError('PayloadTooLarge', `Too many fields: at most ${MAX_FIELDS}`);
    if (e.code === 'FST_PARTS_LIMIT') return new PropolisError('PayloadTooLarge', 'Too many parts');
    return tooLarge(limit);
  }
  if (e.code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') {
    return new PropolisError('UnsupportedMediaType', 'The request is not multipart/form-data');
  }
  if (e.code === 'FST_INVALID_JSON_FIELD_ERROR') return badRequest('_json: the part is not valid JSON');
  if (e.code === 'FST_PROTO_VIOLATION') return badRequest('A part name is not allowed');
  return badRequest(`Malformed multipart body: ${e.message ?? String(error)}`);
}

/**
 * Reads a whole multipart request: the `_json` part (field or file) and every file, in memory.
 * Throws 413 PayloadTooLarge beyond `config.uploadLimit` and 400 for a malformed body or `_json`.
 */
export async function readMultipart(
  request: FastifyRequest,
  limit: number = request.server.propolisUploadLimit,
): Promise<MultipartBody> {
  const out: MultipartBody = { json: undefined, files: [], fields: {} };
  let total = 0;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        if (part.valueTruncated)
          throw new PropolisError('PayloadTooLarge', `Field ${part.fieldname} is too large`);
        const value = typeof part.value === 'string' ? part.value : JSON.stringify(part.value);
        total += Buffer.byteLength(value);
        if (total > limit) throw tooLarge(limit);
        if (part.fieldname === '_json') {
          out.json = typeof part.value === 'string' ? parseJsonPart(part.value) : part.value;
        } else {
          out.fields[part.fieldname] = value;
        }
        continue;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of part.file) {
        total += chunk.length;
        if (total > limit) {
          part.file.resume();
          throw tooLarge(limit);
        }
        chunks.push(chunk);
      }
      if (part.file.truncated) throw tooLarge(limit);
      const bytes = Buffer.concat(chunks);
      if (part.fieldname === '_json') {
        const jsonLimit = request.server.initialConfig.bodyLimit ?? limit;
        if (bytes.length > jsonLimit) {
          throw new PropolisError('PayloadTooLarge', `_json: larger than the limit of ${jsonLimit} bytes`);
        }
        out.json = parseJsonPart(bytes.toString('utf8'));
        continue;
      }
      out.files.push({
        field: part.fieldname,
        filename: sanitizeFilename(part.filename),
        contentType: sanitizeContentType(part.mimetype),
        bytes,
      });
    }
  } catch (error) {
    throw uploadError(error, limit);
  }
  // the same boundary check as JSON bodies get (api/input-guard.ts): `_json` holds the fields
  guardInput(out.json);
  guardInput(out.fields, 'fields');
  guardInput(
    out.files.map((f) => f.field),
    'parts',
  );
  return out;
}

/** The body of a route that takes JSON or multipart: `{json, files}` either way. */
export async function jsonOrMultipart(request: FastifyRequest): Promise<MultipartBody> {
  if (isMultipartRequest(request)) return readMultipart(request);
  return { json: request.body, files: [], fields: {} };
}
