/**
 * The typed client against a real server: identity, cases, tasks, logs and observables, and
 * server errors surfacing as PropolisApiError with TheHive's type.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_LOGIN, ADMIN_PASSWORD, useTestServer } from '../../server/src/test-support/server.js';
import { PropolisApiError, PropolisClient } from './client.js';

describe('PropolisClient', () => {
  const server = useTestServer();
  let admin: PropolisClient;
  beforeAll(async () => {
    admin = new PropolisClient({ url: server.url, username: ADMIN_LOGIN, password: ADMIN_PASSWORD });
  });

  it('administers identity and works a case as an analyst with an API key', async () => {
    await admin.organisation.create({ name: 'soc', description: 'SOC' });
    const user = await admin.user.create({
      login: 'ana@soc.test',
      name: 'Ana',
      profile: 'analyst',
      organisation: 'soc',
    });
    expect(user.profile).toBe('analyst');
    const key = await admin.user.renewApiKey('ana@soc.test');
    const ana = new PropolisClient({ url: `${server.url}/`, apiKey: key, organisation: 'soc' });
    expect((await ana.user.current()).organisation).toBe('soc');

    const kase = await ana.case.create({
      title: 'Client case',
      description: 'd',
      tasks: [{ title: 'First' }],
    });
    expect(kase.number).toBe(1);
    expect((await ana.case.get(1))._id).toBe(kase._id);
    await ana.case.update(kase._id, { addTags: ['client'] });
    expect((await ana.case.get(kase._id)).tags).toEqual(['client']);
    const [task] = await ana.case.tasks(kase._id);
    const log = await ana.task.addLog(task!._id, { message: 'done' });
    expect(log.owner).toBe('ana@soc.test');
    const [obs] = await ana.case.createObservable(kase._id, { dataType: 'ip', data: '10.0.0.1', ioc: true });
    expect((await ana.observable.get(obs!._id)).ioc).toBe(true);
    await ana.case.close(kase._id, 'TruePositive', 'contained');
    expect((await ana.case.get(kase._id)).stage).toBe('Closed');
    expect((await ana.task.get(task!._id)).status).toBe('Completed');
  });

  it('throws PropolisApiError with the server type and message', async () => {
    const error = await admin.case.get(999).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PropolisApiError);
    expect((error as PropolisApiError).status).toBe(404);
    expect((error as PropolisApiError).message).toMatch(/^NotFoundError - /);
    expect(() => new PropolisClient({ url: server.url })).toThrow(/apiKey/);
  });

  it('tells onError of every error answer before throwing, and answers query totals', async () => {
    const seen: string[] = [];
    const client = new PropolisClient({
      url: server.url,
      username: ADMIN_LOGIN,
      password: ADMIN_PASSWORD,
      onError: (error) => {
        seen.push(`${error.status} ${error.request}`);
        throw new Error('a listener failing changes nothing');
      },
    });
    const missing = await client.organisation.get('nowhere').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(PropolisApiError);
    expect(seen).toEqual(['404 GET /api/v1/organisation/nowhere']);
    const stranger = new PropolisClient({
      url: server.url,
      session: true,
      onError: (e) => seen.push(`${e.status}`),
    });
    await stranger.user.current().catch(() => undefined);
    expect(seen.at(-1)).toBe('401');

    const { items, total } = await client.query.withTotal<{ name: string }>([
      { _name: 'listOrganisation' },
      { _name: 'sort', _fields: [{ name: 'asc' }] },
      { _name: 'page', from: 0, to: 1, extraData: ['total'] },
    ]);
    expect(items).toHaveLength(1);
    expect(total).toBe(await client.organisation.count());
  });
});
