/**
 * Observables through the v1 API, with the request shapes thehive4py 2.x sends (JSON, and
 * multipart with `_json` as a file part), observable types, similarity, links and downloads.
 * What succeeds goes through the client's typed namespaces (file observables through its
 * multipart upload); byte-exact thehive4py bodies and what is refused through raw calls.
 */
import { createHash } from 'node:crypto';
import { Pap, Tlp } from '@propolis/client';
import { BlobWriter, TextReader, Uint8ArrayReader, ZipWriter } from '@zip.js/zip.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCase } from '../../test-support/factories.js';
import type { HttpClient } from '../../test-support/http.js';
import { useOrganisation } from '../../test-support/identity.js';
import { type Part, postMultipart } from '../../test-support/multipart.js';
import { useTestServer } from '../../test-support/server.js';

const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

/** thehive4py 2.x `create_observable(case_id, observable, observable_path)`: `_json` as a file part. */
const py2File = (json: unknown, filename: string, data: Uint8Array | string): Part[] => [
  { name: '_json', filename: '_json', data: JSON.stringify(json) },
  { name: 'attachment', filename, data, contentType: 'application/octet-stream' },
];

async function zipOf(entries: Array<[string, string]>, password?: string): Promise<Uint8Array> {
  const w = new ZipWriter(new BlobWriter('application/zip'), password ? { password, zipCrypto: true } : {});
  for (const [name, text] of entries) await w.add(name, new TextReader(text));
  return new Uint8Array(await (await w.close()).arrayBuffer());
}

