/**
 * Files and exports against a real server: attachments of a case, a task log and the organisation
 * uploaded, listed, downloaded byte for byte (plain and zipped) and deleted; a case exported as an
 * encrypted zip and imported back; the STIX bundle of a case; and the observable tools (duplicates
 * merged, observables two cases share, a type changed).
 */
import { describe, expect, it } from 'vitest';
import { F } from '../filter.js';
import { failure, sameBytes, sampleBytes, useClients } from '../test-support/clients.js';

describe('client.attachment, client.case export/import/stix, client.observable tools', () => {
  const c = useClients();

  it('uploads, lists, downloads and deletes attachments of a case, a log and the organisation', async () => {
    const kase = await c.analyst.case.create({ title: 'with files', description: 'd' });
    const big = sampleBytes(300_000);
    const stored = await c.analyst.attachment.uploadToCase(kase._id, [
      { name: 'report.bin', data: big, contentType: 'application/octet-stream' },
      { name: 'notes.txt', data: 'plain notes' },
    ]);
    expect(stored.map((a) => [a.name, a.size])).toEqual([
      ['report.bin', big.length],
      ['notes.txt', 11],
    ]);
    const report = stored[0]!;
    expect((await c.analyst.attachment.ofCase(kase._id)).map((a) => a.name).sort()).toEqual([
      'notes.txt',
      'report.bin',
    ]);
    expect((await c.analyst.attachment.getInCase(kase._id, report._id)).hashes).toEqual(report.hashes);
    const plain = await c.analyst.attachment.downloadFromCase(kase._id, report._id);
    expect(plain.name).toBe('report.bin');
    expect(sameBytes(await plain.bytes(), big)).toBe(true);
    const zipped = await c.analyst.attachment.downloadFromCase(kase._id, report._id, { zip: true });
    expect(zipped.contentType).toBe('application/zip');
    expect((await zipped.bytes()).subarray(0, 2)).toEqual(new Uint8Array([0x50, 0x4b]));
    await c.analyst.attachment.deleteInCase(kase._id, report._id);
    expect((await c.analyst.attachment.ofCase(kase._id)).map((a) => a.name)).toEqual(['notes.txt']);

    const task = await c.analyst.case.createTask(kase._id, { title: 't' });
    const log = await c.analyst.taskLog.create(task._id, { message: 'with a file' });
    const [logFile] = await c.analyst.attachment.uploadToLog(log._id, [
      { name: 'pcap.bin', data: sampleBytes(1000) },
    ]);
    expect((await c.analyst.attachment.ofLog(log._id)).map((a) => a.name)).toEqual(['pcap.bin']);
    expect(
      sameBytes(await (await c.analyst.attachment.download(logFile!.id)).bytes(), sampleBytes(1000)),
    ).toBe(true);

    const [orgFile] = await c.analyst.attachment.uploadToOrganisation([
      { name: 'policy.txt', data: 'policy' },
    ]);
    expect((await c.analyst.attachment.ofOrganisation()).map((a) => a.name)).toEqual(['policy.txt']);
    expect((await c.analyst.attachment.get(orgFile!._id)).name).toBe('policy.txt');
    await c.analyst.attachment.delete(orgFile!._id);
    expect(await c.analyst.attachment.ofOrganisation()).toEqual([]);
    expect((await failure(c.analyst.attachment.uploadToCase(kase._id, []))).status).toBe(400);
  });

  it('exports a case as an encrypted zip and imports it back; reads its STIX bundle', async () => {
    const kase = await c.analyst.case.create({ title: 'exported', description: 'to move', tags: ['apt'] });
    await c.analyst.case.createTask(kase._id, { title: 'contain' });
    await c.analyst.case.createObservable(kase._id, { dataType: 'domain', data: 'evil.example', ioc: true });
    const archive = await c.analyst.case.export(kase._id, 'pw-123456');
    expect(archive.contentType).toBe('application/zip');
    const bytes = await archive.bytes();
    const wrong = await failure(
      c.analyst.case.import({ name: 'case.zip', data: bytes }, { password: 'nope' }),
    );
    expect(wrong.status).toBe(400);
    const imported = await c.analyst.case.import(
      { name: 'case.zip', data: bytes },
      { password: 'pw-123456' },
    );
    expect(imported._id).not.toBe(kase._id);
    expect(imported).toMatchObject({ title: 'exported', description: 'to move', tags: ['apt'] });
    expect((await c.analyst.case.tasks(imported._id)).map((t) => t.title)).toEqual(['contain']);
    expect((await c.analyst.case.observables(imported._id)).map((o) => o.data)).toEqual(['evil.example']);

    const bundle = await c.analyst.case.stix(kase._id);
    expect(bundle.type).toBe('bundle');
    expect(JSON.stringify(bundle.objects)).toContain('evil.example');
  });

  it('merges duplicate observables, lists shared ones, and retypes a type', async () => {
    const a = await c.analyst.case.create({ title: 'obs a', description: 'd' });
    const b = await c.analyst.case.create({ title: 'obs b', description: 'd' });
    await c.analyst.case.createObservable(a._id, { dataType: 'ip', data: ['10.1.1.1', '10.2.2.2'] });
    await c.analyst.case.createObservable(b._id, { dataType: 'ip', data: '10.1.1.1' });
    const shared = await c.analyst.observable.similar('case', a._id, b._id);
    expect(shared.map((o) => o.data)).toEqual(['10.1.1.1']);
    expect(await c.analyst.observable.mergeDuplicates(a._id)).toMatchObject({ deleted: 0 });

    await c.admin.observableType.create({ name: 'legacy-host' });
    await c.analyst.case.createObservable(a._id, { dataType: 'legacy-host', data: 'srv01' });
    const moved = await c.admin.observable.retype('legacy-host', 'hostname');
    expect(moved).toEqual({ updated: 1, merged: 0 });
    expect(await c.analyst.observable.count({ filter: F.eq('dataType', 'legacy-host') })).toBe(0);
    expect((await failure(c.analyst.observable.retype('hostname', 'domain'))).status).toBe(403);
  });
});
