/**
 * One call to a running Propolis for the benchmarks' set-up and checks: JSON in, JSON (or text) out,
 * anything but a success is an error with the answer in it.
 */
export async function call(url: string, auth: string, method: string, route: string, body?: unknown) {
  // biome-ignore lint/suspicious/noExplicitAny: the callers know the shape of what they asked for
  return (await callFull(url, auth, method, route, body)).json as any;
}

/** The same, with the status and the list total (X-Total) of the answer. */
export async function callFull(
  url: string,
  auth: string,
  method: string,
  route: string,
  body?: unknown,
): Promise<{ status: number; total?: string; json: unknown }> {
  const res = await fetch(`${url}${route}`, {
    method,
    headers: { authorization: auth, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${route}: ${res.status} ${text.slice(0, 300)}`);
  const json: unknown = text.startsWith('{') || text.startsWith('[') ? JSON.parse(text) : text;
  return { status: res.status, total: res.headers.get('x-total') ?? undefined, json };
}

/** A client of one Propolis as one user, for the benchmarks' set-up. */
export class Api {
  constructor(
    readonly url: string,
    private readonly auth: string,
  ) {}
  call(method: string, route: string, body?: unknown) {
    return callFull(this.url, this.auth, method, route, body);
  }
}

/** The benchmarks' organisation `bench` and its analyst `login` (with `password` when given). */
export async function createBenchAnalyst(admin: Api, login: string, password?: string): Promise<void> {
  await admin.call('POST', '/api/v1/organisation', { name: 'bench', description: 'Benchmark' });
  await admin.call('POST', '/api/v1/user', {
    login,
    name: 'Bench analyst',
    profile: 'analyst',
    organisation: 'bench',
    ...(password === undefined ? {} : { password }),
  });
}
