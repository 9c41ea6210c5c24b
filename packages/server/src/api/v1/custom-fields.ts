/**
 * v1 custom field definitions (TheHive 4/5): GET|POST /customField, GET|PATCH|DELETE /customField/{id}.
 * thehive4py 2.x deletes with `?force=False` / `?force=True` (Python booleans).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { badRequest } from '@propolis/core';
import { Type } from 'typebox';
import { createCustomField } from '../../domain/custom-fields/create-custom-field.js';
import { deleteCustomField } from '../../domain/custom-fields/delete-custom-field.js';
import { getCustomField, listCustomFields } from '../../domain/custom-fields/read-custom-fields.js';
import { updateCustomField } from '../../domain/custom-fields/update-custom-field.js';
import type { Deps } from '../../domain/deps.js';
import { customFieldV1 } from '../presenters/custom-fields.js';
import { ctx } from '../request-context.js';

export const Id = Type.Object({ id: Type.String({ minLength: 1, maxLength: 128 }) });
const Text = (max: number) => Type.String({ maxLength: max });
const Options = Type.Array(Type.Union([Type.String({ maxLength: 4096 }), Type.Number(), Type.Boolean()]), {
  maxItems: 1000,
});
const Nullable = <T extends ReturnType<typeof Text>>(t: T) => Type.Union([t, Type.Null()]);

export const CustomFieldBody = Type.Object({
  name: Text(128),
  displayName: Type.Optional(Text(255)),
  description: Type.Optional(Text(4096)),
  type: Text(16),
  options: Type.Optional(Options),
  mandatory: Type.Optional(Type.Boolean()),
  group: Type.Optional(Nullable(Text(128))),
});

export const CustomFieldUpdateBody = Type.Partial(CustomFieldBody);

export const ForceQuery = Type.Object({ force: Type.Optional(Type.String({ maxLength: 8 })) });

/** `true`, `True`, `1`, `yes` → true; `false`, `False`, `0`, `no`, absent → false. */
export function parseForce(value: string | undefined): boolean {
  if (value === undefined || value === '') return false;
  const v = value.toLowerCase();
  if (v === 'true' || v === '1' || v === 'yes') return true;
  if (v === 'false' || v === '0' || v === 'no') return false;
  throw badRequest(`force: "${value}" is not a boolean`);
}

export const customFieldsRoutesV1 =
  (deps: Deps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get('/customField', async (request) =>
      (await listCustomFields(deps, ctx(request))).map(customFieldV1),
    );
    app.post('/customField', { schema: { body: CustomFieldBody } }, async (request, reply) =>
      reply.status(201).send(customFieldV1(await createCustomField(deps, ctx(request), request.body))),
    );
    app.get('/customField/:id', { schema: { params: Id } }, async (request) =>
      customFieldV1(await getCustomField(deps, ctx(request), request.params.id)),
    );
    app.patch(
      '/customField/:id',
      { schema: { params: Id, body: CustomFieldUpdateBody } },
      async (request, reply) => {
        await updateCustomField(deps, ctx(request), request.params.id, request.body);
        return reply.status(204).send();
      },
    );
    app.delete(
      '/customField/:id',
      { schema: { params: Id, querystring: ForceQuery } },
      async (request, reply) => {
        await deleteCustomField(deps, ctx(request), request.params.id, {
          force: parseForce(request.query.force),
        });
        return reply.status(204).send();
      },
    );
  };
