/**
 * Attachments as objects (docs/attachments.md): thehive4py 2.x sequences on cases, task logs and
 * the organisation, downloads compared byte for byte with their recorded hashes, permission denial,
 * isolation and bad input, on SQLite and PostgreSQL.
 */
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { expectOk } from '../../test-support/factories.js';
import type { HttpClient } from '../../test-support/http.js';
import { useOrganisation } from '../../test-support/identity.js';
import { postMultipart } from '../../test-support/multipart.js';
import { useTestServer } from '../../test-support/server.js';

const server = useTestServer();
const soc = useOrganisation(server, 'att-soc');
const other = useOrganisation(server, 'att-other');

const hash = (alg: string, b: Uint8Array) => createHash(alg).update(b).digest('hex');

async function bytesOf(client: HttpClient, path: string): Promise<{ status: number; bytes: Buffer }> {
  const res = await fetch(`${client.url}${path}`, {
    headers: { authorization: `Bearer ${client.auth.key}`, 'x-organisation': client.auth.organisation ?? '' },
  });
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()) };
}

const files = (...items: Array<[string, Uint8Array]>) =>
  items.map(([filename, data]) => ({
    name: 'attachments',
    filename,
    data,
    contentType: 'application/octet-stream',
  }));

describe('case attachments', () => {
  it('uploads several, lists, gets, downloads byte for byte, deletes one', async () => {
    const a = soc.analyst;
    const kase = await expectOk(a.post('/api/v1/case', { title: 'att case', description: 'x' }), 'case');
    const one = randomBytes(3000);
    const two = Buffer.from('second file\n');
    const up = await postMultipart(
      a,
      `/api/v1/case/${kase._id}/attachments`,
      files(['one.bin', one], ['two.txt', two]),
    );
    expect(up.status, up.text).toBe(201);
    expect(up.body.attachments).toHaveLength(2);
    const first = up.body.attachments[0];
    expect(first).toEqual({
      _id: expect.stringMatching(/^~\d+$/),
      _type: 'Attachment',
      _createdBy: soc.logins.analyst,
      _createdAt: expect.any(Number),
      name: 'one.bin',
      hashes: [hash('sha256', one), hash('sha1', one), hash('md5', one)],
      size: 3000,
      contentType: 'application/octet-stream',
      id: hash('sha256', one),
      path: `/api/v1/attachment/${first._id}/download`,
      extraData: {},
    });
    // thehive4py case.find_attachments
    const found = await a.post('/api/v1/query?name=case-attachments', {
      query: [{ _name: 'getCase', idOrName: kase._id }, { _name: 'attachments' }],
    });
    expect(found.status, found.text).toBe(200);
    expect(found.body.map((x: { name: string }) => x.name)).toEqual(['one.bin', 'two.txt']);
    const counted = await a.post('/api/v1/query', {
      query: [{ _name: 'getCase', idOrName: kase._id }, { _name: 'attachments' }, { _name: 'count' }],
    });
    expect(counted.body).toBe(2);
    const got = await a.get(`/api/v1/case/${kase._id}/attachment/${first._id}`);
    expect(got.body).toEqual(first);
    const dl = await bytesOf(a, `/api/v1/case/${kase._id}/attachment/${first._id}/download`);
    expect(dl.status).toBe(200);
    expect(dl.bytes.equals(one)).toBe(true);
    // read-only reads, cannot write; another organisation sees nothing
    expect((await soc.readOnly.get(`/api/v1/case/${kase._id}/attachments`)).body).toHaveLength(2);
    const denied = await postMultipart(
      soc.readOnly,
      `/api/v1/case/${kase._id}/attachments`,
      files(['x', two]),
    );
    expect(denied.status).toBe(403);
    expect((await soc.readOnly.delete(`/api/v1/case/${kase._id}/attachment/${first._id}`)).status).toBe(403);
    expect((await other.analyst.get(`/api/v1/case/${kase._id}/attachment/${first._id}`)).status).toBe(404);
    expect((await bytesOf(other.analyst, `/api/v1/attachment/${first._id}/download`)).status).toBe(404);
    // delete one
    expect((await a.delete(`/api/v1/case/${kase._id}/attachment/${first._id}`)).status).toBe(204);
    const left = await a.get(`/api/v1/case/${kase._id}/attachments`);
    expect(left.body.map((x: { name: string }) => x.name)).toEqual(['two.txt']);
    expect((await a.get(`/api/v1/case/${kase._id}/attachment/${first._id}`)).status).toBe(404);
  });

  it('refuses a JSON body, an upload without files, an unknown case', async () => {
    const a = soc.analyst;
    const kase = await expectOk(a.post('/api/v1/case', { title: 'att bad', description: 'x' }), 'case');
    const json = await a.post(`/api/v1/case/${kase._id}/attachments`, { attachments: ['/etc/passwd'] });
    expect(json.status).toBe(400);
    expect(json.body.message).toContain('multipart');
    const none = await postMultipart(a, `/api/v1/case/${kase._id}/attachments`, [
      { name: 'canRename', value: 'true' },
    ]);
    expect(none.status).toBe(400);
    const unknown = await postMultipart(
      a,
      '/api/v1/case/~99999999/attachments',
      files(['x', Buffer.from('x')]),
    );
    expect(unknown.status).toBe(404);
    expect((await a.get(`/api/v1/case/${kase._id}/attachments`)).body).toEqual([]);
  });
});

