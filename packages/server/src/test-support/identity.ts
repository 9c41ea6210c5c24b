/**
 * Fixtures for identity: an organisation with users of each built-in profile, each with an API key.
 */
import { parseId } from '@propolis/core';
import { beforeAll } from 'vitest';
import type { Scope } from '../db/scope.js';
import type { HttpClient } from './http.js';
import { HttpClient as Client } from './http.js';
import type { TestServer } from './server.js';

export interface OrgFixture {
  name: string;
  /** The organisation's row id, and the scope of its members, for tests that call repositories. */
  id: number;
  scope: Scope;
  /** Clients acting in this organisation with an API key, by profile. */
  orgAdmin: HttpClient;
  analyst: HttpClient;
  readOnly: HttpClient;
  logins: { orgAdmin: string; analyst: string; readOnly: string };
}

/** A user of `org` with `profile`, and a client acting as them with an API key. */
export async function userWithKey(
  server: TestServer,
  org: string,
  login: string,
  profile: string,
): Promise<HttpClient> {
  await server.admin.user.create({
    login,
    name: login,
    profile,
    organisation: org,
    password: 'password-1234',
  });
  const key = await server.admin.user.renewApiKey(login);
  return new Client(server.url, { key, organisation: org });
}

export async function createOrganisation(server: TestServer, name: string): Promise<OrgFixture> {
  const created = await server.admin.organisation.create({ name, description: `${name} organisation` });
  const id = parseId(created._id);
  if (id === undefined) throw new Error(`organisation ${name}: no row id in ${JSON.stringify(created)}`);
  const logins = {
    orgAdmin: `orgadmin@${name}.test`,
    analyst: `analyst@${name}.test`,
    readOnly: `reader@${name}.test`,
  };
  return {
    name,
    id,
    scope: { organisationId: id, platformAdmin: false },
    logins,
    orgAdmin: await userWithKey(server, name, logins.orgAdmin, 'org-admin'),
    analyst: await userWithKey(server, name, logins.analyst, 'analyst'),
    readOnly: await userWithKey(server, name, logins.readOnly, 'read-only'),
  };
}

/**
 * An organisation with its users, created in a `beforeAll` registered after the server's (declare it
 * below `useTestServer()`); the object returned is filled in when the hook has run.
 */
export function useOrganisation(server: TestServer, name: string): OrgFixture {
  const handle = {} as OrgFixture;
  beforeAll(async () => {
    Object.assign(handle, await createOrganisation(server, name));
  });
  return handle;
}
