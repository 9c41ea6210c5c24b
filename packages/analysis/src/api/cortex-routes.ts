/**
 * Cortex's REST API (what Cortex4py 2.x and TheHive's Cortex connector call), served under the
 * configured prefix (`/cortex/api/...` by default) so that it never meets TheHive's own `/api/...`
 * routes. Authentication is Propolis's (API keys as `Authorization: Bearer`); the caller's
 * organisation is Cortex's organisation; roles come from the caller's profile (domain/roles.ts).
 */

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { badRequest, type Filter, matchesFilter, parseV0Query, parseV0Range } from '@propolis/core';
import { ctx, VERSION } from '@propolis/server/extension';
import { Type } from 'typebox';
import { findJobsByIds } from '../db/jobs.js';
import { analysisDb } from '../db/schema.js';
import type { WorkerType } from '../definitions/definition.js';
import type { Analysis } from '../domain/analysis.js';
import { deleteJob, getJob, jobKey, searchJobs, waitJob } from '../domain/jobs.js';
import { isOrgAdmin, requireAnyAdmin, rolesOf } from '../domain/roles.js';
import { runJob } from '../domain/run-job.js';
import {
  disableWorker,
  enableWorker,
  getWorker,
  listWorkers,
  updateWorkerSettings,
  type WorkerSettings,
} from '../domain/workers.js';
import { artifactJson, artifactsOf, definitionJson, jobJson, reportJson, workerJson } from './cortex-json.js';
import { fieldsOf, parseDuration, readRunRequest } from './request.js';
import * as S from './schemas.js';

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function settingsOf(fields: Record<string, unknown>): WorkerSettings {
  const { name: _name, configuration, rate, rateUnit, jobCache, jobTimeout, autoRun, ...rest } = fields;
  // Cortex4py's enable(defId, cfg) may send configuration items at the top level
  const extra = Object.fromEntries(Object.entries(rest).filter(([k]) => !['range', 'sort'].includes(k)));
  if (configuration !== undefined && !isObject(configuration))
    throw badRequest('configuration: must be an object');
  const num = (k: string, v: unknown) => {
    if (v === undefined) return undefined;
    if (v === null) return null;
    const n = typeof v === 'string' ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isFinite(n)) throw badRequest(`${k}: must be a number`);
    return n;
  };
  return {
    ...(configuration !== undefined || Object.keys(extra).length > 0
      ? { configuration: { ...extra, ...((configuration as Record<string, unknown>) ?? {}) } }
      : {}),
    rate: num('rate', rate),
    rateUnit: rateUnit === undefined ? undefined : rateUnit === null ? null : String(rateUnit),
    jobCache: num('jobCache', jobCache),
    jobTimeout: num('jobTimeout', jobTimeout),
    autoRun: autoRun === undefined ? undefined : autoRun === true || autoRun === 'true',
  };
}

function paged<T>(items: T[], range: unknown): T[] {
  const page = parseV0Range(range);
  return items.slice(page.offset, page.limit === null ? undefined : page.offset + page.limit);
}

export const cortexRoutes =
  (a: Analysis): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get('/status', { config: { public: true }, schema: { response: { 200: S.Status } } }, async () => ({
      versions: {
        Cortex: `Propolis ${VERSION}`,
        Propolis: VERSION,
        Elastic4Play: '-',
        Play: '-',
        Elastic4s: '-',
        'ElasticSearch client': '-',
      },
      config: {
        protectDownloadsWith: a.deps.config.downloadZipPassword,
        authType: ['key', 'basic', 'session'],
        capabilities: ['authByKey'],
        ssoAutoLogin: false,
      },
    }));

    app.get('/user/current', { schema: { response: { 200: S.CortexUser } } }, async (request) => {
      const c = ctx(request);
      return {
        id: c.actor.login,
        _id: c.actor.login,
        login: c.actor.login,
        name: c.actor.name,
        organization: c.actor.organisationName,
        roles: rolesOf(c),
        status: 'Ok',
        hasKey: true,
      };
    });

    app.get('/alert', { schema: { response: { 200: S.StringList } } }, async (request) => {
      const c = ctx(request);
      const out: string[] = [];
      for (const type of ['analyzer', 'responder'] as const) {
        const workers = await listWorkers(a, c, type);
        if (workers.some((w) => !w.definition))
          out.push(type === 'analyzer' ? 'ObsoleteAnalyzers' : 'ObsoleteResponders');
      }
      return out;
    });

    for (const type of ['analyzer', 'responder'] as const) workerRoutes(app, a, type);
    jobRoutes(app, a);
  };

