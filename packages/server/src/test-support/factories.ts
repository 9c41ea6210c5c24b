/**
 * Records for tests, made through the real API: each posts as the given client, fails loudly unless
 * the server answers 2xx, and returns what the server answered. Values a test does not give get
 * defaults numbered per file (`sourceRef` `ref-1`, `ref-2`, ...), so two calls never collide.
 */
import type { HttpClient, HttpResponse } from './http.js';
import type { TestServer } from './server.js';

let serial = 0;
/** The next number of this file's sequence: for unique logins, titles, references. */
export const nextSerial = (): number => ++serial;

/** The body of the request when it answered 2xx; otherwise an error naming what failed and why. */
export async function expectOk<T = any>(request: Promise<HttpResponse<T>>, what: string): Promise<T> {
  const res = await request;
  if (res.status < 200 || res.status >= 300) throw new Error(`${what}: ${res.status} ${res.text}`);
  return res.body;
}

/** An alert as thehive4py 2.x posts it; `extra` overrides or adds fields. */
export function alertBody(extra: Record<string, unknown> = {}): Record<string, unknown> {
  const n = nextSerial();
  return {
    type: 'siem',
    source: 'test',
    sourceRef: `ref-${n}`,
    title: `Alert ${n}`,
    description: `Description ${n}`,
    ...extra,
  };
}

/** Posts an alert (`POST /api/v1/alert`) and returns it as answered. */
export function postAlert(client: HttpClient, extra: Record<string, unknown> = {}): Promise<any> {
  const body = alertBody(extra);
  return expectOk(client.post('/api/v1/alert', body), `alert ${String(body.sourceRef)}`);
}

/** Creates a case (`POST /api/v1/case`) and returns it as answered. */
export function createCase(client: HttpClient, extra: Record<string, unknown> = {}): Promise<any> {
  const n = nextSerial();
  const body = { title: `Case ${n}`, description: `Case ${n} description`, ...extra };
  return expectOk(client.post('/api/v1/case', body), `case ${String(body.title)}`);
}

/** Adds a task to a case and returns it as answered. */
export function createTask(
  client: HttpClient,
  caseId: string,
  extra: Record<string, unknown> = {},
): Promise<any> {
  const body = { title: `Task ${nextSerial()}`, ...extra };
  return expectOk(client.post(`/api/v1/case/${caseId}/task`, body), `task ${String(body.title)}`);
}

/** Adds one observable to a case and returns the observable created (v1 answers a list). */
export async function addObservable(
  client: HttpClient,
  caseId: string,
  observable: Record<string, unknown>,
): Promise<any> {
  const created = await expectOk<any[]>(
    client.post(`/api/v1/case/${caseId}/observable`, observable),
    `observable ${String(observable.data)}`,
  );
  const [first] = created;
  if (!first) throw new Error(`observable ${String(observable.data)}: the answer lists none`);
  return first;
}

/** A case holding these observables: its id and the ids of its observables, in order. */
export async function caseWith(
  client: HttpClient,
  observables: Array<Record<string, unknown>>,
  extra: Record<string, unknown> = {},
): Promise<{ id: string; observables: string[] }> {
  const kase = await createCase(client, extra);
  const ids: string[] = [];
  for (const o of observables) ids.push((await addObservable(client, kase._id, o))._id);
  return { id: kase._id, observables: ids };
}

/**
 * A user created by the platform administrator in `organisation` (profile `analyst` unless given);
 * returns its login, unique in the file (`<prefix><n>@<organisation>.test`).
 */
export async function createUser(
  server: TestServer,
  organisation: string,
  options: { profile?: string; password?: string; prefix?: string; extra?: Record<string, unknown> } = {},
): Promise<string> {
  const n = nextSerial();
  const login = `${options.prefix ?? 'user'}${n}@${organisation}.test`;
  await expectOk(
    server.admin.post('/api/v1/user', {
      login,
      name: `User ${n}`,
      profile: options.profile ?? 'analyst',
      organisation,
      ...(options.password === undefined ? {} : { password: options.password }),
      ...options.extra,
    }),
    `user ${login}`,
  );
  return login;
}
