/**
 * TheHive's Cortex connector routes (`/api/connector/cortex/...` and `/api/v1/connector/cortex/...`):
 * the analyzers and responders an organisation can use, analyzer jobs on observables, responder
 * actions on cases, tasks, logs, alerts and observables. They drive the embedded engine (`cortexId`
 * "local").
 */

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ConnectorActionBody as ActionBody,
  ConnectorJobBody as AnalyzerJobBody,
  ConnectorBulkJobBody as BulkBody,
  badRequest,
  ConnectorJob,
  ConnectorWorker,
  type Filter,
} from '@propolis/core';
import { ctx, observableV0, observableV1 } from '@propolis/server/extension';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { jobsOfObject } from '../db/jobs.js';
import { analysisDb } from '../db/schema.js';
import type { Analysis } from '../domain/analysis.js';
import { entityOf, runAnalyzerOnObservable, runResponderOn } from '../domain/connector.js';
import { importArtifacts } from '../domain/import-artifacts.js';
import { getJob, searchJobs } from '../domain/jobs.js';
import { remoteWorkers } from '../domain/remote-jobs.js';
import { storedTemplate } from '../domain/report-templates.js';
import { getWorker, listWorkers } from '../domain/workers.js';
import { type ReportKind, renderReport, reportContextOf } from '../reports/report-templates.js';
import { connectorActionJson, connectorJobJson, connectorWorkerJson } from './connector-json.js';
import { reportJson } from './cortex-json.js';
import { fieldsOf } from './request.js';
import * as S from './schemas.js';

const Params = Type.Object({
  objectType: Type.String({ maxLength: 32 }),
  objectId: Type.String({ maxLength: 64 }),
});
export type ConnectorWorkerOut = ConnectorWorker & Record<string, unknown>;
export type ConnectorJobOut = ConnectorJob & Record<string, unknown>;

/** The organisation's workers and those of the external Cortex servers, merged by name. */
async function available(
  a: Analysis,
  request: FastifyRequest,
  type: 'analyzer' | 'responder',
): Promise<ConnectorWorkerOut[]> {
  const byName = new Map<string, ConnectorWorkerOut>();
  for (const w of await listWorkers(a, ctx(request), type))
    if (w.definition) byName.set(w.row.name, connectorWorkerJson(w));
  for (const r of await remoteWorkers(a, type, (m) => request.log.warn(m))) {
    const known = byName.get(r.name);
    if (known) known.cortexIds = [...known.cortexIds, r.cortexId];
    else
      byName.set(r.name, {
        id: r.id,
        _id: r.id,
        name: r.name,
        version: r.version ?? '',
        description: r.description ?? '',
        dataTypeList: r.dataTypeList ?? [],
        cortexIds: [r.cortexId],
      });
  }
  return [...byName.values()];
}

