/**
 * v0 alert routes (TheHive 3/4 paths and shapes; thehive4py 1.x, SIEM alerters, Synapse): create
 * with `artifacts` (files inline as `name;mime;base64`), read (`?similarity=1` adds `similarCases`
 * and per-artifact `seen`), update (may replace `artifacts`), bulk update, markAsRead/markAsUnread,
 * follow/unfollow, delete, bulk delete, createCase, merge, bulk merge, and alert artifacts.
 * `POST /alert/_search` and `/alert/_stats` live with the query engine.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AlertBodyV0,
  AlertOutputV0,
  CaseOutputV0,
  CreateObservableRequest,
  MAX_NAME,
  ObservableOutputV0,
  Text,
} from '@propolis/core';
import { type Static, Type } from 'typebox';
import { createAlert } from '../../domain/alerts/create-alert.js';
import { visibleAlert } from '../../domain/alerts/guards.js';
import { importAlertAsCase, mergeAlertsIntoCase } from '../../domain/alerts/import-alert.js';
import { getAlert, getAlertSimilarity } from '../../domain/alerts/read-alerts.js';
import { bulkUpdateAlerts, updateAlert } from '../../domain/alerts/update-alert.js';
import type { Deps } from '../../domain/deps.js';
import { createObservables } from '../../domain/observables/create-observables.js';
import { checkBody } from '../body.js';
import { truthy } from '../download.js';
import { jsonOrMultipart } from '../multipart.js';
import { renderAlertsV0 } from '../presenters/alert-render.js';
import { renderCasesV0 } from '../presenters/case-render.js';
import { observableV0 } from '../presenters/observable.js';
import { ctx } from '../request-context.js';
import { alertFromV0 } from '../schemas/alert.js';
import { alertStateRoutes } from '../shared/alert-state-routes.js';
import { jsonOrMultipartBody, optionalJsonBody } from '../shared/bodies.js';
import { readCreateInput } from '../shared/observable-request.js';
import { AlertAndCaseParams, AlertIdParams, AlertIds } from '../shared/params.js';
import { created, list, ok } from '../shared/responses.js';
import { fromV0 } from './artifacts.js';

export const alertsRoutesV0 =
  (deps: Deps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/alert',
      { schema: { body: jsonOrMultipartBody(AlertBodyV0, []), response: created(AlertOutputV0) } },
      async (request, reply) => {
        const c = ctx(request);
        const body = await jsonOrMultipart(request);
        const input = alertFromV0(
          checkBody<Static<typeof AlertBodyV0>>(request, AlertBodyV0, body.json, { sameAsRoute: true }),
        );
        const view = await createAlert(deps, c, input, body.files, { observablesField: 'artifacts' });
        const [out] = await renderAlertsV0(deps, c, [view]);
        return reply.status(201).send(out!);
      },
    );
    app.get(
      '/alert/:id',
      {
        schema: {
          response: ok(AlertOutputV0),
          params: AlertIdParams,
          querystring: Type.Object({
            similarity: Type.Optional(Type.String({ maxLength: 8 })),
            nstats: Type.Optional(Type.String({ maxLength: 8 })),
          }),
        },
      },
      async (request) => {
        const c = ctx(request);
        const view = await getAlert(deps, c, request.params.id);
        const similarity = truthy(request.query.similarity)
          ? new Map([[view.row.id, await getAlertSimilarity(deps, c, view, { cases: true })]])
          : undefined;
        const [out] = await renderAlertsV0(deps, c, [view], { similarity });
        return out;
      },
    );
    app.patch(
      '/alert/_bulk',
      {
        schema: {
          response: ok(list(AlertOutputV0)),
          body: Type.Evaluate(Type.Intersect([AlertBodyV0, Type.Object({ ids: AlertIds })])),
        },
      },
      async (request) => {
        const c = ctx(request);
        const { ids, ...fields } = request.body;
        // One value for every alert: v0 TLP 3 is taken as RED (no current value to keep AMBER+STRICT).
        const views = await bulkUpdateAlerts(deps, c, ids, { ...alertFromV0(fields), fromSource: false });
        return renderAlertsV0(deps, c, views);
      },
    );
    app.patch(
      '/alert/:id',
      {
        schema: {
          body: jsonOrMultipartBody(AlertBodyV0, []),
          response: ok(AlertOutputV0),
          params: AlertIdParams,
        },
      },
      async (request) => {
        const c = ctx(request);
        const current = await visibleAlert(deps.db, c, request.params.id);
        const body = await jsonOrMultipart(request);
        const input = alertFromV0(
          checkBody<Static<typeof AlertBodyV0>>(request, AlertBodyV0, body.json ?? {}, { sameAsRoute: true }),
          current,
        );
        const view = await updateAlert(
          deps,
          c,
          request.params.id,
          { ...input, fromSource: true },
          body.files,
        );
        const [out] = await renderAlertsV0(deps, c, [view]);
        return out;
      },
    );
    await app.register(alertStateRoutes(deps, 'v0'));
    app.post(
      '/alert/:id/createCase',
      {
        schema: {
          body: optionalJsonBody(
            Type.Object({ caseTemplate: Type.Optional(Type.Union([Text(MAX_NAME), Type.Null()])) }),
          ),
          response: created(CaseOutputV0),
          params: AlertIdParams,
        },
      },
      async (request, reply) => {
        const c = ctx(request);
        const view = await importAlertAsCase(deps, c, request.params.id, {
          caseTemplate: request.body?.caseTemplate ?? undefined,
        });
        const [out] = await renderCasesV0(deps, c, [view]);
        return reply.status(201).send(out!);
      },
    );
    app.post(
      '/alert/:id/merge/:caseId',
      { schema: { response: created(CaseOutputV0), params: AlertAndCaseParams } },
      async (request, reply) => {
        const c = ctx(request);
        const [out] = await renderCasesV0(deps, c, [
          await mergeAlertsIntoCase(deps, c, [request.params.id], request.params.caseId, 'merge'),
        ]);
        return reply.status(201).send(out!);
      },
    );
    app.post(
      '/alert/merge/_bulk',
      {
        schema: {
          response: created(CaseOutputV0),
          body: Type.Object({ caseId: Type.String({ minLength: 1, maxLength: 64 }), alertIds: AlertIds }),
        },
      },
      async (request, reply) => {
        const c = ctx(request);
        const [out] = await renderCasesV0(deps, c, [
          await mergeAlertsIntoCase(deps, c, request.body.alertIds, request.body.caseId, 'merge'),
        ]);
        return reply.status(201).send(out!);
      },
    );
    app.post(
      '/alert/:id/artifact',
      {
        schema: {
          body: jsonOrMultipartBody(CreateObservableRequest),
          response: created(Type.Union([ObservableOutputV0, list(ObservableOutputV0)])),
          params: AlertIdParams,
        },
      },
      async (request, reply) => {
        const c = ctx(request);
        const alert = await visibleAlert(deps.db, c, request.params.id);
        const { input, files } = await readCreateInput(request);
        const result = await createObservables(
          deps,
          c,
          { kind: 'alert', id: alert.id },
          fromV0(input),
          files,
        );
        const rendered = result.views.map((v) => observableV0(v));
        return reply.status(201).send(result.single && rendered.length === 1 ? rendered[0]! : rendered);
      },
    );
  };
