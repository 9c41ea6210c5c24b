/**
 * v0 custom field routes (TheHive 4's v0, where `reference` is the name and `name` the display
 * name), TheHive 3's use count, and the DB list emulation thehive4py 1.x uses to create custom
 * fields: GET /list, GET|POST /list/custom_fields, POST /list/custom_fields/_exists.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { badRequest, CustomFieldListItem, CustomFieldOutputV0, formatId } from '@propolis/core';
import { type Static, Type } from 'typebox';
import type { RequestContext } from '../../domain/context.js';
import {
  type CreateCustomFieldInput,
  createCustomField,
} from '../../domain/custom-fields/create-custom-field.js';
import { customFieldUse, listCustomFields } from '../../domain/custom-fields/read-custom-fields.js';
import { updateCustomField } from '../../domain/custom-fields/update-custom-field.js';
import type { Deps } from '../../domain/deps.js';
import { customFieldListItem, customFieldV0 } from '../presenters/custom-fields.js';
import { ctx } from '../request-context.js';
import { customFieldRoutes } from '../shared/custom-field-routes.js';
import { NamedIdParams } from '../shared/params.js';
import { created, JsonObject, list, ok } from '../shared/responses.js';
import { searchList } from './search-memory.js';

const Text = (max: number) => Type.String({ maxLength: max });
const Options = Type.Array(Type.Union([Type.String({ maxLength: 4096 }), Type.Number(), Type.Boolean()]), {
  maxItems: 1000,
});

/** A v0 definition: `reference` is the name; without it, `name` is both name and display name. */
const CustomFieldBodyV0 = Type.Object({
  reference: Type.Optional(Text(128)),
  name: Type.Optional(Text(255)),
  displayName: Type.Optional(Text(255)),
  description: Type.Optional(Text(4096)),
  type: Type.Optional(Text(16)),
  options: Type.Optional(Options),
  mandatory: Type.Optional(Type.Boolean()),
  group: Type.Optional(Type.Union([Text(128), Type.Null()])),
});
type CustomFieldBodyV0 = Static<typeof CustomFieldBodyV0>;

function createInputFromV0(body: CustomFieldBodyV0, where = ''): CreateCustomFieldInput {
  const name = body.reference ?? body.name;
  if (!name) throw badRequest(`${where}reference: is required`);
  if (!body.type) throw badRequest(`${where}type: is required`);
  return {
    name,
    displayName: body.displayName ?? (body.reference !== undefined ? body.name : undefined),
    description: body.description,
    type: body.type,
    options: body.options,
    mandatory: body.mandatory,
    group: body.group,
  };
}

/** The v0 list-value keys, as `_exists` compares them. */
const LIST_KEYS = ['name', 'reference', 'description', 'type', 'mandatory'] as const;

async function listItems(deps: Deps, c: RequestContext) {
  return Object.fromEntries(
    (await listCustomFields(deps, c)).map((d) => [formatId(d.id), customFieldListItem(d)]),
  );
}

export const customFieldsRoutesV0 =
  (deps: Deps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/customField',
      { schema: { response: ok(list(CustomFieldOutputV0)) } },
      async (request, reply) => {
        const out = (await listCustomFields(deps, ctx(request))).map(customFieldV0);
        return reply.header('X-Total', String(out.length)).send(out);
      },
    );
    app.post(
      '/customField',
      { schema: { response: created(CustomFieldOutputV0), body: CustomFieldBodyV0 } },
      async (request, reply) =>
        reply
          .status(201)
          .send(customFieldV0(await createCustomField(deps, ctx(request), createInputFromV0(request.body)))),
    );
    app.post(
      '/customFields/_search',
      { schema: { response: ok(list(CustomFieldOutputV0)) } },
      async (request, reply) => {
        const body = (request.body ?? {}) as { query?: unknown; range?: unknown; sort?: unknown };
        const q = request.query as { range?: string; sort?: string | string[] };
        const all = (await listCustomFields(deps, ctx(request))).map(customFieldV0);
        const { page, total } = searchList(all, body.query, {
          range: q.range ?? body.range,
          sort: q.sort ?? body.sort,
        });
        return reply.header('X-Total', String(total)).send(page as CustomFieldOutputV0[]);
      },
    );
    await app.register(customFieldRoutes(deps, 'v0'));
    app.patch(
      '/customField/:id',
      { schema: { response: ok(CustomFieldOutputV0), params: NamedIdParams, body: CustomFieldBodyV0 } },
      async (request) => {
        const { reference, name, displayName, ...rest } = request.body;
        const c = ctx(request);
        const updated = await updateCustomField(deps, c, request.params.id, {
          ...rest,
          ...(reference !== undefined ? { name: reference } : {}),
          ...(displayName !== undefined || name !== undefined ? { displayName: displayName ?? name } : {}),
        });
        return customFieldV0(updated);
      },
    );
    // Use counts: TheHive 4 `/customFields/{id}/use`, TheHive 3 `/customFields/{name}`.
    app.get(
      '/customFields/:id/use',
      { schema: { response: ok(JsonObject), params: NamedIdParams } },
      async (request) => customFieldUse(deps, ctx(request), request.params.id),
    );
    app.get(
      '/customFields/:id',
      { schema: { response: ok(JsonObject), params: NamedIdParams } },
      async (request) => customFieldUse(deps, ctx(request), request.params.id),
    );

    // TheHive 3's DB lists, as TheHive 4 emulates them for custom fields.
    app.get('/list', { schema: { response: ok(list(Type.String())) } }, async () => [
      'list_artifactDataType',
      'case_metrics',
      'ui_settings',
      'custom_fields',
    ]);
    app.get(
      '/list/custom_fields',
      { schema: { response: ok(Type.Record(Type.String(), CustomFieldListItem)) } },
      async (request) => listItems(deps, ctx(request)),
    );
    app.post(
      '/list/custom_fields',
      { schema: { response: ok(CustomFieldOutputV0), body: Type.Object({ value: CustomFieldBodyV0 }) } },
      async (request) =>
        customFieldV0(
          await createCustomField(deps, ctx(request), createInputFromV0(request.body.value, 'value.')),
        ),
    );
    app.post(
      '/list/custom_fields/_exists',
      {
        schema: {
          response: ok(Type.Object({ found: Type.Boolean() })),
          body: Type.Object({ key: Type.String({ maxLength: 64 }), value: Type.Unknown() }),
        },
      },
      async (request) => {
        const { key, value } = request.body;
        if (!(LIST_KEYS as readonly string[]).includes(key))
          throw badRequest(`key: "${key}" is not allowed; allowed: ${LIST_KEYS.join(', ')}`);
        const items = Object.values(await listItems(deps, ctx(request)));
        return { found: items.some((item) => (item as Record<string, unknown>)[key] === value) };
      },
    );
  };
