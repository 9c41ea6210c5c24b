/**
 * Cortex's user, key and organization writes (what Cortex4py's `users` and `organizations` call), done
 * by Propolis's own commands with their permissions: a Cortex user is a Propolis user, its Cortex
 * roles a profile (superadmin: `admin` in the admin organisation, which Cortex calls `cortex`;
 * orgadmin: `org-admin`; analyze: `analyst`; read: `read-only`). API keys are stored hashed: a key is
 * shown once, when renewed, and cannot be read back; an administrator may set a chosen key (key/set).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { badRequest, forbidden } from '@propolis/core';
import {
  ADMIN_ORGANISATION,
  changePassword,
  createOrganisation,
  createUser,
  ctx,
  getApiKey,
  getOrganisation,
  getUser,
  renewApiKey,
  revokeApiKey,
  setApiKey,
  setPassword,
  updateOrganisation,
  updateUser,
} from '@propolis/server/extension';
import { Type } from 'typebox';
import type { Analysis } from '../domain/analysis.js';
import { rolesOf } from '../domain/roles.js';
import { orgJson, userJson } from './cortex-identity-json.js';
import * as S from './schemas.js';

const ROLES = ['read', 'analyze', 'orgadmin', 'superadmin'];
const Login = Type.Object({ login: Type.String({ maxLength: 255 }) });
const OrgId = Type.Object({ orgId: Type.String({ maxLength: 255 }) });
const Roles = Type.Array(Type.String({ maxLength: 32 }), { maxItems: 8 });
const NewUser = Type.Object(
  {
    login: Type.String({ minLength: 1, maxLength: 255 }),
    name: Type.String({ minLength: 1, maxLength: 512 }),
    organization: Type.Optional(Type.String({ maxLength: 255 })),
    roles: Roles,
    password: Type.Optional(Type.String({ maxLength: 1024 })),
  },
  { additionalProperties: true },
);
const UserPatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })),
    organization: Type.Optional(Type.String({ maxLength: 255 })),
    roles: Type.Optional(Roles),
    status: Type.Optional(Type.Union([Type.Literal('Ok'), Type.Literal('Locked')])),
  },
  { additionalProperties: true },
);
const Password = Type.Object({ password: Type.String({ maxLength: 1024 }) });
const PasswordChange = Type.Object({
  password: Type.String({ maxLength: 1024 }),
  currentPassword: Type.String({ maxLength: 1024 }),
});
const NewOrganization = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 255 }),
    description: Type.Optional(Type.String({ maxLength: 4096 })),
    status: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);
const OrganizationPatch = Type.Object(
  { description: Type.Optional(Type.String({ maxLength: 4096 })), status: Type.Optional(Type.String()) },
  { additionalProperties: true },
);
const Organization = Type.Object({ id: Type.String(), name: Type.String() }, { additionalProperties: true });

/** Cortex calls the superadmins' organization `cortex`; Propolis's is `admin`. */
const organisationName = (name: string | undefined) => (name === 'cortex' ? ADMIN_ORGANISATION : name);

/** The profile that gives these Cortex roles in that organisation. */
export function profileOfRoles(roles: string[], organisation: string): string {
  const unknown = roles.filter((r) => !ROLES.includes(r));
  if (unknown.length > 0) throw badRequest(`roles: ${unknown.join(', ')} is not one of ${ROLES.join(', ')}`);
  const superadmin = roles.includes('superadmin');
  if (superadmin !== (organisation === ADMIN_ORGANISATION))
    throw badRequest(
      'roles: superadmin is the role of the admin organisation (Cortex: cortex), and its members have no other',
    );
  if (superadmin) return 'admin';
  if (roles.includes('orgadmin')) return 'org-admin';
  if (roles.includes('analyze')) return 'analyst';
  return 'read-only';
}

