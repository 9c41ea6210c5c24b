/**
 * v1 custom field definitions (TheHive 4/5): GET|POST /customField, GET|PATCH|DELETE /customField/{id}.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CustomFieldOutputV1 } from '@propolis/core';
import { createCustomField } from '../../domain/custom-fields/create-custom-field.js';
import { deleteCustomField } from '../../domain/custom-fields/delete-custom-field.js';
import { getCustomField, listCustomFields } from '../../domain/custom-fields/read-custom-fields.js';
import { updateCustomField } from '../../domain/custom-fields/update-custom-field.js';
import type { Deps } from '../../domain/deps.js';
import { customFieldV1 } from '../presenters/custom-fields.js';
import { ctx } from '../request-context.js';
import {
  CustomFieldBody,
  CustomFieldUpdateBody,
  ForceQuery,
  parseForce,
} from '../shared/custom-field-request.js';
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
    app.get(
      '/customField/:id',
      { schema: { response: ok(CustomFieldOutputV1), params: NamedIdParams } },
      async (request) => customFieldV1(await getCustomField(deps, ctx(request), request.params.id)),
    );
    app.patch(
      '/customField/:id',
      { schema: { response: NoContent, params: NamedIdParams, body: CustomFieldUpdateBody } },
      async (request, reply) => {
        await updateCustomField(deps, ctx(request), request.params.id, request.body);
        return reply.status(204).send();
      },
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