describe('task log and organisation attachments', () => {
  it('adds several files to a log and deletes one', async () => {
    const a = soc.analyst;
    const kase = await expectOk(a.post('/api/v1/case', { title: 'log att', description: 'x' }), 'case');
    const task = await expectOk(a.post(`/api/v1/case/${kase._id}/task`, { title: 't' }), 'task');
    const log = await expectOk(a.post(`/api/v1/task/${task._id}/log`, { message: 'm' }), 'log');
    const up = await postMultipart(
      a,
      `/api/v1/log/${log._id}/attachments`,
      files(['a.txt', Buffer.from('aaa')], ['b.txt', Buffer.from('bbb')]),
    );
    expect(up.status, up.text).toBe(201);
    const read = await a.get(`/api/v1/log/${log._id}`);
    expect(read.body.attachments.map((x: { name: string }) => x.name)).toEqual(['a.txt', 'b.txt']);
    const del = await a.delete(`/api/v1/log/${log._id}/attachments/${up.body.attachments[0]._id}`);
    expect(del.status).toBe(204);
    const found = await a.post('/api/v1/query', {
      query: [{ _name: 'getLog', idOrName: log._id }, { _name: 'attachments' }],
    });
    expect(found.body.map((x: { name: string }) => x.name)).toEqual(['b.txt']);
  });

  it('keeps knowledge-base files of the organisation', async () => {
    const a = soc.analyst;
    const data = randomBytes(500);
    const up = await postMultipart(a, '/api/v1/attachment', [
      { name: 'canRename', value: 'True' },
      ...files(['playbook.pdf', data]),
    ]);
    expect(up.status, up.text).toBe(201);
    const att = up.body.attachments[0];
    expect((await a.get('/api/v1/attachment')).body.map((x: { name: string }) => x.name)).toEqual([
      'playbook.pdf',
    ]);
    expect((await a.get(`/api/v1/attachment/${att._id}`)).body.id).toBe(hash('sha256', data));
    const dl = await bytesOf(a, `/api/v1/attachment/${att._id}/download`);
    expect(dl.bytes.equals(data)).toBe(true);
    expect((await other.analyst.get('/api/v1/attachment')).body).toEqual([]);
    expect((await other.analyst.delete(`/api/v1/attachment/${att._id}`)).status).toBe(404);
    expect((await soc.readOnly.delete(`/api/v1/attachment/${att._id}`)).status).toBe(403);
    expect((await a.delete(`/api/v1/attachment/${att._id}`)).status).toBe(204);
    expect((await a.get('/api/v1/attachment')).body).toEqual([]);
  });
});
