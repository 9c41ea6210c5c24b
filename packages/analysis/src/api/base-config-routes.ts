/**
 * Cortex's base configurations: `GET /api/analyzerconfig`, `GET|PATCH /api/analyzerconfig/{name}`
 * and the same under `responderconfig`, for organisation administrators. An entry is
 * `{name, workers, configurationItems, config}`; PATCH takes `{"config": {...}}` and replaces the
 * group's values. Secrets are shown masked.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ctx } from '@propolis/server/extension';
import { Type } from 'typebox';
import type { Analysis } from '../domain/analysis.js';
import {
  type BaseConfigView,
  getBaseConfig,
  listBaseConfigs,
  updateBaseConfig,
} from '../domain/base-configs.js';

const NameParams = Type.Object({ name: Type.String({ minLength: 1, maxLength: 255 }) });
const BaseConfig = Type.Object(
  {
    name: Type.String(),
    workers: Type.Array(Type.String()),
    configurationItems: Type.Array(Type.Object({}, { additionalProperties: true })),
    config: Type.Record(Type.String(), Type.Unknown()),
  },
  { additionalProperties: true },
);
const Patch = Type.Object(
  {
    config: Type.Object({}, { additionalProperties: true, maxProperties: 200 }),
  },
  { additionalProperties: false },
);

const json = (v: BaseConfigView) => ({
  name: v.group.name,
  workers: v.group.workers,
  configurationItems: v.group.items.map((i) => ({ ...i })),
  config: v.config,
});

export const baseConfigRoutes =
  (a: Analysis): FastifyPluginAsyncTypebox =>
  async (app) => {
    for (const type of ['analyzer', 'responder'] as const) {
      app.get(
        `/${type}config`,
        { schema: { response: { 200: Type.Array(BaseConfig) } } },
        async (request, reply) => {
          const list = (await listBaseConfigs(a, ctx(request), type)).map(json);
          return reply.header('X-Total', String(list.length)).send(list);
        },
      );
      app.get(
        `/${type}config/:name`,
        { schema: { params: NameParams, response: { 200: BaseConfig } } },
        async (request) => json(await getBaseConfig(a, ctx(request), type, request.params.name)),
      );
      app.patch(
        `/${type}config/:name`,
        { schema: { params: NameParams, body: Patch, response: { 200: BaseConfig } } },
        async (request) =>
          json(
            await updateBaseConfig(
              a,
              ctx(request),
              type,
              request.params.name,
              request.body.config as Record<string, unknown>,
            ),
          ),
      );
    }
  };
