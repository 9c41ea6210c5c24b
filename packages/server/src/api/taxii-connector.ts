/**
 * The TAXII pulls of remote collections (docs/stix-taxii.md#pulling-remote-collections):
 * `GET /api/v1/connector/taxii/status` (the configured remotes, their cursors and last results;
 * never their credentials) and `POST /api/v1/connector/taxii/_pull` (pull now: every remote, or
 * `?remote=<name>`), both for platform administrators (managePlatform).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { TaxiiPullOutput, TaxiiStatusOutput } from '@propolis/core';
import { Type } from 'typebox';
import type { TaxiiPullService } from '../connectors/taxii/taxii-pull.js';
import { requirePermission } from '../domain/context.js';
import { ctx } from './request-context.js';
import { ok } from './shared/responses.js';

export const taxiiConnectorRoutes =
  (taxii: TaxiiPullService): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get('/connector/taxii/status', { schema: { response: ok(TaxiiStatusOutput) } }, async (request) => {
      requirePermission(ctx(request), 'managePlatform');
      return taxii.status();
    });
    app.post(
      '/connector/taxii/_pull',
      {
        schema: {
          querystring: Type.Object({ remote: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) }),
          response: ok(TaxiiPullOutput),
        },
      },
      async (request) => {
        requirePermission(ctx(request), 'managePlatform');
        return { results: await taxii.pullNow(request.query.remote) };
      },
    );
  };