describe('v1 observables', () => {
  const server = useTestServer();
  const soc = useOrganisation(server, 'obs-soc');
  const other = useOrganisation(server, 'obs-other');
  let caseA: string;
  let caseB: string;
  let otherCase: string;

  beforeAll(async () => {
    const newCase = async (client: HttpClient, title: string): Promise<string> =>
      (await createCase(client, { title }))._id;
    caseA = await newCase(soc.analyst, 'Case A');
    caseB = await newCase(soc.analyst, 'Case B');
    otherCase = await newCase(other.analyst, 'Other org case');
  });

  describe('observable types', () => {
    it('seeds the built-in types, created by system@thehive.local', async () => {
      const ip = await soc.analyst.observableType.get('ip');
      expect(ip).toMatchObject({
        _type: 'ObservableType',
        name: 'ip',
        isAttachment: false,
        _createdBy: 'system@thehive.local',
      });
      const file = await soc.readOnly.observableType.get('file');
      expect(file).toMatchObject({ name: 'file', isAttachment: true });
      expect((await soc.analyst.observableType.get(ip._id)).name).toBe('ip');
      const list = await soc.analyst.get('/api/observable/type');
      const names = list.body.map((t: { name: string }) => t.name);
      for (const n of ['url', 'other', 'domain', 'ip', 'hash', 'file', 'mail', 'fqdn', 'filename'])
        expect(names).toContain(n);
      expect((await soc.analyst.get('/api/v1/observable/type/nope')).status).toBe(404);
    });

    it('creates and deletes types with manageObservableTemplate; in use or built in → 400', async () => {
      const denied = await soc.orgAdmin.post('/api/v1/observable/type', { name: 'not-mine' });
      expect(denied.status).toBe(403);
      const created = await server.admin.observableType.create({ name: 'sigma-rule', isAttachment: false });
      expect(created).toMatchObject({
        _type: 'ObservableType',
        name: 'sigma-rule',
        isAttachment: false,
        _createdBy: 'admin@thehive.local',
      });
      expect((await server.admin.post('/api/v1/observable/type', { name: 'sigma-rule' })).status).toBe(400);
      expect((await server.admin.post('/api/v1/observable/type', { name: 'bad name!' })).status).toBe(400);
      const v0 = await server.admin.post('/api/observable/type', { name: 'yara-rule' });
      expect(v0.status).toBe(201);
      expect(v0.body).toMatchObject({ name: 'yara-rule', createdBy: 'admin@thehive.local' });

      await soc.analyst.case.createObservable(caseA, { dataType: 'sigma-rule', data: 'title: test' });
      const inUse = await server.admin.delete('/api/v1/observable/type/sigma-rule');
      expect(inUse.status).toBe(400);
      expect(inUse.body.message).toContain('used');
      const builtin = await server.admin.delete('/api/v1/observable/type/ip');
      expect(builtin.status).toBe(400);
      expect((await soc.orgAdmin.delete('/api/observable/type/yara-rule')).status).toBe(403);
      expect((await server.admin.delete('/api/observable/type/yara-rule')).status).toBe(204);
      expect((await server.admin.get('/api/v1/observable/type/yara-rule')).status).toBe(404);
    });
  });

  it('creates an observable from JSON and answers an array of OutputObservable', async () => {
    const res = await soc.analyst.case.createObservable(caseA, {
      dataType: 'ip',
      data: '10.1.2.3',
      message: 'C2 server',
      tlp: Tlp.Red,
      pap: Pap.Green,
      tags: ['c2', 'apt'],
      ioc: true,
      sighted: false,
    });
    expect(res).toHaveLength(1);
    expect(res[0]).toMatchObject({
      _type: 'Observable',
      _createdBy: soc.logins.analyst,
      dataType: 'ip',
      data: '10.1.2.3',
      message: 'C2 server',
      tlp: 4,
      tlpLabel: 'RED',
      pap: 1,
      papLabel: 'GREEN',
      tags: ['c2', 'apt'],
      ioc: true,
      sighted: false,
      ignoreSimilarity: false,
      reports: {},
      extraData: {},
    });
    expect(res[0]!._id).toMatch(/^~\d+$/);
    expect(typeof res[0]!.startDate).toBe('number');
  });

  it('creates one observable per value of a data array, and merges duplicates', async () => {
    const res = await soc.analyst.case.createObservable(caseA, {
      dataType: 'domain',
      data: ['evil.example', 'bad.example', 'evil.example'],
      tags: ['first'],
    });
    expect(res.map((o) => o.data)).toEqual(['evil.example', 'bad.example']);

    const again = await soc.analyst.case.createObservable(caseA, {
      dataType: 'domain',
      data: 'evil.example',
      tags: ['second'],
      sighted: true,
      message: 'seen in proxy logs',
    });
    expect(again).toHaveLength(1);
    expect(again[0]!._id).toBe(res[0]!._id);
    expect(again[0]).toMatchObject({
      tags: ['first', 'second'],
      sighted: true,
      message: 'seen in proxy logs',
    });
    expect(typeof again[0]!.sightedAt).toBe('number');
  });

  it('refuses bad input with a 400 naming the field', async () => {
    const unknown = await soc.analyst.post(`/api/v1/case/${caseA}/observable`, {
      dataType: 'nope',
      data: 'x',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.type).toBe('BadRequest');
    expect(unknown.body.message).toContain('dataType');
    const badIp = await soc.analyst.post(`/api/v1/case/${caseA}/observable`, {
      dataType: 'ip',
      data: '999.1.1.1',
    });
    expect(badIp.status).toBe(400);
    expect(badIp.body.message).toContain('data');
    const badInArray = await soc.analyst.post(`/api/v1/case/${caseA}/observable`, {
      dataType: 'ip',
      data: ['10.0.0.1', 'not-an-ip'],
    });
    expect(badInArray.status).toBe(400);
    expect(badInArray.body.message).toContain('data[1]');
    const missing = await soc.analyst.post(`/api/v1/case/${caseA}/observable`, { dataType: 'ip' });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toContain('data');
    const noFile = await soc.analyst.post(`/api/v1/case/${caseA}/observable`, { dataType: 'file' });
    expect(noFile.status).toBe(400);
    expect(noFile.body.message).toContain('attachment');
    const noType = await soc.analyst.post(`/api/v1/case/${caseA}/observable`, { data: 'x' });
    expect(noType.status).toBe(400);
    expect(noType.body.message).toContain('dataType');
    const badTlp = await soc.analyst.post(`/api/v1/case/${caseA}/observable`, {
      dataType: 'other',
      data: 'x',
      tlp: 5,
    });
    expect(badTlp.status).toBe(400);
    expect(badTlp.body.message).toContain('tlp');
    const badTags = await soc.analyst.post(`/api/v1/case/${caseA}/observable`, {
      dataType: 'other',
      data: 'x',
      tags: [{ a: 1 }],
    });
    expect(badTags.status).toBe(400);
    expect(badTags.body.message).toContain('tags');
    const malformed = await postMultipart(soc.analyst, `/api/v1/case/${caseA}/observable`, [
      { name: '_json', filename: '_json', data: '{"dataType": "file",' },
      { name: 'attachment', filename: 'a.txt', data: 'a' },
    ]);
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toContain('_json');
  });

  it('creates a file observable from thehive4py 2.x multipart and downloads it', async () => {
    const content = 'MZ fake malware sample\n';
    const res = await postMultipart(
      soc.analyst,
      `/api/v1/case/${caseA}/observable`,
      py2File(
        { dataType: 'file', message: 'dropper', tags: ['sample'], ioc: true },
        'C:\\Users\\eve\\dropper.exe',
        content,
      ),
    );
    expect(res.status).toBe(201);
    expect(res.body).toHaveLength(1);
    const o = res.body[0];
    expect(o).toMatchObject({ dataType: 'file', message: 'dropper', ioc: true, tags: ['sample'] });
    expect(o.data).toBeUndefined();
    expect(o.attachment).toMatchObject({
      name: 'dropper.exe',
      size: Buffer.byteLength(content),
      contentType: 'application/octet-stream',
      id: sha256(content),
    });
    expect(o.attachment._id).toMatch(/^~\d+$/);
    expect(o.attachment.hashes).toEqual([
      sha256(content),
      createHash('sha1').update(content).digest('hex'),
      createHash('md5').update(content).digest('hex'),
    ]);

    const raw = await soc.readOnly.get(
      `/api/v1/observable/${o._id}/attachment/${o.attachment._id}/download?asZip=False`,
    );
    expect(raw.status).toBe(200);
    expect(raw.text).toBe(content);
    expect(raw.headers.get('content-disposition')).toContain('filename="dropper.exe"');
    const bySha = await soc.readOnly.observable.download(o._id, { attachmentId: o.attachment.id });
    expect(bySha.name).toBe('dropper.exe');
    expect(await bySha.text()).toBe(content);
    // the observable's own attachment when none is named
    expect(await (await soc.readOnly.observable.download(o._id)).text()).toBe(content);
    const zipped = await soc.readOnly.get(
      `/api/v1/observable/${o._id}/attachment/${o.attachment._id}/download?asZip=True`,
    );
    expect(zipped.status).toBe(200);
    expect(zipped.headers.get('content-type')).toBe('application/zip');
    expect(zipped.headers.get('content-disposition')).toContain('dropper.exe.zip');
    const att = await soc.readOnly.attachment.download(o.attachment.id);
    expect(await att.text()).toBe(content);
    expect((await other.analyst.get(`/api/v1/attachment/${o.attachment.id}/download`)).status).toBe(404);
    expect((await soc.analyst.get(`/api/v1/observable/${o._id}/attachment/~999999/download`)).status).toBe(
      404,
    );

    // The same file again in the same case is the same observable (uploaded by the client this time).
    const again = await soc.analyst.case.createObservable(
      caseA,
      { dataType: 'file', tags: ['again'] },
      { file: { name: 'copy.exe', data: new TextEncoder().encode(content) } },
    );
    expect(again[0]!._id).toBe(o._id);
    expect(again[0]!.tags).toEqual(['sample', 'again']);
    // A file for a non-attachment type is refused.
    const wrong = await postMultipart(
      soc.analyst,
      `/api/v1/case/${caseA}/observable`,
      py2File({ dataType: 'ip' }, 'x.txt', 'x'),
    );
    expect(wrong.status).toBe(400);
    expect(wrong.body.message).toContain('attachment');
  });

  it('accepts a file inline as "name;type;base64" in JSON, and an existing attachment by its SHA-256', async () => {
    const content = 'inline file content';
    const [inline] = await soc.analyst.case.createObservable(caseB, {
      dataType: 'file',
      data: `inline.txt;text/plain;${Buffer.from(content).toString('base64')}`,
    });
    expect(inline!.attachment).toMatchObject({
      name: 'inline.txt',
      contentType: 'text/plain',
      id: sha256(content),
    });
    const [byRef] = await soc.analyst.case.createObservable(caseA, {
      dataType: 'file',
      attachment: { id: sha256(content), name: 'renamed.txt' },
    });
    expect(byRef!.attachment).toMatchObject({ name: 'renamed.txt', id: sha256(content) });
    expect(byRef!.attachment!._id).not.toBe(inline!.attachment!._id);
    const foreign = await other.analyst.post(`/api/v1/case/${otherCase}/observable`, {
      dataType: 'file',
      attachment: { id: sha256(content) },
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.message).toContain('attachment');
  });

  it('unpacks a zip upload (isZip, zipPassword) into one file observable per entry', async () => {
    const zip = await zipOf(
      [
        ['one.txt', 'first file'],
        ['nested/two.txt', 'second file'],
      ],
      'infected',
    );
    const res = await postMultipart(soc.analyst, `/api/v1/case/${caseB}/observable`, [
      {
        name: '_json',
        value: JSON.stringify({ dataType: 'file', isZip: true, zipPassword: 'infected', tags: ['zip'] }),
      },
      { name: 'attachment', filename: 'samples.zip', data: zip, contentType: 'application/zip' },
    ]);
    expect(res.status).toBe(201);
    expect(
      res.body.map((o: { attachment: { name: string; id: string } }) => [o.attachment.name, o.attachment.id]),
    ).toEqual([
      ['one.txt', sha256('first file')],
      ['two.txt', sha256('second file')],
    ]);
    const wrongPassword = await postMultipart(soc.analyst, `/api/v1/case/${caseB}/observable`, [
      { name: '_json', value: JSON.stringify({ dataType: 'file', isZip: true, zipPassword: 'nope' }) },
      { name: 'attachment', filename: 'samples.zip', data: zip },
    ]);
    expect(wrongPassword.status).toBe(400);
    expect(wrongPassword.body.message).toContain('zipPassword');
  });

  it('reads, updates (dataType and data read-only) and bulk-updates', async () => {
    const [o] = await soc.analyst.case.createObservable(caseA, {
      dataType: 'url',
      data: 'http://evil.example/x',
    });
    const got = await soc.readOnly.observable.get(o!._id);
    expect(got).toMatchObject({
      _id: o!._id,
      data: 'http://evil.example/x',
      extraData: { seen: { seen: 0, ioc: false } },
    });

    await soc.analyst.observable.update(o!._id, {
      message: 'landing page',
      tlp: Tlp.AmberStrict,
      addTags: ['web'],
      sighted: true,
      ioc: true,
    });
    const after = await soc.analyst.observable.get(o!._id);
    expect(after).toMatchObject({
      message: 'landing page',
      tlp: 3,
      tlpLabel: 'AMBER+STRICT',
      tags: ['web'],
      sighted: true,
      ioc: true,
    });
    expect(after._updatedBy).toBe(soc.logins.analyst);
    expect(typeof after.sightedAt).toBe('number');

    const dt = await soc.analyst.patch(`/api/v1/observable/${o!._id}`, { dataType: 'domain' });
    expect(dt.status).toBe(400);
    expect(dt.body.message).toContain('dataType');
    const data = await soc.analyst.patch(`/api/v1/observable/${o!._id}`, { data: 'http://other' });
    expect(data.status).toBe(400);
    expect(data.body.message).toContain('data');
    // the same data type again is accepted (thehive4py sends the whole object back)
    expect(
      (await soc.analyst.patch(`/api/v1/observable/${o!._id}`, { dataType: 'url', tags: ['x'] })).status,
    ).toBe(204);

    const [p] = await soc.analyst.case.createObservable(caseA, {
      dataType: 'mail',
      data: 'eve@evil.example',
    });
    await soc.analyst.observable.bulkUpdate([o!._id, p!._id], { ioc: false, addTags: ['bulk'] });
    for (const id of [o!._id, p!._id]) {
      const b = await soc.analyst.observable.get(id);
      expect(b.ioc).toBe(false);
      expect(b.tags).toContain('bulk');
    }
    const foreignBulk = await other.analyst.patch('/api/v1/observable/_bulk', { ids: [o!._id], ioc: true });
    expect(foreignBulk.status).toBe(404);
  });

  it('hides other organisations: their case and observable ids are 404', async () => {
    const [o] = (
      await soc.analyst.post(`/api/v1/case/${caseA}/observable`, {
        dataType: 'hash',
        data: 'd41d8cd98f00b204e9800998ecf8427e',
      })
    ).body;
    expect((await other.analyst.get(`/api/v1/observable/${o._id}`)).status).toBe(404);
    expect((await other.analyst.patch(`/api/v1/observable/${o._id}`, { ioc: true })).status).toBe(404);
    expect((await other.analyst.delete(`/api/v1/observable/${o._id}`)).status).toBe(404);
    const foreignCase = await other.analyst.post(`/api/v1/case/${caseA}/observable`, {
      dataType: 'ip',
      data: '10.9.9.9',
    });
    expect(foreignCase.status).toBe(404);
    expect(
      (await soc.analyst.post(`/api/v1/case/${otherCase}/observable`, { dataType: 'ip', data: '10.9.9.9' }))
        .status,
    ).toBe(404);
    expect((await other.analyst.get(`/api/v1/case/${caseA}/links`)).status).toBe(404);
  });

  it('lets read-only profiles read but not write (403)', async () => {
    const [o] = (
      await soc.analyst.post(`/api/v1/case/${caseA}/observable`, {
        dataType: 'other',
        data: 'read-only check',
      })
    ).body;
    expect((await soc.readOnly.get(`/api/v1/observable/${o._id}`)).status).toBe(200);
    const create = await soc.readOnly.post(`/api/v1/case/${caseA}/observable`, {
      dataType: 'other',
      data: 'nope',
    });
    expect(create.status).toBe(403);
    expect(create.body.message).toContain('manageObservable');
    expect((await soc.readOnly.patch(`/api/v1/observable/${o._id}`, { ioc: true })).status).toBe(403);
    expect((await soc.readOnly.patch('/api/v1/observable/_bulk', { ids: [o._id], ioc: true })).status).toBe(
      403,
    );
    expect((await soc.readOnly.delete(`/api/v1/observable/${o._id}`)).status).toBe(403);
    const multipart = await postMultipart(
      soc.readOnly,
      `/api/v1/case/${caseA}/observable`,
      py2File({ dataType: 'file' }, 'a.txt', 'a'),
    );
    expect(multipart.status).toBe(403);
  });

  it('counts the same observable in other cases (seen) and lists linked cases', async () => {
    const shared = '10.66.66.66';
    const [a] = (await soc.analyst.post(`/api/v1/case/${caseA}/observable`, { dataType: 'ip', data: shared }))
      .body;
    expect((await soc.analyst.get(`/api/v1/observable/${a._id}`)).body.extraData.seen).toEqual({
      seen: 0,
      ioc: false,
    });
    await soc.analyst.post(`/api/v1/case/${caseB}/observable`, {
      dataType: 'ip',
      data: ` ${shared} `,
      ioc: true,
    });
    const seen = (await soc.analyst.get(`/api/v1/observable/${a._id}`)).body.extraData.seen;
    expect(seen).toEqual({ seen: 1, ioc: true });
    // The same value in another organisation is not counted.
    const otherObs = (
      await other.analyst.post(`/api/v1/case/${otherCase}/observable`, { dataType: 'ip', data: shared })
    ).body[0];
    expect((await other.analyst.get(`/api/v1/observable/${otherObs._id}`)).body.extraData.seen).toEqual({
      seen: 0,
      ioc: false,
    });

    const links = await soc.analyst.get(`/api/v1/case/${caseA}/links`);
    expect(links.status).toBe(200);
    const toB = links.body.find((l: { _id: string }) => l._id === caseB);
    expect(toB).toMatchObject({ _type: 'Case', title: 'Case B', linksCount: expect.any(Number) });
    expect(toB.linkedWith.map((o: { data: string }) => o.data)).toContain(shared);
    expect(toB.linkedWith.every((o: { _type: string }) => o._type === 'Observable')).toBe(true);

    // ignoreSimilarity takes the observable out of similarity and links.
    const [c] = (
      await soc.analyst.post(`/api/v1/case/${caseB}/observable`, {
        dataType: 'fqdn',
        data: 'only.example',
        ignoreSimilarity: true,
      })
    ).body;
    const [d] = (
      await soc.analyst.post(`/api/v1/case/${caseA}/observable`, { dataType: 'fqdn', data: 'only.example' })
    ).body;
    expect((await soc.analyst.get(`/api/v1/observable/${d._id}`)).body.extraData.seen.seen).toBe(0);
    expect((await soc.analyst.get(`/api/v1/observable/${c._id}`)).body.extraData.seen.seen).toBe(0);
    const again = await soc.analyst.get(`/api/v1/case/${caseA}/links`);
    const toBAgain = again.body.find((l: { _id: string }) => l._id === caseB);
    expect(toBAgain.linkedWith.map((o: { data: string }) => o.data)).not.toContain('only.example');
  });

  it('deletes an observable', async () => {
    const [o] = (
      await soc.analyst.post(`/api/v1/case/${caseA}/observable`, { dataType: 'other', data: 'to delete' })
    ).body;
    expect((await soc.analyst.delete(`/api/v1/observable/${o._id}`)).status).toBe(204);
    expect((await soc.analyst.get(`/api/v1/observable/${o._id}`)).status).toBe(404);
    expect((await soc.analyst.delete(`/api/v1/observable/${o._id}`)).status).toBe(404);
  });

  it('audits every write with the case as root', async () => {
    const [o] = (
      await soc.analyst.post(`/api/v1/case/${caseA}/observable`, { dataType: 'other', data: 'audited' })
    ).body;
    await soc.analyst.patch(`/api/v1/observable/${o._id}`, { ioc: true });
    await soc.analyst.delete(`/api/v1/observable/${o._id}`);
    const rows = await server.propolis.deps.db
      .selectFrom('audit')
      .select(['action', 'object_type', 'root_id', 'details'])
      .where('object_id', '=', o._id)
      .where('object_type', '=', 'Observable')
      .orderBy('id')
      .execute();
    expect(rows.map((r) => [r.action, r.object_type, r.root_id])).toEqual([
      ['create', 'Observable', caseA],
      ['update', 'Observable', caseA],
      ['delete', 'Observable', caseA],
    ]);
    expect(JSON.parse(rows[1]!.details)).toEqual({ ioc: true });
  });
});

describe('upload limits', () => {
  const server = useTestServer({ uploadLimit: 4096, zip: { maxEntries: 2, maxTotalSize: 10_000 } });
  const soc = useOrganisation(server, 'limits');
  let caseId: string;
  beforeAll(async () => {
    caseId = (await createCase(soc.analyst, { title: 'limits', description: 'x' }))._id;
  });

  it('answers 413 beyond the upload limit and for zips beyond their bounds', async () => {
    const big = await postMultipart(
      soc.analyst,
      `/api/v1/case/${caseId}/observable`,
      py2File({ dataType: 'file' }, 'big.bin', new Uint8Array(10_000)),
    );
    expect(big.status).toBe(413);
    expect(big.body.type).toBe('PayloadTooLarge');
    const manyEntries = await zipOf([
      ['a', 'a'],
      ['b', 'b'],
      ['c', 'c'],
    ]);
    const many = await postMultipart(soc.analyst, `/api/v1/case/${caseId}/observable`, [
      { name: '_json', value: JSON.stringify({ dataType: 'file', isZip: true }) },
      { name: 'attachment', filename: 'many.zip', data: manyEntries },
    ]);
    expect(many.status).toBe(413);
    const w = new ZipWriter(new BlobWriter('application/zip'));
    await w.add('zeros', new Uint8ArrayReader(new Uint8Array(50_000)));
    const bomb = new Uint8Array(await (await w.close()).arrayBuffer());
    expect(bomb.length).toBeLessThan(4096);
    const res = await postMultipart(soc.analyst, `/api/v1/case/${caseId}/observable`, [
      { name: '_json', value: JSON.stringify({ dataType: 'file', isZip: true }) },
      { name: 'attachment', filename: 'bomb.zip', data: bomb },
    ]);
    expect(res.status).toBe(413);
    const small = await postMultipart(
      soc.analyst,
      `/api/v1/case/${caseId}/observable`,
      py2File({ dataType: 'file' }, 'small.bin', 'small'),
    );
    expect(small.status).toBe(201);
  });
});
