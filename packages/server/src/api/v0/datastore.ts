/**
 * v0 downloads of stored files: raw bytes (/api/datastore/{sha256}) or a ZipCrypto zip with the
 * configured password (/api/datastorezip/{sha256}), for files the organisation holds.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { downloadBlob } from '../../domain/attachments/download-attachment.js';
import type { Deps } from '../../domain/deps.js';
import { sendDownload } from '../download.js';
import { ctx } from '../request-context.js';
import { FileOk } from '../shared/responses.js';

const Hash = Type.Object({ hash: Type.String({ minLength: 1, maxLength: 128 }) });

/**
 * `?name=x`; thehive4py 1.x forgets the `=` on zip downloads (`?namex`), which gives a key
 * `namex` with an empty value: that key is read as the name.
 */
function requestedName(request: FastifyRequest): string | undefined {
  const query = (request.query ?? {}) as Record<string, unknown>;
  if (typeof query.name === 'string' && query.name !== '') return query.name;
  for (const [k, v] of Object.entries(query)) {
    if (k.startsWith('name') && k.length > 4 && (v === '' || v === undefined)) return k.slice(4);
  }
  return undefined;
}

export const datastoreRoutesV0 =
  (deps: Deps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get('/datastore/:hash', { schema: { response: FileOk, params: Hash } }, async (request, reply) => {
      const d = await downloadBlob(deps, ctx(request), request.params.hash, { name: requestedName(request) });
      return sendDownload(reply, d, false);
    });
    app.get('/datastorezip/:hash', { schema: { response: FileOk, params: Hash } }, async (request, reply) => {
      const d = await downloadBlob(deps, ctx(request), request.params.hash, {
        name: requestedName(request),
        zip: true,
      });
      return sendDownload(reply, d, true);
    });
  };
