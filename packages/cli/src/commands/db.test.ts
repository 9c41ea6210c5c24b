/**
 * `propolis db copy`: a SQLite instance with cases, tasks, alerts and attachments is copied into a
 * new PostgreSQL database (needs DATABASE_URL; skipped without it), verified by the command, and a
 * server on the copy answers the same as the server on the original.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  call,
  haveCli,
  type Instance,
  newInstance,
  runCli,
  serve,
  socAnalyst,
  upload,
} from '../test-support/cli.js';

describe.skipIf(!haveCli() || !process.env.DATABASE_URL)('propolis db copy', () => {
  const instances: Instance[] = [];
  afterAll(async () => {
    for (const i of instances) await i.drop();
  });

  it('copies SQLite into PostgreSQL, and the copy serves the same answers', async () => {
    const sqlite = await newInstance({ postgres: false });
    instances.push(sqlite);
    const served = await serve(sqlite);
    const key = await socAnalyst(served);
    const kase = await call<{ _id: string }>(served.url, key, 'POST', '/api/v1/case', {
      title: 'Copied case',
      description: 'goes to PostgreSQL',
      tags: ['copy'],
      tasks: [{ title: 'Investigate' }, { title: 'Contain' }],
    });
    const [file] = await upload<Array<{ _id: string; attachment: { id: string } }>>(
      served.url,
      key,
      `/api/v1/case/${kase._id}/observable`,
      { dataType: 'file', message: 'evidence' },
      { field: 'attachment', name: 'evidence.bin', data: Buffer.from([0, 1, 2, 250, 251, 252]) },
    );
    for (let i = 0; i < 30; i++)
      await call(served.url, key, 'POST', '/api/v1/alert', {
        type: 'copy',
        source: 'db-copy',
        sourceRef: `c-${i}`,
        title: `Alert ${i}`,
        description: 'd',
        severity: 1 + (i % 3),
        observables: [{ dataType: 'domain', data: `host${i % 5}.example` }],
      });
    const questions: Array<[string, string, unknown]> = [
      ['POST', '/api/v1/query', { query: [{ _name: 'listCase' }] }],
      ['POST', '/api/v1/query', { query: [{ _name: 'getCase', idOrName: kase._id }, { _name: 'tasks' }] }],
      [
        'POST',
        '/api/v1/query',
        { query: [{ _name: 'getCase', idOrName: kase._id }, { _name: 'observables' }] },
      ],
      [
        'POST',
        '/api/v1/query',
        { query: [{ _name: 'listAlert' }, { _name: 'sort', _fields: [{ sourceRef: 'asc' }] }] },
      ],
      [
        'POST',
        '/api/alert/_stats',
        { query: {}, stats: [{ _agg: 'field', _field: 'severity', _select: [{ _agg: 'count' }] }] },
      ],
    ];
    const ask = async (url: string) => {
      const answers: unknown[] = [];
      for (const [method, route, body] of questions) answers.push(await call(url, key, method, route, body));
      const res = await fetch(
        `${url}/api/v1/observable/${file!._id}/attachment/${file!.attachment.id}/download`,
        {
          headers: { authorization: key },
        },
      );
      answers.push([...new Uint8Array(await res.arrayBuffer())]);
      return answers;
    };
    const before = await ask(served.url);
    await served.stop();

    const pg = await newInstance({ postgres: true });
    instances.push(pg);
    const env = { ...sqlite.env, PROPOLIS_COPY_TO: pg.databaseUrl };
    const copied = await runCli(['db', 'copy', '--json'], env);
    expect(copied.stderr).toBe('');
    expect(copied.code).toBe(0);
    const result = JSON.parse(copied.stdout);
    expect(result.tables.every((t: { verified: boolean }) => t.verified)).toBe(true);
    expect(result.tables.find((t: { table: string }) => t.table === 'alert').rows).toBe(30);
    expect(copied.stdout).not.toMatch(/postgres:\/\/[^@]*:[^@]*@/); // never a password
    // a second copy into the same (now full) database is refused without --force
    expect((await runCli(['db', 'copy'], env)).code).toBe(2);

    const onPg = await serve(pg);
    try {
      expect(await ask(onPg.url)).toEqual(before);
      // new rows continue after the copied ids
      const next = await call<{ number: number }>(onPg.url, key, 'POST', '/api/v1/case', {
        title: 'After',
        description: 'd',
      });
      expect(next.number).toBe(2);
    } finally {
      await onPg.stop();
    }
  }, 240_000);
});
