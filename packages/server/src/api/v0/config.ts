/**
 * TheHive 4's organisation configuration of notifications: `GET` and `PUT
 * /api/config/organisation/notification` (`{"value": [{delegate, trigger, notifier}]}`).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from '../../domain/deps.js';
import {
  getOrganisationNotificationConfig,
  putOrganisationNotificationConfig,
} from '../../domain/notifications/organisation-config.js';
import { ctx } from '../request-context.js';

const ConfigItem = Type.Object({
  path: Type.String(),
  description: Type.String(),
  defaultValue: Type.Array(Type.Unknown()),
  value: Type.Array(Type.Unknown()),
});
const Entry = Type.Object(
  {
    delegate: Type.Optional(Type.Boolean()),
    trigger: Type.Unknown(),
    notifier: Type.Unknown(),
  },
  { additionalProperties: true },
);

export const configRoutesV0 =
  (deps: Deps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/config/organisation/notification',
      { schema: { response: { 200: ConfigItem } } },
      async (request) => getOrganisationNotificationConfig(deps, ctx(request)),
    );
    app.put(
      '/config/organisation/notification',
      {
        schema: {
          body: Type.Object({ value: Type.Array(Entry, { maxItems: 100 }) }),
          response: { 200: ConfigItem },
        },
      },
      async (request) => putOrganisationNotificationConfig(deps, ctx(request), request.body),
    );
  };
