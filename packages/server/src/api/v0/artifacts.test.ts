/**
 * Case artifacts through the v0 API with the requests thehive4py 1.x sends (JSON, and multipart
 * with `_json` as a plain field + `attachment`), similar artifacts, links, and datastore downloads
 * opened with Debian's unzip.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import type { HttpClient } from '../../test-support/http.js';
import { useOrganisation } from '../../test-support/identity.js';
import { type Part, postMultipart } from '../../test-support/multipart.js';
import { useTestServer } from '../../test-support/server.js';

const run = promisify(execFile);
const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

/** thehive4py 1.x `create_case_observable` with a file: `_json` plain field + `attachment` file part. */
const py1File = (
  json: unknown,
  filename: string,
  data: Uint8Array | string,
  contentType = 'text/plain',
): Part[] => [
  { name: '_json', value: JSON.stringify(json) },
  { name: 'attachment', filename, data, contentType },
];

async function binary(
  client: HttpClient,
  path: string,
): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const headers: Record<string, string> = {};
  if (client.auth.key) headers.authorization = `Bearer ${client.auth.key}`;
  if (client.auth.organisation) headers['x-organisation'] = client.auth.organisation;
  const res = await fetch(`${client.url}${path}`, { headers });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

describe('v0 artifacts', () => {
  const server = useTestServer();
  const soc = useOrganisation(server, 'art-soc');
  const other = useOrganisation(server, 'art-other');
  let case1: { _id: string; caseId: number };
  let case2: { _id: string; caseId: number };

  beforeAll(async () => {
    const v0Case = async (title: string) => {
      const res = await soc.analyst.post('/api/case', {
        title,
        description: 'x',
        tlp: 2,
        severity: 2,
        tags: [],
      });
      if (res.status !== 201) throw new Error(`cannot create case: ${res.status} ${res.text}`);
      return res.body;
    };
    case1 = await v0Case('First');
    case2 = await v0Case('Second');
  });

  it('creates an artifact from thehive4py 1.x JSON and answers one case_artifact object', async () => {
    const res = await soc.analyst.post(`/api/case/${case1._id}/artifact`, {
      data: '198.51.100.7',
      dataType: 'ip',
      ioc: true,
      message: 'scanner',
      sighted: false,
      tags: ['scan'],
      tlp: 3,
      ignoreSimilarity: false,
    });
    expect(res.status).toBe(201);
    expect(Array.isArray(res.body)).toBe(false);
    expect(res.body).toMatchObject({
      _type: 'case_artifact',
      _parent: case1._id,
      dataType: 'ip',
      data: '198.51.100.7',
      ioc: true,
      sighted: false,
      message: 'scanner',
      tags: ['scan'],
      tlp: 3,
      status: 'Ok',
      reports: {},
      createdBy: soc.logins.analyst,
    });
    expect(res.body.id).toBe(res.body._id);
    // v0 RED (3) is RED (4) on the v1 scale.
    expect((await soc.analyst.get(`/api/v1/observable/${res.body._id}`)).body.tlp).toBe(4);
    // Addressing the case by number works too.
    const byNumber = await soc.analyst.post(`/api/case/${case1.caseId}/artifact`, {
      dataType: 'other',
      data: 'by number',
      tlp: 2,
    });
    expect(byNumber.status).toBe(201);
  });

  it('answers an array for a data array, and 400s for bad input', async () => {
    const res = await soc.analyst.post(`/api/case/${case1._id}/artifact`, {
      dataType: 'hash',
      data: ['44D88612FEA8A8F36DE82E1278ABB02F', '3395856ce81f2b7382dee72602f798b642f14140'],
      tlp: 2,
    });
    expect(res.status).toBe(201);
    expect(res.body.map((a: { data: string }) => a.data)).toEqual([
      '44d88612fea8a8f36de82e1278abb02f',
      '3395856ce81f2b7382dee72602f798b642f14140',
    ]);
    const unknown = await soc.analyst.post(`/api/case/${case1._id}/artifact`, {
      dataType: 'nope',
      data: 'x',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toContain('dataType');
    const badIp = await soc.analyst.post(`/api/case/${case1._id}/artifact`, {
      dataType: 'ip',
      data: '1.2.3',
    });
    expect(badIp.status).toBe(400);
    expect(badIp.body.message).toContain('data');
    const neither = await soc.analyst.post(`/api/case/${case1._id}/artifact`, {
      dataType: 'file',
      message: 'no file',
    });
    expect(neither.status).toBe(400);
    expect(neither.body.message).toContain('attachment');
    const badTlp = await soc.analyst.post(`/api/case/${case1._id}/artifact`, {
      dataType: 'other',
      data: 'x',
      tlp: 7,
    });
    expect(badTlp.status).toBe(400);
    expect(badTlp.body.message).toContain('tlp');
  });

  it('creates a file artifact from thehive4py 1.x multipart, and serves it from the datastore', async () => {
    const content = Buffer.from('X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*');
    const res = await postMultipart(
      soc.analyst,
      `/api/case/${case1._id}/artifact`,
      py1File(
        { dataType: 'file', message: 'eicar', tlp: 2, tags: ['av'], ioc: false, sighted: true },
        '/home/eve/samples/eicar.com',
        content,
      ),
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      _type: 'case_artifact',
      dataType: 'file',
      message: 'eicar',
      sighted: true,
      attachment: {
        name: 'eicar.com',
        hashes: [
          sha256(content),
          createHash('sha1').update(content).digest('hex'),
          createHash('md5').update(content).digest('hex'),
        ],
        size: content.length,
        contentType: 'text/plain',
        id: sha256(content),
      },
    });
    expect(res.body.data).toBeUndefined();
    const hash = res.body.attachment.id;

    const raw = await binary(soc.readOnly, `/api/datastore/${hash}?name=eicar.com`);
    expect(raw.status).toBe(200);
    expect(raw.bytes.equals(content)).toBe(true);
    expect(raw.headers.get('content-disposition')).toBe(
      `attachment; filename="eicar.com"; filename*=UTF-8''eicar.com`,
    );
    expect(raw.headers.get('content-type')).toBe('application/octet-stream');
    const noName = await binary(soc.readOnly, `/api/datastore/${hash}`);
    expect(noName.headers.get('content-disposition')).toContain('filename="eicar.com"');
    const unicode = await binary(
      soc.readOnly,
      `/api/datastore/${hash}?name=${encodeURIComponent('échantillon "1".bin')}`,
    );
    expect(unicode.headers.get('content-disposition')).toBe(
      `attachment; filename="_chantillon _1_.bin"; filename*=UTF-8''%C3%A9chantillon%20_1_.bin`,
    );

    // Another organisation cannot reach the blob, even knowing its hash; unknown hashes are 404 too.
    expect((await binary(other.analyst, `/api/datastore/${hash}`)).status).toBe(404);
    expect((await binary(other.analyst, `/api/datastorezip/${hash}`)).status).toBe(404);
    expect((await binary(soc.analyst, `/api/datastore/${'0'.repeat(64)}`)).status).toBe(404);
    expect((await binary(soc.analyst, '/api/datastore/not-a-hash')).status).toBe(404);

    // The zip opens with Debian's unzip and the password "malware"; thehive4py 1.x sends `?name<file>`.
    const dir = await mkdtemp(path.join(tmpdir(), 'propolis-datastorezip-'));
    try {
      const zip = await binary(
        soc.readOnly,
        `/api/datastorezip/${hash}?name${encodeURIComponent('eicar.com')}`,
      );
      expect(zip.status).toBe(200);
      expect(zip.headers.get('content-type')).toBe('application/zip');
      expect(zip.headers.get('content-disposition')).toContain('filename="eicar.com.zip"');
      await writeFile(path.join(dir, 'download.zip'), zip.bytes);
      await run('/usr/bin/unzip', ['-P', 'malware', 'download.zip'], { cwd: dir });
      expect(sha256(await readFile(path.join(dir, 'eicar.com')))).toBe(hash);
      await expect(
        run('/usr/bin/unzip', ['-P', 'wrong', '-o', 'download.zip', '-d', 'x'], { cwd: dir }),
      ).rejects.toThrow();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reads with nstats, updates, bulk-updates, lists similar artifacts and case links', async () => {
    const a = (
      await soc.analyst.post(`/api/case/${case1._id}/artifact`, {
        dataType: 'domain',
        data: 'Shared.Example',
        tlp: 2,
        ioc: false,
      })
    ).body;
    const b = (
      await soc.analyst.post(`/api/case/${case2._id}/artifact`, {
        dataType: 'domain',
        data: 'shared.example',
        tlp: 2,
        ioc: true,
      })
    ).body;
    expect(b.data).toBe('shared.example');

    const stats = await soc.readOnly.get(`/api/case/artifact/${a._id}?nstats=true`);
    expect(stats.status).toBe(200);
    expect(stats.body.stats).toEqual({ seen: 1, ioc: true });
    expect((await soc.readOnly.get(`/api/case/artifact/${a._id}`)).body.stats).toBeUndefined();

    const similar = await soc.readOnly.get(`/api/case/artifact/${a._id}/similar`);
    expect(similar.status).toBe(200);
    expect(similar.body).toHaveLength(1);
    expect(similar.body[0]).toMatchObject({
      _id: b._id,
      _type: 'case_artifact',
      case: { _id: case2._id, title: 'Second' },
    });

    const links = await soc.readOnly.get(`/api/case/${case1._id}/links`);
    expect(links.status).toBe(200);
    const link = links.body.find((l: { _id: string }) => l._id === case2._id);
    expect(link).toMatchObject({ _type: 'case', caseId: case2.caseId, title: 'Second', linksCount: 1 });
    expect(link.description).toBeUndefined();
    expect(link.linkedWith.map((x: { _id: string }) => x._id)).toEqual([b._id]);

    const patched = await soc.analyst.patch(`/api/case/artifact/${a._id}`, {
      message: 'updated',
      tlp: 3,
      tags: ['x'],
      ioc: true,
      sighted: false,
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      _id: a._id,
      message: 'updated',
      tlp: 3,
      tags: ['x'],
      ioc: true,
      updatedBy: soc.logins.analyst,
    });
    // the type may change (as in TheHive 5), to a type that exists
    const readOnlyField = await soc.analyst.patch(`/api/case/artifact/${a._id}`, {
      dataType: 'no-such-type',
    });
    expect(readOnlyField.status).toBe(400);
    expect(readOnlyField.body.message).toContain('dataType');

    // AMBER+STRICT survives a v0 round trip that sends the tlp it read.
    await soc.analyst.patch(`/api/v1/observable/${b._id}`, { tlp: 3 });
    const v0b = (await soc.analyst.get(`/api/case/artifact/${b._id}`)).body;
    expect(v0b.tlp).toBe(2);
    await soc.analyst.patch(`/api/case/artifact/${b._id}`, { tlp: v0b.tlp, message: 'm' });
    expect((await soc.analyst.get(`/api/v1/observable/${b._id}`)).body.tlp).toBe(3);

    const bulk = await soc.analyst.patch('/api/case/artifact/_bulk', { ids: [a._id, b._id], sighted: true });
    expect(bulk.status).toBe(200);
    expect(bulk.body.map((x: { sighted: boolean }) => x.sighted)).toEqual([true, true]);
  });

  it('enforces permissions and organisations', async () => {
    const a = (
      await soc.analyst.post(`/api/case/${case1._id}/artifact`, { dataType: 'other', data: 'perm', tlp: 2 })
    ).body;
    expect(
      (await soc.readOnly.post(`/api/case/${case1._id}/artifact`, { dataType: 'other', data: 'ro', tlp: 2 }))
        .status,
    ).toBe(403);
    expect((await soc.readOnly.patch(`/api/case/artifact/${a._id}`, { ioc: true })).status).toBe(403);
    expect((await soc.readOnly.patch('/api/case/artifact/_bulk', { ids: [a._id], ioc: true })).status).toBe(
      403,
    );
    expect((await soc.readOnly.delete(`/api/case/artifact/${a._id}`)).status).toBe(403);
    const ro = await postMultipart(
      soc.readOnly,
      `/api/case/${case1._id}/artifact`,
      py1File({ dataType: 'file' }, 'f.txt', 'f'),
    );
    expect(ro.status).toBe(403);
    expect((await other.analyst.get(`/api/case/artifact/${a._id}`)).status).toBe(404);
    expect((await other.analyst.get(`/api/case/artifact/${a._id}/similar`)).status).toBe(404);
    expect((await other.analyst.patch(`/api/case/artifact/${a._id}`, { ioc: true })).status).toBe(404);
    expect((await other.analyst.delete(`/api/case/artifact/${a._id}`)).status).toBe(404);
    expect(
      (await other.analyst.post(`/api/case/${case1._id}/artifact`, { dataType: 'other', data: 'x' })).status,
    ).toBe(404);
    expect((await other.analyst.get(`/api/case/${case1._id}/links`)).status).toBe(404);
    expect((await soc.analyst.delete(`/api/case/artifact/${a._id}`)).status).toBe(204);
    expect((await soc.analyst.get(`/api/case/artifact/${a._id}`)).status).toBe(404);
  });
});
