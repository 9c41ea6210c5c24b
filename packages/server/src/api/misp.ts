/**
 * TheHive's MISP connector routes, the same on v0 (`/api`) and v1 (`/api/v1`): GET
 * /connector/misp/status, GET /connector/misp/_syncAlerts (pull every import server now; 200 with
 * an empty body, as TheHive answers), POST /connector/misp/export/{caseId}/{mispName} (the
 * attributes sent). docs/misp.md.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { MAX_ID, MispStatusOutput } from '@propolis/core';
import { Type } from 'typebox';
import type { MispService } from '../connectors/misp/misp-service.js';
import { requirePermission } from '../domain/context.js';
import { ctx } from './request-context.js';
import { EmptyOk, JsonObject, list, ok } from './shared/responses.js';

const ExportParams = Type.Object({
  caseId: Type.String({ minLength: 1, maxLength: MAX_ID }),
  mispName: Type.String({ minLength: 1, maxLength: 64 }),
});

export const mispRoutes =
  (misp: MispService): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get('/connector/misp/status', { schema: { response: ok(MispStatusOutput) } }, async (request) => {
      ctx(request);
      const status = await misp.status();
      return {
        ...status,
        // TheHive 4's shape: server name → "OK" | "ERROR"
        status: Object.fromEntries(status.servers.map((s) => [s.name, s.status])),
      };
    });
    app.get('/connector/misp/_syncAlerts', { schema: { response: EmptyOk } }, async (request, reply) => {
      requirePermission(ctx(request), 'managePlatform');
      await misp.syncNow();
      return reply.status(200).send();
    });
    app.post(
      '/connector/misp/export/:caseId/:mispName',
      { schema: { params: ExportParams, response: ok(list(JsonObject)) } },
      async (request) =>
        (await misp.exportCase(ctx(request), request.params.caseId, request.params.mispName)) as object[],
    );
  };
