/**
 * Response declarations for route schemas: what each route answers, for the OpenAPI document and
 * the types. Output shapes come from @propolis/core (wire/outputs.ts). Serialisation stays
 * JSON.stringify (app.ts), so a declaration never changes what is sent.
 */
import { AnyObject } from '@propolis/core';
import { type TSchema, Type } from 'typebox';

export const ok = <T extends TSchema>(schema: T, description = 'OK') => ({
  200: { ...schema, description },
});
export const created = <T extends TSchema>(schema: T) => ({ 201: { ...schema, description: 'Created' } });
export const list = <T extends TSchema>(schema: T) => Type.Array(schema);

/** 204, or 200 with an empty body (v0 logout). */
export const NoContent = { 204: Type.Unsafe<undefined>({ type: 'null', description: 'No content' }) };
export const EmptyOk = { 200: Type.Unsafe<undefined>({ type: 'null', description: 'OK, empty body' }) };

/** A text/plain answer (a stream id, an API key, "Ok"). */
const text = (description: string) => ({ description, content: { 'text/plain': { schema: Type.String() } } });
export const TextOk = { 200: text('Text') };
/** GET /api/health: "Ok", or 503 "Error". */
export const HealthText = { 200: text('Ok'), 503: text('Error') };
/** A file download (attachment, zip). */
export const FileOk = {
  200: {
    description: 'The file',
    content: { 'application/octet-stream': { schema: Type.String({ format: 'binary' }) } },
  },
};
/** Answers whose shape depends on the request (query pipelines, `_search`, `_stats`). */
export const AnyJson = Type.Unknown({
  description: 'Depends on the request (entities, counts or statistics)',
});
/** A JSON object of a fixed but small shape (status, license, flags). */
export const JsonObject = Type.Unsafe<object>({ ...AnyObject, description: 'A JSON object' });
