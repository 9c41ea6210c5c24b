/**
 * A real Propolis server for a client test file, with an administrator client (Basic) and an
 * analyst of organisation `soc` authenticated by API key.
 */
import { beforeAll } from 'vitest';
import {
  ADMIN_LOGIN,
  ADMIN_PASSWORD,
  type TestServer,
  useTestServer,
} from '../../../server/src/test-support/server.js';
import { PropolisClient } from '../client.js';
import type { PropolisApiError } from '../errors.js';

export interface Clients {
  server: TestServer;
  admin: PropolisClient;
  analyst: PropolisClient;
  analystKey: string;
}

/** A new user of `organisation` and a client acting as that user with an API key. */
export async function userClient(
  clients: Clients,
  user: { login: string; name: string; profile: string; organisation: string },
): Promise<PropolisClient> {
  await clients.admin.user.create(user);
  return new PropolisClient({
    url: clients.server.url,
    apiKey: await clients.admin.user.renewApiKey(user.login),
    organisation: user.organisation,
  });
}

/** The error a call fails with (undefined when it succeeds, which the test's expectations catch). */
export function failure(call: Promise<unknown>): Promise<PropolisApiError> {
  return call.then(
    () => undefined as unknown as PropolisApiError,
    (e: unknown) => e as PropolisApiError,
  );
}

export function useClients(overrides: Parameters<typeof useTestServer>[0] = {}): Clients {
  const server = useTestServer(overrides);
  const clients = { server } as Clients;
  beforeAll(async () => {
    clients.admin = new PropolisClient({ url: server.url, username: ADMIN_LOGIN, password: ADMIN_PASSWORD });
    await clients.admin.organisation.create({ name: 'soc', description: 'SOC' });
    await clients.admin.user.create({
      login: 'ana@soc.test',
      name: 'Ana',
      profile: 'org-admin',
      organisation: 'soc',
    });
    clients.analystKey = await clients.admin.user.renewApiKey('ana@soc.test');
    clients.analyst = new PropolisClient({
      url: server.url,
      apiKey: clients.analystKey,
      organisation: 'soc',
    });
  });
  return clients;
}

/** `n` bytes of every value, so that byte-for-byte comparisons mean something. */
export function sampleBytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 31 + (i >> 8)) & 0xff;
  return out;
}

/** Byte-for-byte equality, fast on megabytes (vitest's toEqual walks arrays element by element). */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}