type App = Parameters<FastifyPluginAsyncTypebox>[0];

function workerRoutes(app: App, a: Analysis, type: WorkerType): void {
  const render = (request: Parameters<typeof ctx>[0]) => {
    const withConfiguration = isOrgAdmin(ctx(request));
    return (v: Parameters<typeof workerJson>[0]) => workerJson(v, { withConfiguration });
  };

  app.get(
    `/${type}definition`,
    { schema: { response: { 200: Type.Array(S.Definition) } } },
    async (request, reply) => {
      requireAnyAdmin(ctx(request));
      const list = a.catalog.list(type).map(definitionJson);
      return reply.header('X-Total', String(list.length)).send(list);
    },
  );
  app.post(`/${type}definition/scan`, { schema: { body: S.LooseBody } }, async (request, reply) => {
    requireAnyAdmin(ctx(request));
    for (const problem of a.catalog.scan()) request.log.warn(`analysis: ${problem}`);
    return reply.status(204).send();
  });
  app.post(
    `/organization/${type}/:definitionId`,
    { schema: { params: S.DefinitionParams, body: S.LooseBody, response: { 201: S.Worker } } },
    async (request, reply) => {
      const c = ctx(request);
      const worker = await enableWorker(
        a,
        c,
        type,
        request.params.definitionId,
        settingsOf(fieldsOf(request)),
      );
      return reply.status(201).send(workerJson(worker, { withConfiguration: true }));
    },
  );
  const list = async (request: Parameters<typeof ctx>[0], query: unknown, range: unknown) => {
    const c = ctx(request);
    const filter: Filter = parseV0Query(query ?? {});
    const all = (await listWorkers(a, c, type))
      .map(render(request))
      .filter((w) => matchesFilter(filter, w, 'id'));
    return { all, page: paged(all, range) };
  };
  for (const path of [`/${type}`, `/organization/${type}`]) {
    app.get(
      path,
      { schema: { querystring: S.ListQuery, response: { 200: Type.Array(S.Worker) } } },
      async (request, reply) => {
        const { all, page } = await list(request, {}, request.query.range ?? 'all');
        return reply.header('X-Total', String(all.length)).send(page);
      },
    );
    app.post(
      `${path}/_search`,
      { schema: { querystring: S.ListQuery, body: S.SearchBody, response: { 200: Type.Array(S.Worker) } } },
      async (request, reply) => {
        const fields = fieldsOf(request);
        const { all, page } = await list(request, fields.query, fields.range);
        return reply.header('X-Total', String(all.length)).send(page);
      },
    );
  }
  app.get(
    `/${type}/type/:dataType`,
    { schema: { params: S.DataTypeParams, response: { 200: Type.Array(S.Worker) } } },
    async (request, reply) => {
      const c = ctx(request);
      const out = (await listWorkers(a, c, type))
        .filter((w) => w.definition?.dataTypeList.includes(request.params.dataType))
        .map((w) => workerJson(w, { withConfiguration: false }));
      return reply.header('X-Total', String(out.length)).send(out);
    },
  );
  app.get(`/${type}/:id`, { schema: { params: S.IdParams, response: { 200: S.Worker } } }, async (request) =>
    render(request)(await getWorker(a, ctx(request), type, request.params.id)),
  );
  app.patch(
    `/${type}/:id`,
    { schema: { params: S.IdParams, body: S.LooseBody, response: { 200: S.Worker } } },
    async (request) => {
      const worker = await updateWorkerSettings(
        a,
        ctx(request),
        type,
        request.params.id,
        settingsOf(fieldsOf(request)),
      );
      return workerJson(worker, { withConfiguration: true });
    },
  );
  app.delete(`/${type}/:id`, { schema: { params: S.IdParams } }, async (request, reply) => {
    await disableWorker(a, ctx(request), type, request.params.id);
    return reply.status(204).send();
  });
  app.post(
    `/${type}/:id/run`,
    { schema: { params: S.IdParams, response: { 200: S.Job } } },
    async (request) => {
      const c = ctx(request);
      const worker = await getWorker(a, c, type, request.params.id);
      const run = await runJob(a, c, worker, await readRunRequest(request));
      return jobJson(run.job, { fromCache: run.fromCache, organisation: c.actor.organisationName });
    },
  );
}