export const cortexUserWriteRoutes =
  (a: Analysis): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/user',
      { schema: { body: NewUser, response: { 201: S.CortexUser } } },
      async (request, reply) => {
        const c = ctx(request);
        const organisation = organisationName(request.body.organization) ?? c.actor.organisationName;
        const created = await createUser(a.deps, c, {
          login: request.body.login,
          name: request.body.name,
          organisation,
          profile: profileOfRoles(request.body.roles, organisation),
          password: request.body.password,
        });
        return reply.status(201).send(userJson(created, organisation));
      },
    );
    app.patch(
      '/user/:login',
      { schema: { params: Login, body: UserPatch, response: { 200: S.CortexUser } } },
      async (request) => {
        const c = ctx(request);
        const body = request.body;
        for (const secret of ['password', 'key', 'currentPassword'])
          if (secret in body)
            throw forbidden(
              `${secret}: cannot be changed here; use /password/set, /password/change or /key/renew`,
            );
        const current = await getUser(a.deps, c, request.params.login);
        const organisation =
          organisationName(body.organization) ??
          current.memberships.find((m) => m.organisation === c.actor.organisationName)?.organisation ??
          c.actor.organisationName;
        const updated = await updateUser(a.deps, c, request.params.login, {
          ...(body.name !== undefined ? { name: body.name } : {}),
          ...(body.status !== undefined ? { locked: body.status === 'Locked' } : {}),
          ...(body.roles !== undefined
            ? { profile: profileOfRoles(body.roles, organisation), organisation }
            : {}),
        });
        return userJson(updated, organisation);
      },
    );
    app.post(
      '/user/:login/password/set',
      { schema: { params: Login, body: Password } },
      async (request, reply) => {
        await setPassword(a.deps, ctx(request), request.params.login, request.body.password);
        return reply.status(204).send();
      },
    );
    app.post(
      '/user/:login/password/change',
      { schema: { params: Login, body: PasswordChange } },
      async (request, reply) => {
        await changePassword(
          a.deps,
          ctx(request),
          request.params.login,
          request.body.password,
          request.body.currentPassword,
        );
        return reply.status(204).send();
      },
    );
    app.post('/user/:login/key/renew', { schema: { params: Login } }, async (request, reply) =>
      reply
        .type('text/plain; charset=utf-8')
        .send(await renewApiKey(a.deps, ctx(request), request.params.login)),
    );
    app.post(
      '/user/:login/key/set',
      { schema: { params: Login, body: Type.Object({ key: Type.String({ maxLength: 1024 }) }) } },
      async (request, reply) => {
        await setApiKey(a.deps, ctx(request), request.params.login, request.body.key);
        return reply.type('text/plain; charset=utf-8').send(request.body.key);
      },
    );
    app.get('/user/:login/key', { schema: { params: Login } }, async (request) =>
      getApiKey(a.deps, ctx(request), request.params.login),
    );
    app.delete('/user/:login/key', { schema: { params: Login } }, async (request, reply) => {
      await revokeApiKey(a.deps, ctx(request), request.params.login);
      return reply.status(204).send();
    });
    app.post(
      '/organization',
      { schema: { body: NewOrganization, response: { 201: Organization } } },
      async (request, reply) => {
        const c = ctx(request);
        if (!rolesOf(c).includes('superadmin'))
          throw forbidden('Organizations are created by superadmins (members of the admin organisation)');
        if (request.body.status !== undefined && request.body.status !== 'Active')
          throw badRequest('status: organisations are Active in Propolis');
        const row = await createOrganisation(a.deps, c, {
          name: request.body.name,
          description: request.body.description,
        });
        return reply.status(201).send(orgJson(row));
      },
    );
    app.patch(
      '/organization/:orgId',
      { schema: { params: OrgId, body: OrganizationPatch, response: { 200: Organization } } },
      async (request) => {
        const c = ctx(request);
        if (request.body.status !== undefined && request.body.status !== 'Active')
          throw badRequest('status: organisations cannot be locked in Propolis; lock their users instead');
        const name = organisationName(request.params.orgId) ?? request.params.orgId;
        await updateOrganisation(a.deps, c, name, { description: request.body.description });
        return orgJson(await getOrganisation(a.deps, c, name));
      },
    );
    app.delete('/organization/:orgId', { schema: { params: OrgId } }, async () => {
      throw badRequest('Organisations cannot be deleted or locked in Propolis; lock their users instead');
    });
  };
