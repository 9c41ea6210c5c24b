/**
 * Case export and import (docs/case-export.md): a case with tasks, logs with files, observables (a
 * file among them), case files, custom fields, pages, comments, procedures and custom events exported from one Propolis and imported into a
 * fresh one comes back identical, files byte for byte; wrong passwords and corrupt archives are
 * 400s that create nothing. SQLite and PostgreSQL.
 */
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectOk } from '../../test-support/factories.js';
import type { HttpClient } from '../../test-support/http.js';
import { useOrganisation } from '../../test-support/identity.js';
import { postMultipart } from '../../test-support/multipart.js';
import { useTestServer } from '../../test-support/server.js';

const source = useTestServer();
const target = useTestServer();
const soc = useOrganisation(source, 'exp-soc');
const fresh = useOrganisation(target, 'fresh');

async function bytesOf(client: HttpClient, path: string) {
  const res = await fetch(`${client.url}${path}`, {
    headers: { authorization: `Bearer ${client.auth.key}`, 'x-organisation': client.auth.organisation ?? '' },
  });
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    bytes: Buffer.from(await res.arrayBuffer()),
  };
}

const importArchive = (client: HttpClient, archive: Uint8Array, json: unknown) =>
  postMultipart(client, '/api/v1/case/import', [
    { name: '_json', value: JSON.stringify(json) },
    { name: 'file', filename: 'case.zip', data: archive, contentType: 'application/zip' },
  ]);

const files = {
  log1: randomBytes(2048),
  log2: Buffer.from('second log file'),
  obs: randomBytes(999),
  kase: randomBytes(4096),
};
let caseId: string;

const CATALOG = {
  type: 'bundle',
  objects: [
    {
      type: 'attack-pattern',
      id: 'attack-pattern--exp',
      name: 'Spearphishing',
      external_references: [{ source_name: 'mitre-attack', external_id: 'T0865' }],
      kill_chain_phases: [{ kill_chain_name: 'mitre-ics-attack', phase_name: 'initial-access' }],
    },
  ],
};

beforeAll(async () => {
  for (const server of [source, target])
    await expectOk(
      server.admin.post('/api/v1/customField', { name: 'exp-ref', type: 'string', description: 'ref' }),
      'cf',
    );
  await expectOk(source.admin.post('/api/v1/pattern/import/attack', CATALOG), 'catalog');
  const a = soc.analyst;
  const kase = await expectOk(
    a.post('/api/v1/case', {
      title: 'exported case',
      description: 'all of it',
      severity: 3,
      tags: ['apt', 'export'],
      flag: true,
      tlp: 3,
      pap: 1,
      summary: 'a summary',
      customFields: [{ name: 'exp-ref', value: 'REF-1', order: 0 }],
    }),
    'case',
  );
  caseId = kase._id;
  const task = await expectOk(
    a.post(`/api/v1/case/${caseId}/task`, { title: 'investigate', group: 'triage' }),
    'task',
  );
  await expectOk(a.post(`/api/v1/case/${caseId}/task`, { title: 'contain', mandatory: true }), 'task2');
  await expectOk(
    postMultipart(a, `/api/v1/task/${task._id}/log`, [
      { name: '_json', value: JSON.stringify({ message: 'found **things**' }) },
      { name: 'attachments', filename: 'one.bin', data: files.log1 },
      { name: 'attachments', filename: 'two.txt', data: files.log2 },
    ]),
    'log',
  );
  await expectOk(a.post(`/api/v1/task/${task._id}/log`, { message: 'plain log' }), 'log2');
  await expectOk(
    a.post(`/api/v1/case/${caseId}/observable`, {
      dataType: 'domain',
      data: 'evil.example',
      ioc: true,
      tags: ['c2'],
      message: 'm',
    }),
    'obs',
  );
  await expectOk(
    postMultipart(a, `/api/v1/case/${caseId}/observable`, [
      { name: '_json', value: JSON.stringify({ dataType: 'file', message: 'sample' }) },
      { name: 'attachment', filename: 'sample.exe', data: files.obs },
    ]),
    'file obs',
  );
  await expectOk(
    postMultipart(a, `/api/v1/case/${caseId}/attachments`, [
      { name: 'attachments', filename: 'report.pdf', data: files.kase },
    ]),
    'case file',
  );
  await expectOk(a.post(`/api/v1/case/${caseId}/comment`, { message: 'first **comment**' }), 'comment');
  const edited = await expectOk(a.post(`/api/v1/case/${caseId}/comment`, { message: 'draft' }), 'comment');
  expect((await a.patch(`/api/v1/comment/${edited._id}`, { message: 'second, edited' })).status).toBe(204);
  await expectOk(
    a.post(`/api/v1/case/${caseId}/page`, { title: 'notes', category: 'analysis', content: '# Notes\n- a' }),
    'page',
  );
  await expectOk(
    a.post(`/api/v1/case/${caseId}/procedure`, {
      patternId: 'T0865',
      occurDate: 1_700_000_000_000,
      tactic: 'initial-access',
      description: 'mail with a macro',
    }),
    'procedure',
  );
  await expectOk(
    a.post(`/api/v1/case/${caseId}/customEvent`, { date: 1_700_000_100_000, title: 'call with the CERT' }),
    'event',
  );
});

