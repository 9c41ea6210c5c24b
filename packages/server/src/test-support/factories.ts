/**
 * Records for tests, made through the real API with the client's typed namespaces: each acts as the
 * given client, fails loudly unless the server answers 2xx (the client's PropolisApiError, with the
 * status and the server's message), and returns what the server answered. Values a test does not
 * give get defaults numbered per file (`sourceRef` `ref-1`, `ref-2`, ...), so two calls never collide.
 */
import type { InputAlert, InputCase, InputObservable, InputTask, InputUser } from '@propolis/client';
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
  return client.alert.create(alertBody(extra) as InputAlert);
}

/** Creates a case (`POST /api/v1/case`) and returns it as answered. */
export function createCase(client: HttpClient, extra: Record<string, unknown> = {}): Promise<any> {
  const n = nextSerial();
  const body = { title: `Case ${n}`, description: `Case ${n} description`, ...extra };
  return client.case.create(body as InputCase);
}

/** Adds a task to a case and returns it as answered. */
export function createTask(
  client: HttpClient,
  caseId: string,
  extra: Record<string, unknown> = {},
): Promise<any> {
  const body = { title: `Task ${nextSerial()}`, ...extra };
  return client.case.createTask(caseId, body as InputTask);
}

/** Adds one observable to a case and returns the observable created (v1 answers a list). */
export async function addObservable(
  client: HttpClient,
  caseId: string,
  observable: Record<string, unknown>,
): Promise<any> {
  const [first] = await client.case.createObservable(caseId, observable as unknown as InputObservable);
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
  await server.admin.user.create({
    login,
    name: `User ${n}`,
    profile: options.profile ?? 'analyst',
    organisation,
    ...(options.password === undefined ? {} : { password: options.password }),
    ...options.extra,
  } as InputUser);
  return login;
}
