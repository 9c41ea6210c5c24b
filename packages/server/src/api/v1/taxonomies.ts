/**
 * v1 MISP taxonomies (`/taxonomy`) and single tags (`/tag/{id}`); the used-tag listing is
 * `GET /tag` (tags.ts). `listTaxonomy`, `getTaxonomy` (→ `tags`) and `listTag` in `/api/v1/query`.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  badRequest,
  MAX_TAG_LENGTH,
  TagOutput,
  TaxonomyBody,
  TaxonomyImportOutput,
  TaxonomyOutput,
  TaxonomyTagOutput,
  UpdateTagBody,
} from '@propolis/core';
import { Type } from 'typebox';
import type { Deps } from '../../domain/deps.js';
import { deleteTag, getTag, updateTag } from '../../domain/taxonomies/tags.js';
import {
  createTaxonomy,
  deleteTaxonomy,
  getTaxonomy,
  importTaxonomyZip,
  setTaxonomyEnabled,
} from '../../domain/taxonomies/taxonomies.js';
import { isMultipartRequest, readMultipart } from '../multipart.js';
import { tagOutput } from '../presenters/tag.js';
import { taxonomyTagV1, taxonomyV1 } from '../presenters/taxonomy.js';
import { ctx } from '../request-context.js';
import { NamedIdParams } from '../shared/params.js';
import { created, NoContent, ok } from '../shared/responses.js';

const TagIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: MAX_TAG_LENGTH }) });
const ZipBody = {
  content: {
    'multipart/form-data': {
      // no `type`: the handler reads the multipart body (see api/shared/bodies.ts)
      schema: {
        description: 'A zip of MISP taxonomies (machinetag.json files)',
        properties: { file: Type.String({ format: 'binary' }) },
      },
    },
  },
};

export const taxonomiesRoutesV1 =
  (deps: Deps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/taxonomy',
      { schema: { body: TaxonomyBody, response: created(TaxonomyOutput) } },
      async (request, reply) =>
        reply.status(201).send(taxonomyV1(await createTaxonomy(deps, ctx(request), request.body))),
    );
    app.post(
      '/taxonomy/import-zip',
      { bodyLimit: deps.config.uploadLimit, schema: { body: ZipBody, response: ok(TaxonomyImportOutput) } },
      async (request) => {
        if (!isMultipartRequest(request)) throw badRequest('body: send the zip as a multipart file part');
        const file = (await readMultipart(request)).files[0];
        if (!file) throw badRequest('file: the MISP taxonomies zip is required as a file part');
        const result = await importTaxonomyZip(deps, ctx(request), file.bytes);
        return {
          created: result.created,
          updated: result.updated,
          taxonomies: result.taxonomies.map((t) => t.namespace),
        };
      },
    );
    app.get(
      '/taxonomy/:id',
      { schema: { params: NamedIdParams, response: ok(TaxonomyOutput) } },
      async (request) => taxonomyV1(await getTaxonomy(deps, ctx(request), request.params.id)),
    );
    app.delete(
      '/taxonomy/:id',
      { schema: { params: NamedIdParams, response: NoContent } },
      async (request, reply) => {
        await deleteTaxonomy(deps, ctx(request), request.params.id);
        return reply.status(204).send();
      },
    );
    app.put(
      '/taxonomy/:id/activate',
      { schema: { params: NamedIdParams, response: NoContent } },
      async (request, reply) => {
        await setTaxonomyEnabled(deps, ctx(request), request.params.id, true);
        return reply.status(204).send();
      },
    );
    app.put(
      '/taxonomy/:id/deactivate',
      { schema: { params: NamedIdParams, response: NoContent } },
      async (request, reply) => {
        await setTaxonomyEnabled(deps, ctx(request), request.params.id, false);
        return reply.status(204).send();
      },
    );
    app.get(
      '/tag/:id',
      { schema: { params: TagIdParams, response: ok(Type.Union([TaxonomyTagOutput, TagOutput])) } },
      async (request) => {
        const view = await getTag(deps, ctx(request), request.params.id);
        if (view.kind === 'taxonomy') return taxonomyTagV1(view.row);
        return {
          ...tagOutput(view),
          ...(view.description !== null ? { description: view.description } : {}),
        };
      },
    );
    app.patch(
      '/tag/:id',
      { schema: { params: TagIdParams, body: UpdateTagBody, response: NoContent } },
      async (request, reply) => {
        await updateTag(deps, ctx(request), request.params.id, request.body);
        return reply.status(204).send();
      },
    );
    app.delete(
      '/tag/:id',
      { schema: { params: TagIdParams, response: NoContent } },
      async (request, reply) => {
        await deleteTag(deps, ctx(request), request.params.id);
        return reply.status(204).send();
      },
    );
  };
