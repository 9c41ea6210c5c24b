/**
 * TheHive 4's organisation configuration of notifications: `GET` and `PUT
 * /api/config/organisation/notification` (`{"value": [{delegate, trigger, notifier}]}`).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ConfigItemOutput, OrganisationNotificationConfigBody } from '@propolis/core';
import type { Deps } from '../../domain/deps.js';
import {
  getOrganisationNotificationConfig,
  putOrganisationNotificationConfig,
} from '../../domain/notifications/organisation-config.js';
import { ctx } from '../request-context.js';
import { ok } from '../shared/responses.js';

export const configRoutesV0 =
  (deps: Deps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/config/organisation/notification',
      { schema: { response: ok(ConfigItemOutput) } },
      async (request) => getOrganisationNotificationConfig(deps, ctx(request)),
    );
    app.put(
      '/config/organisation/notification',
      {
        schema: { body: OrganisationNotificationConfigBody, response: ok(ConfigItemOutput) },
      },
      async (request) => putOrganisationNotificationConfig(deps, ctx(request), request.body),
    );
  };
