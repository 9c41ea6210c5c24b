/**
 * TheHive's MISP connector routes, the same on v0 (`/api`) and v1 (`/api/v1`): GET
 * /connector/misp/status, GET /connector/misp/_syncAlerts (pull every import server now; 200 with
 * an empty body, as TheHive answers), POST /connector/misp/export/{caseId}/{mispName} (the
 * attributes sent), POST /connector/misp/case/import (a MISP event file → a case; multipart
 * `_json` and `file`, thehive4py's `misp.import_case`). docs/misp.md.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { badRequest, CaseOutputV0, CaseOutputV1, MAX_ID, MispStatusOutput } from '@propolis/core';
import { type Static, Type } from 'typebox';
import type { MispService } from '../connectors/misp/misp-service.js';
import { requirePermission } from '../domain/context.js';
import type { Deps } from '../domain/deps.js';
import { checkBody } from './body.js';
import { isMultipartRequest, readMultipart } from './multipart.js';
import { renderCasesV0, renderCasesV1 } from './presenters/case-render.js';
import { ctx } from './request-context.js';
import { jsonOrMultipartBody } from './shared/bodies.js';
import { created, EmptyOk, JsonObject, list, ok } from './shared/responses.js';

const ExportParams = Type.Object({
  caseId: Type.String({ minLength: 1, maxLength: MAX_ID }),
  mispName: Type.String({ minLength: 1, maxLength: 64 }),
});

const ImportJson = Type.Object({
  caseTemplate: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })),
  mispName: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
});

export const mispRoutes =
  (misp: MispService, deps: Deps, version: 'v0' | 'v1'): FastifyPluginAsyncTypebox =>
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
    app.post(
      '/connector/misp/case/import',
      {
        schema: {
          body: jsonOrMultipartBody(ImportJson, ['file']),
          response: created(version === 'v1' ? CaseOutputV1 : CaseOutputV0),
        },
      },
      async (request, reply) => {
        if (!isMultipartRequest(request))
          throw badRequest(
            'Send the MISP event as multipart/form-data: a "file" part (the event JSON) and an optional "_json" part ({"caseTemplate", "mispName"})',
          );
        const c = ctx(request);
        const body = await readMultipart(request);
        const json = checkBody<Static<typeof ImportJson>>(request, ImportJson, body.json ?? {});
        const file =
          body.files.find((f) => f.field === 'file') ?? body.files.find((f) => f.field !== '_json');
        const view = await misp.importCase(c, file?.bytes, json);
        const [out] =
          version === 'v1' ? await renderCasesV1(deps, c, [view]) : await renderCasesV0(deps, c, [view]);
        return reply.status(201).send(out!);
      },
    );
  };
