/**
 * v1 procedures (TheHive 5 TTPs) on cases and alerts: single and bulk creation, update, delete,
 * bulk delete. Listed through `/api/v1/query` (`getCase` → `procedures`, `listProcedure`).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdsBody, ProcedureBody, ProcedureOutput, ProceduresBody, UpdateProcedureBody } from '@propolis/core';
import type { Deps } from '../../domain/deps.js';
import { createProcedures } from '../../domain/procedures/create-procedures.js';
import {
  deleteProceduresById,
  getProcedure,
  updateProcedure,
} from '../../domain/procedures/update-procedure.js';
import { procedureV1 } from '../presenters/procedure.js';
import { ctx } from '../request-context.js';
import { bulkThroughShares } from '../share-writes.js';
import { AlertIdParam } from '../shared/collaboration-params.js';
import { patchById } from '../shared/id-routes.js';
import { CaseIdParams, IdParams } from '../shared/params.js';
import { created, list, NoContent, ok } from '../shared/responses.js';

export const proceduresRoutesV1 =
  (deps: Deps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/case/:caseId/procedure',
      { schema: { params: CaseIdParams, body: ProcedureBody, response: created(ProcedureOutput) } },
      async (request, reply) => {
        const [view] = await createProcedures(deps, ctx(request), { caseId: request.params.caseId }, [
          request.body,
        ]);
        return reply.status(201).send(procedureV1(view!));
      },
    );
    app.post(
      '/case/:caseId/procedures',
      { schema: { params: CaseIdParams, body: ProceduresBody, response: created(list(ProcedureOutput)) } },
      async (request, reply) => {
        const views = await createProcedures(
          deps,
          ctx(request),
          { caseId: request.params.caseId },
          request.body.procedures,
        );
        return reply.status(201).send(views.map((v) => procedureV1(v)));
      },
    );
    app.post(
      '/alert/:alertId/procedure',
      { schema: { params: AlertIdParam, body: ProcedureBody, response: created(ProcedureOutput) } },
      async (request, reply) => {
        const [view] = await createProcedures(deps, ctx(request), { alertId: request.params.alertId }, [
          request.body,
        ]);
        return reply.status(201).send(procedureV1(view!));
      },
    );
    app.post(
      '/alert/:alertId/procedures',
      { schema: { params: AlertIdParam, body: ProceduresBody, response: created(list(ProcedureOutput)) } },
      async (request, reply) => {
        const views = await createProcedures(
          deps,
          ctx(request),
          { alertId: request.params.alertId },
          request.body.procedures,
        );
        return reply.status(201).send(views.map((v) => procedureV1(v)));
      },
    );
    app.get(
      '/procedure/:id',
      { schema: { params: IdParams, response: ok(ProcedureOutput) } },
      async (request) => procedureV1(await getProcedure(deps, ctx(request), request.params.id)),
    );
    patchById(app, '/procedure/:id', UpdateProcedureBody, (c, id, body) =>
      updateProcedure(deps, c, id, body),
    );
    app.delete(
      '/procedure/:id',
      { schema: { params: IdParams, response: NoContent } },
      async (request, reply) => {
        await deleteProceduresById(deps, ctx(request), [request.params.id]);
        return reply.status(204).send();
      },
    );
    app.post(
      '/procedure/delete/_bulk',
      { schema: { body: IdsBody, response: NoContent } },
      async (request, reply) => {
        await bulkThroughShares(deps, request, 'procedure', request.body.ids, async (c, part, d) => {
          await deleteProceduresById(d, c, part);
          return undefined;
        });
        return reply.status(204).send();
      },
    );
  };
