/**
 * v1 custom field definitions (TheHive 4/5): GET|POST /customField, GET|PATCH|DELETE /customField/{id}.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CustomFieldOutputV1 } from '@propolis/core';
import { createCustomField } from '../../domain/custom-fields/create-custom-field.js';
import { listCustomFields } from '../../domain/custom-fields/read-custom-fields.js';
import { updateCustomField } from '../../domain/custom-fields/update-custom-field.js';
import type { Deps } from '../../domain/deps.js';
import { customFieldV1 } from '../presenters/custom-fields.js';
import { ctx } from '../request-context.js';
import { CustomFieldBody, CustomFieldUpdateBody } from '../shared/custom-field-request.js';
import { customFieldRoutes } from '../shared/custom-field-routes.js';
import { NamedIdParams } from '../shared/params.js';
import { created, list, NoContent, ok } from '../shared/responses.js';

export const customFieldsRoutesV1 =
  (deps: Deps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get('/customField', { schema: { response: ok(list(CustomFieldOutputV1)) } }, async (request) =>
      (await listCustomFields(deps, ctx(request))).map(customFieldV1),
    );
    app.post(
      '/customField',
      { schema: { response: created(CustomFieldOutputV1), body: CustomFieldBody } },
      async (request, reply) =>
        reply.status(201).send(customFieldV1(await createCustomField(deps, ctx(request), request.body))),
    );
    await app.register(customFieldRoutes(deps, 'v1'));
    app.patch(
      '/customField/:id',
      { schema: { response: NoContent, params: NamedIdParams, body: CustomFieldUpdateBody } },
      async (request, reply) => {
        await updateCustomField(deps, ctx(request), request.params.id, request.body);
        return reply.status(204).send();
      },
    );
  };
