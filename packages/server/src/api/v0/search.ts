/**
 * v0 search and statistics (TheHive 3/4): `POST /api/<entity>/_search` with `query`, `range`,
 * `sort` (repeatable), `nparent` and `nstats` read from the JSON body or the query string;
 * answers a JSON array with `X-Total` (the exact number of matches). `POST /api/<entity>/_stats`
 * `{query, stats}` and the multi-model `POST /api/_stats`. Everything compiles to SQL through the
 * query engine (src/query); users are a small list filtered in memory with the same language.
 */
import {
  AlertOutputV0,
  AuditOutputV0,
  CaseOutputV0,
  type Filter,
  PropolisError,
  parseV0MultiStatsBody,
  parseV0Query,
  parseV0Range,
  parseV0Sort,
  parseV0StatsBody,
  TaskOutputV0,
  UserOutputV0,
} from '@propolis/core';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { RequestContext } from '../../domain/context.js';
import type { Deps } from '../../domain/deps.js';
import { listUsers } from '../../domain/users/read-users.js';
import { aggregateAll, deepMerge, type Json, type JsonObject } from '../../query/aggregate.js';
import { entity, entityOfV0Type, v0TypeNames } from '../../query/registry.js';
import { countRows, fetchRows, type Selection, selectAll } from '../../query/selection.js';
import { userV0 } from '../presenters/user.js';
import { queryEnv } from '../query/env.js';
import { renderRows } from '../query/render.js';
import { ctx } from '../request-context.js';
import { AnyJson, list, ok } from '../shared/responses.js';
import { searchList } from './search-memory.js';

type Params = Record<string, unknown>;

/** Body keys win over query-string keys (TheHive merges both). */
function params(request: FastifyRequest): Params {
  const query = (request.query ?? {}) as Params;
  const body = request.body;
  const fromBody = body && typeof body === 'object' && !Array.isArray(body) ? (body as Params) : {};
  return { ...query, ...fromBody };
}

const flag = (v: unknown) => v === true || v === 'true' || v === '1' || v === 1;
const level = (v: unknown) => {
  if (v === true || v === 'true') return 1;
  const n = Number(Array.isArray(v) ? v[0] : v);
  return Number.isInteger(n) && n > 0 ? Math.min(n, 5) : 0;
};

/** v0 `_search` on one entity of the query registry. */
export async function searchV0(
  deps: Deps,
  c: RequestContext,
  entityName: string,
  p: Params,
  /** Conditions the route adds to the body's query (`/case/{caseId}/task/_search`: the case). */
  scope: Filter[] = [],
) {
  const def = entity(entityName);
  const filter = parseV0Query(p.query, { path: 'query' });
  const sort = parseV0Sort(p.sort, { path: 'sort' });
  const range = parseV0Range(Array.isArray(p.range) ? p.range[0] : p.range, { path: 'range' });
  const env = await queryEnv(deps, c);
  const base: Selection = {
    ...selectAll(def),
    filters: [{ filter, api: 'v0' }, ...scope.map((f) => ({ filter: f, api: 'v0' as const }))],
  };
  if (sort.length > 0) base.sort = { fields: sort, api: 'v0' };
  // the count and the page in parallel (two connections on PostgreSQL)
  const [total, rows] = await Promise.all([
    countRows(env, base),
    fetchRows(env, { ...base, page: { offset: range.offset, limit: range.limit } }),
  ]);
  const items = await renderRows(deps, c, def.name, 'v0', rows, {
    stats: flag(p.nstats),
    parents: level(p.nparent),
  });
  return { items, total };
}

export async function statsV0(deps: Deps, c: RequestContext, entityName: string, body: unknown) {
  const def = entity(entityName);
  const request = parseV0StatsBody(body ?? {}, { path: '' });
  const env = await queryEnv(deps, c);
  const sel: Selection = { ...selectAll(def), filters: [{ filter: request.filter, api: 'v0' }] };
  return aggregateAll(env, sel, request.aggregations, {
    api: 'v0',
    renderTop: async (top) =>
      (await renderRows(deps, c, def.name, 'v0', await fetchRows(env, top))) as Json[],
  });
}