export const connectorRoutes =
  (a: Analysis): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/analyzer',
      { schema: { querystring: S.ListQuery, response: { 200: Type.Array(ConnectorWorker) } } },
      async (request, reply) => {
        const list = await available(a, request, 'analyzer');
        return reply.header('X-Total', String(list.length)).send(list);
      },
    );
    app.get(
      '/analyzer/type/:dataType',
      { schema: { params: S.DataTypeParams, response: { 200: Type.Array(ConnectorWorker) } } },
      async (request, reply) => {
        const list = (await available(a, request, 'analyzer')).filter((w) =>
          w.dataTypeList.includes(request.params.dataType),
        );
        return reply.header('X-Total', String(list.length)).send(list);
      },
    );
    app.get(
      '/analyzer/:id',
      { schema: { params: S.IdParams, response: { 200: ConnectorWorker } } },
      async (request) => {
        const found = (await available(a, request, 'analyzer')).find(
          (w) => w.id === request.params.id || w.name === request.params.id,
        );
        return found ?? connectorWorkerJson(await getWorker(a, ctx(request), 'analyzer', request.params.id));
      },
    );

    app.post(
      '/job',
      { schema: { body: AnalyzerJobBody, response: { 201: ConnectorJob } } },
      async (request, reply) => {
        const run = await runAnalyzerOnObservable(a, ctx(request), request.body);
        return reply.status(201).send(connectorJobJson(run.job));
      },
    );
    app.post(
      '/job/_bulk',
      { schema: { body: BulkBody, response: { 201: Type.Array(ConnectorJob) } } },
      async (request, reply) => {
        const c = ctx(request);
        const out = [];
        for (const job of request.body.jobs)
          out.push(connectorJobJson((await runAnalyzerOnObservable(a, c, job)).job));
        return reply.status(201).send(out);
      },
    );
    app.get(
      '/job/:id',
      { schema: { params: S.IdParams, response: { 200: ConnectorJob } } },
      async (request) => {
        const row = await getJob(a, ctx(request), request.params.id);
        if (row.type !== 'analyzer')
          throw badRequest(`${request.params.id} is a responder action, not an analyzer job`);
        return connectorJobJson(row);
      },
    );
    // the report's artifacts (all, or those named) as observables of the job's case or alert
    app.post(
      '/job/:id/artifacts/_import',
      {
        schema: {
          params: S.IdParams,
          body: Type.Union([
            Type.Object(
              { artifactIds: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 1000 })) },
              { additionalProperties: false },
            ),
            Type.Null(),
          ]),
        },
      },
      async (request, reply) => {
        const result = await importArtifacts(a, ctx(request), request.params.id, request.body?.artifactIds);
        const v1 = request.url.startsWith('/api/v1/');
        return reply.status(201).send({
          observables: result.observables.map((o) => (v1 ? observableV1(o) : observableV0(o))),
          failures: result.failures,
        });
      },
    );
    // the short or long report of a job as HTML: the operator's template, else the generic one
    app.get(
      '/job/:id/report/:kind',
      {
        schema: {
          params: Type.Object({
            id: Type.String({ maxLength: 255 }),
            kind: Type.Union([Type.Literal('short'), Type.Literal('long')]),
          }),
        },
      },
      async (request, reply) => {
        const row = await getJob(a, ctx(request), request.params.id);
        if (row.type !== 'analyzer')
          throw badRequest(`${request.params.id} is a responder action, not an analyzer job`);
        const kind = request.params.kind as ReportKind;
        const stored = await storedTemplate(a, row.worker_name, kind);
        const html = await renderReport(
          a.config.reportTemplatePaths,
          kind,
          reportContextOf(row, reportJson(row)),
          stored && { name: `${stored.analyzer_id}/${kind} (~${stored.id})`, source: stored.content },
        );
        return reply
          .type('text/html; charset=utf-8')
          .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
          .header('x-content-type-options', 'nosniff')
          .send(html);
      },
    );
    app.post(
      '/job/_search',
      {
        schema: { querystring: S.ListQuery, body: S.SearchBody, response: { 200: Type.Array(ConnectorJob) } },
      },
      async (request, reply) => {
        const fields = fieldsOf(request);
        const also: Filter[] = [{ kind: 'compare', op: 'eq', field: 'type', value: 'analyzer' }];
        const { rows, total } = await searchJobs(a, ctx(request), {
          query: fields.query,
          range: fields.range,
          sort: fields.sort,
          also,
        });
        return reply.header('X-Total', String(total)).send(rows.map(connectorJobJson));
      },
    );

    app.get(
      '/responder/:objectType/:objectId',
      { schema: { params: Params, response: { 200: Type.Array(ConnectorWorker) } } },
      async (request, reply) => {
        const c = ctx(request);
        const entity = await entityOf(a, c, request.params.objectType, request.params.objectId);
        const list = (await available(a, request, 'responder')).filter((w) =>
          w.dataTypeList.includes(`thehive:${entity.objectType}`),
        );
        return reply.header('X-Total', String(list.length)).send(list);
      },
    );
    app.post(
      '/responder/_search',
      { schema: { body: S.SearchBody, response: { 200: Type.Array(ConnectorWorker) } } },
      async (request, reply) => {
        const list = await available(a, request, 'responder');
        return reply.header('X-Total', String(list.length)).send(list);
      },
    );
    app.post('/action', { schema: { body: ActionBody, response: { 200: ConnectorJob } } }, async (request) =>
      connectorActionJson((await runResponderOn(a, ctx(request), request.body)).job),
    );
    app.get(
      '/action/:objectType/:objectId',
      { schema: { params: Params, response: { 200: Type.Array(ConnectorJob) } } },
      async (request, reply) => {
        const c = ctx(request);
        const entity = await entityOf(a, c, request.params.objectType, request.params.objectId);
        const rows = await jobsOfObject(
          analysisDb(a.deps.db),
          c.actor.organisationId,
          entity.objectType,
          entity.id,
        );
        return reply
          .header('X-Total', String(rows.length))
          .send(rows.filter((r) => r.type === 'responder').map(connectorActionJson));
      },
    );
    app.get(
      '/action/:id',
      { schema: { params: S.IdParams, response: { 200: ConnectorJob } } },
      async (request) => {
        const row = await getJob(a, ctx(request), request.params.id);
        if (row.type !== 'responder')
          throw badRequest(`${request.params.id} is an analyzer job, not a responder action`);
        return connectorActionJson(row);
      },
    );
    app.post(
      '/action/_search',
      {
        schema: { querystring: S.ListQuery, body: S.SearchBody, response: { 200: Type.Array(ConnectorJob) } },
      },
      async (request, reply) => {
        const fields = fieldsOf(request);
        const also: Filter[] = [{ kind: 'compare', op: 'eq', field: 'type', value: 'responder' }];
        const { rows, total } = await searchJobs(a, ctx(request), {
          query: fields.query,
          range: fields.range,
          sort: fields.sort,
          also,
        });
        return reply.header('X-Total', String(total)).send(rows.map(connectorActionJson));
      },
    );
  };
