/**
 * The custom field routes v0 and v1 serve alike but for the rendering: read one definition
 * (by id or name) and delete one (`?force=true` also removes its values).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CustomFieldOutputV0, CustomFieldOutputV1 } from '@propolis/core';
import { deleteCustomField } from '../../domain/custom-fields/delete-custom-field.js';
import { getCustomField } from '../../domain/custom-fields/read-custom-fields.js';
import type { Deps } from '../../domain/deps.js';
import { customFieldV0, customFieldV1 } from '../presenters/custom-fields.js';
import { ctx } from '../request-context.js';
import { ForceQuery, parseForce } from './custom-field-request.js';
import { NamedIdParams } from './params.js';
import { NoContent, ok } from './responses.js';

const faces = {
  v0: { output: CustomFieldOutputV0, render: customFieldV0 },
  v1: { output: CustomFieldOutputV1, render: customFieldV1 },
} as const;

export const customFieldRoutes =
  (deps: Deps, face: 'v0' | 'v1'): FastifyPluginAsyncTypebox =>
  async (app) => {
    const { output, render } = faces[face];
    app.get(
      '/customField/:id',
      { schema: { response: ok(output), params: NamedIdParams } },
      async (request) => render(await getCustomField(deps, ctx(request), request.params.id)),
    );
    app.delete(
      '/customField/:id',
      { schema: { response: NoContent, params: NamedIdParams, querystring: ForceQuery } },
      async (request, reply) => {
        await deleteCustomField(deps, ctx(request), request.params.id, {
          force: parseForce(request.query.force),
        });
        return reply.status(204).send();
      },
    );
  };