/** Everything a client reads of a case, without the ids and numbers an import renews. */
async function snapshot(client: HttpClient, id: string) {
  const strip = (o: Record<string, unknown>) => {
    const { _id, number, id: _sha, path, ...rest } = o;
    void _id;
    void number;
    void path;
    return { ...rest, ...(typeof _sha === 'string' && _sha.length === 64 ? { id: _sha } : {}) };
  };
  const q = async (steps: unknown[]) =>
    (await client.post('/api/v1/query', { query: steps })).body as Record<string, unknown>[];
  const kase = (await client.get(`/api/v1/case/${id}`)).body;
  const { customFields, ...caseRest } = strip(kase) as Record<string, unknown> & {
    customFields: Array<Record<string, unknown>>;
  };
  const tasks = await q([
    { _name: 'getCase', idOrName: id },
    { _name: 'tasks' },
    { _name: 'sort', _fields: [{ title: 'asc' }] },
  ]);
  const out = {
    case: caseRest,
    customFields: customFields.map(({ _id, ...c }) => c),
    tasks: [] as unknown[],
    observables: (
      await q([
        { _name: 'getCase', idOrName: id },
        { _name: 'observables' },
        { _name: 'sort', _fields: [{ dataType: 'asc' }] },
      ])
    ).map((o) => ({
      ...strip(o),
      attachment: o.attachment ? strip(o.attachment as Record<string, unknown>) : undefined,
    })),
    attachments: (await client.get(`/api/v1/case/${id}/attachments`)).body.map(strip),
    comments: (
      await q([
        { _name: 'getCase', idOrName: id },
        { _name: 'comments' },
        { _name: 'sort', _fields: [{ _createdAt: 'asc' }] },
      ])
    ).map(strip),
    pages: (await q([{ _name: 'getCase', idOrName: id }, { _name: 'pages' }])).map(strip),
    procedures: (await q([{ _name: 'getCase', idOrName: id }, { _name: 'procedures' }])).map(strip),
    timeline: ((await client.get(`/api/v1/case/${id}/timeline`)).body.events as Record<string, unknown>[])
      .map((e) => ({
        date: e.date,
        kind: e.kind,
        entity: e.entity,
        title: (e.details as { title?: string }).title,
      }))
      .sort((x, y) => Number(x.date) - Number(y.date) || String(x.kind).localeCompare(String(y.kind))),
  };
  for (const t of tasks) {
    const logs = await q([
      { _name: 'getTask', idOrName: t._id },
      { _name: 'logs' },
      { _name: 'sort', _fields: [{ date: 'asc' }] },
    ]);
    out.tasks.push({
      ...strip(t),
      logs: logs.map((l) => ({
        ...strip(l),
        attachment: l.attachment ? strip(l.attachment as Record<string, unknown>) : undefined,
        attachments: ((l.attachments as Record<string, unknown>[]) ?? []).map(strip),
      })),
    });
  }
  return out;
}

