/**
 * Tag listing of the acting organisation (v1): GET /api/v1/tag?prefix=&entity=case|alert|observable&limit=.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { TagOutput } from '@propolis/core';
import type { Deps } from '../../domain/deps.js';
import { listTags } from '../../domain/tags/list-tags.js';
import { tagOutput } from '../presenters/tag.js';
import { ctx } from '../request-context.js';
import { list, ok } from '../shared/responses.js';
import { TagQuery } from '../shared/tag-query.js';

export const tagsRoutesV1 =
  (deps: Deps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get('/tag', { schema: { response: ok(list(TagOutput)), querystring: TagQuery } }, async (request) =>
      (await listTags(deps, ctx(request), request.query)).map(tagOutput),
    );
  };
