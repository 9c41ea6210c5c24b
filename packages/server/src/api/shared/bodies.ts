/**
 * Request bodies of the routes that take JSON or multipart (TheHive's `_json` part beside file
 * parts). JSON bodies are validated by the route's schema like any other; a multipart body is read
 * by the handler (api/multipart.ts), which validates its `_json` part with the same schema
 * (api/body.ts `checkBody`). The multipart schema therefore only describes (no `type`, so the
 * not-yet-read body passes), for the OpenAPI document and clients. An empty JSON body passes the
 * route's schema too (`type: [object, null]`), so that the handler answers it as before.
 */
import { type Static, type TSchema, Type } from 'typebox';

const File = Type.String({ format: 'binary', description: 'a file part' });

export function jsonOrMultipartBody<T extends TSchema>(json: T, files: string[] = ['attachment']) {
  return {
    content: {
      'application/json': { schema: { ...json, type: ['object', 'null'] } },
      'multipart/form-data': {
        schema: {
          description: 'The JSON body in a `_json` part (a field or a file), files in file parts',
          properties: { _json: json, ...Object.fromEntries(files.map((name) => [name, File])) },
        },
      },
    },
  };
}

/** A JSON body that may be left out (actions that take options): the schema, or no body at all. */
export const optionalJsonBody = <T extends TSchema>(schema: T) =>
  Type.Unsafe<Static<T> | undefined>({ ...schema, type: ['object', 'null'] });