describe('case export and import', () => {
  it('exports a password-protected zip and imports it into a fresh Propolis, losing nothing', async () => {
    const exported = await bytesOf(soc.analyst, `/api/v1/case/${caseId}/export?password=s3cret-pw`);
    expect(exported.status).toBe(200);
    expect(exported.type).toContain('application/zip');
    expect(exported.bytes.subarray(0, 2).toString()).toBe('PK');
    // the archive is encrypted: the case text is not readable in it
    expect(exported.bytes.includes(Buffer.from('exported case'))).toBe(false);
    // the fresh Propolis lacks the technique the procedure names: refused, nothing created
    const early = await importArchive(fresh.analyst, exported.bytes, { password: 's3cret-pw' });
    expect(early.status, early.text).toBe(400);
    expect(early.body.message).toContain('T0865');
    const none = await fresh.analyst.post('/api/v1/query', {
      query: [{ _name: 'listCase' }, { _name: 'count' }],
    });
    expect(none.body).toBe(0);
    await expectOk(target.admin.post('/api/v1/pattern/import/attack', CATALOG), 'catalog');
    const imported = await importArchive(fresh.analyst, exported.bytes, { password: 's3cret-pw' });
    expect(imported.status, imported.text).toBe(201);
    expect(imported.body).toMatchObject({ _type: 'Case', title: 'exported case', number: 1 });
    const before = await snapshot(soc.analyst, caseId);
    const after = await snapshot(fresh.analyst, imported.body._id);
    expect(after).toEqual(before);
    expect(before.tasks).toHaveLength(2);
    expect((before.comments as Array<Record<string, unknown>>).map((c) => [c.message, c.isEdited])).toEqual([
      ['first **comment**', false],
      ['second, edited', true],
    ]);
    expect(before.pages).toHaveLength(1);
    expect(before.procedures).toMatchObject([{ patternId: 'T0865', description: 'mail with a macro' }]);
    expect(JSON.stringify(before.timeline)).toContain('call with the CERT');
    expect((before.tasks[1] as { logs: unknown[] }).logs).toHaveLength(2);
    // files byte for byte
    const newCase = imported.body._id;
    const caseFiles = (await fresh.analyst.get(`/api/v1/case/${newCase}/attachments`)).body;
    const got = await bytesOf(
      fresh.analyst,
      `/api/v1/case/${newCase}/attachment/${caseFiles[0]._id}/download`,
    );
    expect(got.bytes.equals(files.kase)).toBe(true);
    const obs = (
      await fresh.analyst.post('/api/v1/query', {
        query: [
          { _name: 'getCase', idOrName: newCase },
          { _name: 'observables' },
          { _name: 'filter', _eq: { _field: 'dataType', _value: 'file' } },
        ],
      })
    ).body[0];
    expect(
      (await bytesOf(fresh.analyst, `/api/datastore/${obs.attachment.id}`)).bytes.equals(files.obs),
    ).toBe(true);
    const logFiles = (
      after.tasks as Array<{ logs: Array<{ attachments: Array<{ id: string; name: string }> }> }>
    )
      .flatMap((t) => t.logs)
      .flatMap((l) => l.attachments);
    expect(logFiles.map((f) => f.name).sort()).toEqual(['one.bin', 'two.txt']);
    for (const f of logFiles) {
      const d = await bytesOf(fresh.analyst, `/api/datastore/${f.id}`);
      expect(d.bytes.equals(f.name === 'one.bin' ? files.log1 : files.log2)).toBe(true);
    }
  });

  it('imports into another organisation of the same Propolis, shared if asked', async () => {
    const other = await expectOk(
      source.admin.post('/api/v1/organisation', { name: 'exp-dst', description: 'd' }),
      'org',
    );
    void other;
    await expectOk(source.admin.put('/api/v1/organisation/exp-dst/link/exp-soc', {}), 'link');
    await expectOk(
      source.admin.post('/api/v1/user', {
        login: 'analyst@exp-dst.test',
        name: 'a',
        profile: 'analyst',
        organisation: 'exp-dst',
      }),
      'user',
    );
    const key = (await source.admin.post('/api/v1/user/analyst@exp-dst.test/key/renew')).text;
    const { HttpClient: Client } = await import('../../test-support/http.js');
    const dst = new Client(source.url, { key, organisation: 'exp-dst' });
    const exported = await bytesOf(soc.analyst, `/api/v1/case/${caseId}/export?password=pw-2-pw`);
    const imported = await importArchive(dst, exported.bytes, {
      password: 'pw-2-pw',
      sharingParameters: [{ organisation: 'exp-soc', profile: 'read-only' }],
    });
    expect(imported.status, imported.text).toBe(201);
    expect(await snapshot(dst, imported.body._id)).toEqual(await snapshot(soc.analyst, caseId));
    const shares = await dst.get(`/api/v1/case/${imported.body._id}/shares`);
    expect(shares.body.map((s: { organisationName: string }) => s.organisationName)).toEqual(['exp-soc']);
  });

  it('refuses a wrong password, a corrupt archive, a missing password or file, changing nothing', async () => {
    const exported = await bytesOf(soc.analyst, `/api/v1/case/${caseId}/export?password=right-pw`);
    const count = async () =>
      (await fresh.analyst.post('/api/v1/query', { query: [{ _name: 'listCase' }, { _name: 'count' }] }))
        .body;
    const before = await count();
    const corrupt = Buffer.from(exported.bytes);
    corrupt.fill(0, 200, 400);
    for (const [archive, json, text] of [
      [exported.bytes, { password: 'wrong-pw' }, 'password'],
      [randomBytes(5000), { password: 'right-pw' }, 'archive'],
      [corrupt, { password: 'right-pw' }, ''],
      [exported.bytes.subarray(0, exported.bytes.length - 100), { password: 'right-pw' }, ''],
      [exported.bytes, {}, 'password'],
    ] as const) {
      const res = await importArchive(fresh.analyst, archive, json);
      expect(res.status, res.text).toBe(400);
      expect(res.body.type).toBe('BadRequest');
      expect(res.body.message).toContain(text);
    }
    const noFile = await postMultipart(fresh.analyst, '/api/v1/case/import', [
      { name: '_json', value: JSON.stringify({ password: 'right-pw' }) },
    ]);
    expect(noFile.status).toBe(400);
    expect((await fresh.analyst.post('/api/v1/case/import', { password: 'x' })).status).toBe(400);
    expect((await importArchive(fresh.readOnly, exported.bytes, { password: 'right-pw' })).status).toBe(403);
    expect(await count()).toBe(before);
    // export needs a password, and the case visible
    expect((await soc.analyst.get(`/api/v1/case/${caseId}/export`)).status).toBe(400);
    expect((await fresh.analyst.get('/api/v1/case/~99999999/export?password=abcdef')).status).toBe(404);
  });
});
