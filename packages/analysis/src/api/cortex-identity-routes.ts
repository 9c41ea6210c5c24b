/**
 * Cortex's users and organizations read as Propolis's users and organisations: a Cortex user is a
 * Propolis user seen in the caller's organisation (id = login, roles from its profile there), a
 * Cortex organization is a Propolis organisation (id = name, status Active). The writes are in
 * cortex-user-writes.ts.
 */

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { forbidden, matchesFilter, notFound, parseV0Query, parseV0Range } from '@propolis/core';
import { ctx, getOrganisation, getUser, listOrganisations, listUsers } from '@propolis/server/extension';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Analysis } from '../domain/analysis.js';
import { rolesOf } from '../domain/roles.js';
import { orgJson, userJson } from './cortex-identity-json.js';
import { fieldsOf } from './request.js';
import * as S from './schemas.js';

const Login = Type.Object({ login: Type.String({ maxLength: 255 }) });
const OrgId = Type.Object({ orgId: Type.String({ maxLength: 255 }) });
const Organization = Type.Object(
  { id: Type.String(), name: Type.String(), description: Type.String(), status: Type.String() },
  { additionalProperties: true },
);

function page<T>(request: FastifyRequest, items: T[], idField: string) {
  const fields =
    request.method === 'GET' ? ((request.query as Record<string, unknown>) ?? {}) : fieldsOf(request);
  const filter = parseV0Query(fields.query ?? {});
  const all = items.filter((i) => matchesFilter(filter, i, idField));
  const p = parseV0Range(fields.range ?? 'all');
  return { all, page: all.slice(p.offset, p.limit === null ? undefined : p.offset + p.limit) };
}

export const cortexIdentityRoutes =
  (a: Analysis): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/user/:login',
      { schema: { params: Login, response: { 200: S.CortexUser } } },
      async (request) => {
        const c = ctx(request);
        if (request.params.login === 'current')
          return {
            ...userJson(await getUser(a.deps, c, 'current'), c.actor.organisationName),
            roles: rolesOf(c),
          };
        return userJson(await getUser(a.deps, c, request.params.login), c.actor.organisationName);
      },
    );
    const users = async (request: FastifyRequest, orgName: string) => {
      const c = ctx(request);
      if (orgName !== c.actor.organisationName && !rolesOf(c).includes('superadmin'))
        throw notFound(`Organization ${orgName} not found`);
      const list = (await listUsers(a.deps, c))
        .filter((u) => u.memberships.some((m) => m.organisation === orgName))
        .map((u) => userJson(u, orgName));
      return page(request, list, 'id');
    };
    app.post(
      '/user/_search',
      { schema: { body: S.SearchBody, response: { 200: Type.Array(S.CortexUser) } } },
      async (request, reply) => {
        const c = ctx(request);
        if (!rolesOf(c).includes('superadmin'))
          throw forbidden("Searching every user is for superadmins; list your organization's users instead");
        const list = (await listUsers(a.deps, c)).map((u) =>
          userJson(u, u.memberships[0]?.organisation ?? ''),
        );
        const { all, page: items } = page(request, list, 'id');
        return reply.header('X-Total', String(all.length)).send(items);
      },
    );
    app.get(
      '/organization/:orgId/user',
      { schema: { params: OrgId, response: { 200: Type.Array(S.CortexUser) } } },
      async (request, reply) => {
        const { all, page: items } = await users(request, request.params.orgId);
        return reply.header('X-Total', String(all.length)).send(items);
      },
    );
    app.post(
      '/organization/:orgId/user/_search',
      { schema: { params: OrgId, body: S.SearchBody, response: { 200: Type.Array(S.CortexUser) } } },
      async (request, reply) => {
        const { all, page: items } = await users(request, request.params.orgId);
        return reply.header('X-Total', String(all.length)).send(items);
      },
    );
    app.get(
      '/organization/:orgId',
      { schema: { params: OrgId, response: { 200: Organization } } },
      async (request) => orgJson(await getOrganisation(a.deps, ctx(request), request.params.orgId)),
    );
    const orgs = async (request: FastifyRequest) =>
      page(request, (await listOrganisations(a.deps, ctx(request))).map(orgJson), 'id');
    app.get(
      '/organization',
      { schema: { response: { 200: Type.Array(Organization) } } },
      async (request, reply) => {
        const { all, page: items } = await orgs(request);
        return reply.header('X-Total', String(all.length)).send(items);
      },
    );
    app.post(
      '/organization/_search',
      { schema: { body: S.SearchBody, response: { 200: Type.Array(Organization) } } },
      async (request, reply) => {
        const { all, page: items } = await orgs(request);
        return reply.header('X-Total', String(all.length)).send(items);
      },
    );
    app.post(
      '/organization/_stats',
      { schema: { body: S.SearchBody, response: { 200: Type.Object({ count: Type.Integer() }) } } },
      async (request) => ({ count: (await orgs(request)).all.length }),
    );
  };