async function multiStatsV0(deps: Deps, c: RequestContext, body: unknown): Promise<JsonObject> {
  const request = parseV0MultiStatsBody(body ?? {}, { path: '' });
  const env = await queryEnv(deps, c);
  const out: JsonObject = {};
  for (const [i, model] of request.models.entries()) {
    const def = entityOfV0Type(model.model);
    if (!def) {
      throw new PropolisError(
        'BadRequest',
        `stats[${i}].model: unknown model "${model.model}"; supported: ${v0TypeNames().join(', ')}`,
      );
    }
    const sel: Selection = {
      ...selectAll(def),
      filters: [
        { filter: request.filter, api: 'v0' },
        { filter: model.filter, api: 'v0' },
      ],
    };
    deepMerge(
      out,
      await aggregateAll(env, sel, model.aggregations, {
        api: 'v0',
        renderTop: async (top) =>
          (await renderRows(deps, c, def.name, 'v0', await fetchRows(env, top))) as Json[],
      }),
    );
  }
  return out;
}

/** Paths of the v0 entities served by the SQL engine. */
const SEARCHABLE: Record<string, string> = {
  '/case': 'case',
  '/case/task': 'task',
  '/case/task/log': 'log',
  '/case/artifact': 'observable',
  '/alert': 'alert',
  '/audit': 'audit',
};

/** v0 `params` of a request: body keys win over query-string keys. */
export const searchParams = params;

export const searchRoutesV0 =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    const send = async (reply: FastifyReply, out: { items: unknown[]; total: number }) =>
      reply.header('X-Total', String(out.total)).send(out.items);
    for (const [path, name] of Object.entries(SEARCHABLE)) {
      app.post(`${path}/_search`, { schema: { response: ok(AnyJson) } }, async (request, reply) =>
        send(reply, await searchV0(deps, ctx(request), name, params(request))),
      );
      app.post(`${path}/_stats`, { schema: { response: ok(AnyJson) } }, async (request) =>
        statsV0(deps, ctx(request), name, request.body),
      );
    }
    // GET lists take the same parameters from the query string
    app.get('/case', { schema: { response: ok(list(CaseOutputV0)) } }, async (request, reply) =>
      send(reply, await searchV0(deps, ctx(request), 'case', params(request))),
    );
    app.get('/case/task', { schema: { response: ok(list(TaskOutputV0)) } }, async (request, reply) =>
      send(reply, await searchV0(deps, ctx(request), 'task', params(request))),
    );
    app.get('/audit', { schema: { response: ok(list(AuditOutputV0)) } }, async (request, reply) =>
      send(reply, await searchV0(deps, ctx(request), 'audit', params(request))),
    );
    app.get('/alert', { schema: { response: ok(list(AlertOutputV0)) } }, async (request, reply) =>
      send(reply, await searchV0(deps, ctx(request), 'alert', params(request))),
    );
    app.post('/case/template/_stats', { schema: { response: ok(AnyJson) } }, async (request) =>
      statsV0(deps, ctx(request), 'caseTemplate', request.body),
    );
    app.post('/_stats', { schema: { response: ok(AnyJson) } }, async (request) =>
      multiStatsV0(deps, ctx(request), request.body),
    );
    app.post('/user/_search', { schema: { response: ok(list(UserOutputV0)) } }, async (request, reply) => {
      const c = ctx(request);
      const p = params(request);
      const users = (await listUsers(deps, c)).map((u) => userV0(u, c));
      const { page, total } = searchList(users, p.query, { range: p.range, sort: p.sort });
      return reply.header('X-Total', String(total)).send(page);
    });
  };