function jobRoutes(app: App, a: Analysis): void {
  const org = (request: Parameters<typeof ctx>[0]) => ctx(request).actor.organisationName;

  app.get(
    '/job',
    {
      schema: {
        querystring: Type.Object(
          {
            dataTypeFilter: Type.Optional(Type.String()),
            dataFilter: Type.Optional(Type.String()),
            analyzerFilter: Type.Optional(Type.String()),
            range: Type.Optional(Type.String()),
          },
          { additionalProperties: true },
        ),
        response: { 200: Type.Array(S.Job) },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const also: Filter[] = [];
      if (q.dataTypeFilter)
        also.push({ kind: 'text', op: 'contains', field: 'dataType', value: q.dataTypeFilter });
      if (q.dataFilter) also.push({ kind: 'text', op: 'contains', field: 'data', value: q.dataFilter });
      if (q.analyzerFilter)
        also.push({
          kind: 'or',
          filters: [
            { kind: 'compare', op: 'eq', field: 'workerId', value: q.analyzerFilter },
            { kind: 'text', op: 'contains', field: 'workerName', value: q.analyzerFilter },
          ],
        });
      const { rows, total } = await searchJobs(a, ctx(request), { range: q.range, also });
      return reply
        .header('X-Total', String(total))
        .send(rows.map((r) => jobJson(r, { organisation: org(request) })));
    },
  );
  app.post(
    '/job/_search',
    { schema: { querystring: S.ListQuery, body: S.SearchBody, response: { 200: Type.Array(S.Job) } } },
    async (request, reply) => {
      const fields = fieldsOf(request);
      const { rows, total } = await searchJobs(a, ctx(request), {
        query: fields.query,
        range: fields.range,
        sort: fields.sort,
      });
      return reply
        .header('X-Total', String(total))
        .send(rows.map((r) => jobJson(r, { organisation: org(request) })));
    },
  );
  app.post(
    '/job/status',
    { schema: { body: S.JobStatusBody, response: { 200: S.StatusMap } } },
    async (request) => {
      const c = ctx(request);
      const keys = request.body.jobIds.map((id) => [id, jobKey(id)] as const);
      const rows = await findJobsByIds(
        analysisDb(a.deps.db),
        c.actor.organisationId,
        keys.flatMap(([, k]) => (k === undefined ? [] : [k])),
      );
      const byId = new Map(rows.map((r) => [r.id, r.status]));
      return Object.fromEntries(keys.map(([id, k]) => [id, (k !== undefined && byId.get(k)) || 'NotFound']));
    },
  );
  app.get('/job/:id', { schema: { params: S.IdParams, response: { 200: S.Job } } }, async (request) =>
    jobJson(await getJob(a, ctx(request), request.params.id), { organisation: org(request) }),
  );
  app.get(
    '/job/:id/report',
    { schema: { params: S.IdParams, response: { 200: S.JobWithReport } } },
    async (request) => {
      const row = await getJob(a, ctx(request), request.params.id);
      return { ...jobJson(row, { organisation: org(request) }), report: reportJson(row) };
    },
  );
  app.get(
    '/job/:id/waitreport',
    { schema: { params: S.IdParams, querystring: S.WaitQuery, response: { 200: S.JobWithReport } } },
    async (request) => {
      const atMost = parseDuration(request.query.atMost, 60_000);
      const row = await waitJob(a, ctx(request), request.params.id, atMost);
      return { ...jobJson(row, { organisation: org(request) }), report: reportJson(row) };
    },
  );
  app.get(
    '/job/:id/artifacts',
    { schema: { params: S.IdParams, querystring: S.ListQuery, response: { 200: Type.Array(S.Artifact) } } },
    async (request, reply) => {
      const row = await getJob(a, ctx(request), request.params.id);
      const all = row.status === 'Success' ? artifactsOf(row).map((x) => artifactJson(row, x)) : [];
      return reply.header('X-Total', String(all.length)).send(paged(all, request.query.range ?? 'all'));
    },
  );
  app.delete('/job/:id', { schema: { params: S.IdParams } }, async (request, reply) => {
    await deleteJob(a, ctx(request), request.params.id);
    return reply.status(204).send();
  });
}
