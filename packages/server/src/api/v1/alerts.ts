/**
 * v1 alert routes (TheHive 4/5 paths, TheHive 5 shapes; thehive4py 2.x): create (JSON, or multipart
 * with an attachment map), read (`?extraData=similarCases,similarAlerts`), update, bulk update,
 * read/unread, follow/unfollow, delete, bulk delete, import as a case, merge and import into a
 * case, bulk merge, and alert observables. `POST /alert/_search`-like listing lives in /api/v1/query.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AlertBodyV1,
  AlertMergeBody,
  AlertOutputV1,
  AlertUpdateBodyV1,
  CaseBodyV1,
  CaseOutputV1,
  CreateObservableRequest,
  ObservableOutputV1,
} from '@propolis/core';
import type { FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import { createAlert } from '../../domain/alerts/create-alert.js';
import { visibleAlert } from '../../domain/alerts/guards.js';
import { importAlertAsCase, mergeAlertsIntoCase } from '../../domain/alerts/import-alert.js';
import { getAlert, getAlertWithSimilarity } from '../../domain/alerts/read-alerts.js';
import { bulkUpdateAlerts, updateAlert } from '../../domain/alerts/update-alert.js';
import type { Deps } from '../../domain/deps.js';
import { createObservables } from '../../domain/observables/create-observables.js';
import { checkBody } from '../body.js';
import { jsonOrMultipart } from '../multipart.js';
import { renderAlertsV1, renderAlertV1Json } from '../presenters/alert-render.js';
import { renderCasesV1 } from '../presenters/case-render.js';
import { observableV1 } from '../presenters/observable.js';
import { ctx } from '../request-context.js';
import { alertFromV1, alertUpdateFromV1 } from '../schemas/alert.js';
import { caseFromV1 } from '../schemas/case.js';
import { alertStateRoutes } from '../shared/alert-state-routes.js';
import { jsonOrMultipartBody, optionalJsonBody } from '../shared/bodies.js';
import { readCreateInput } from '../shared/observable-request.js';
import { AlertAndCaseParams, AlertIdParams, AlertIds } from '../shared/params.js';
import { created, list, NoContent, ok } from '../shared/responses.js';

/** `?extraData=similarCases&extraData=similarAlerts` or `?extraData=similarCases,similarAlerts`. */
function wantedSimilarity(extraData: string[] | undefined) {
  const names = new Set((extraData ?? []).flatMap((e) => e.split(',')).map((e) => e.trim()));
  return { cases: names.has('similarCases'), alerts: names.has('similarAlerts') };
}

/** The optional body of a merge or import (TheHive's clients send none): the observables to bring. */
function mergeChoice(request: FastifyRequest): AlertMergeBody {
  const body = request.body;
  if (body === undefined || body === null || body === '') return {};
  return checkBody<AlertMergeBody>(request, AlertMergeBody, body);
}

export const alertsRoutesV1 =
  (deps: Deps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/alert',
      { schema: { body: jsonOrMultipartBody(AlertBodyV1, []), response: created(AlertOutputV1) } },
      async (request, reply) => {
        const c = ctx(request);
        const body = await jsonOrMultipart(request);
        const input = alertFromV1(
          checkBody<Static<typeof AlertBodyV1>>(request, AlertBodyV1, body.json, { sameAsRoute: true }),
        );
        const view = await createAlert(deps, c, input, body.files);
        const [out] = await renderAlertsV1(deps, c, [view]);
        return reply.status(201).send(out!);
      },
    );
    app.get(
      '/alert/:id',
      {
        schema: {
          response: ok(AlertOutputV1),
          params: AlertIdParams,
          querystring: Type.Object({ extraData: Type.Optional(Type.Array(Type.String({ maxLength: 256 }))) }),
        },
      },
      async (request, reply) => {
        const c = ctx(request);
        const wanted = wantedSimilarity(request.query.extraData);
        if (!wanted.cases && !wanted.alerts)
          return (await renderAlertsV1(deps, c, [await getAlert(deps, c, request.params.id)]))[0];
        const read = await getAlertWithSimilarity(deps, c, request.params.id, wanted);
        const view = read.view;
        const similarity = pick(read.similarity, wanted);
        // The answer as JSON text in UTF-8, each similar case's output rendered once
        // (presenters/similar-case-json.ts): a Buffer is sent as it is, not serialised again.
        const bytes = await renderAlertV1Json(deps, c, view, similarity);
        return reply.type('application/json; charset=utf-8').send(bytes as unknown as AlertOutputV1);
      },
    );
    app.patch(
      '/alert/_bulk',
      {
        schema: {
          response: NoContent,
          body: Type.Evaluate(Type.Intersect([AlertUpdateBodyV1, Type.Object({ ids: AlertIds })])),
        },
      },
      async (request, reply) => {
        const { ids, ...fields } = request.body;
        await bulkUpdateAlerts(deps, ctx(request), ids, alertUpdateFromV1(fields));
        return reply.status(204).send();
      },
    );
    app.patch(
      '/alert/:id',
      { schema: { response: NoContent, params: AlertIdParams, body: AlertUpdateBodyV1 } },
      async (request, reply) => {
        await updateAlert(deps, ctx(request), request.params.id, alertUpdateFromV1(request.body));
        return reply.status(204).send();
      },
    );
    await app.register(alertStateRoutes(deps, 'v1'));
    app.post(
      '/alert/:id/case',
      {
        schema: {
          body: optionalJsonBody(CaseBodyV1),
          response: created(CaseOutputV1),
          params: AlertIdParams,
        },
      },
      async (request, reply) => {
        const c = ctx(request);
        const overrides = caseFromV1(request.body ?? {});
        const [out] = await renderCasesV1(deps, c, [
          await importAlertAsCase(deps, c, request.params.id, overrides),
        ]);
        return reply.status(201).send(out!);
      },
    );
    // merge: the alert goes into the case; import: only its observables do (domain/alerts/import-alert.ts)
    for (const mode of ['merge', 'import'] as const)
      app.post(
        `/alert/:id/${mode}/:caseId`,
        { schema: { response: ok(CaseOutputV1), params: AlertAndCaseParams } },
        async (request) => {
          const c = ctx(request);
          const { id, caseId } = request.params;
          const merged = await mergeAlertsIntoCase(deps, c, [id], caseId, mode, mergeChoice(request));
          const [out] = await renderCasesV1(deps, c, [merged]);
          return out;
        },
      );
    app.post(
      '/alert/merge/_bulk',
      {
        schema: {
          response: ok(CaseOutputV1),
          body: Type.Object({ caseId: Type.String({ minLength: 1, maxLength: 64 }), alertIds: AlertIds }),
        },
      },
      async (request) => {
        const c = ctx(request);
        const [out] = await renderCasesV1(deps, c, [
          await mergeAlertsIntoCase(deps, c, request.body.alertIds, request.body.caseId, 'merge'),
        ]);
        return out;
      },
    );
    // TheHive 5 `/alert/{id}/observable`, TheHive 4 `/alert/{id}/artifact`: always an array.
    for (const path of ['/alert/:id/observable', '/alert/:id/artifact']) {
      app.post(
        path,
        {
          schema: {
            body: jsonOrMultipartBody(CreateObservableRequest),
            response: created(list(ObservableOutputV1)),
            params: AlertIdParams,
            querystring: Type.Object({ dataType: Type.Optional(Type.String({ maxLength: 64 })) }),
          },
        },
        async (request, reply) => {
          const c = ctx(request);
          const alert = await visibleAlert(deps.db, c, request.params.id);
          const { input, files } = await readCreateInput(request);
          const result = await createObservables(deps, c, { kind: 'alert', id: alert.id }, input, files);
          return reply.status(201).send(result.views.map(observableV1));
        },
      );
    }
  };

function pick<T extends { cases: unknown; alerts: unknown }>(
  v: T,
  wanted: { cases: boolean; alerts: boolean },
) {
  return {
    cases: wanted.cases ? v.cases : undefined,
    alerts: wanted.alerts ? v.alerts : undefined,
  } as Partial<T>;
}
