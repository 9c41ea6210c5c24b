/**
 * The alert namespace against a real server: the TheHive4py snippets of the README (an alert with
 * a file observable, add/update/delete an alert observable, merge into a case), downloads byte for
 * byte, read/follow flags, promotion, bulk operations and the query helpers.
 */
import { describe, expect, it } from 'vitest';
import { AlertStatus, Severity, Tlp } from '../enums.js';
import { PropolisApiError } from '../errors.js';
import { F } from '../filter.js';
import { desc } from '../query.js';
import { failure, sampleBytes, useClients } from '../test-support/clients.js';

describe('client.alert', () => {
  const c = useClients();

  it('creates an alert with a file observable and gets the file back byte for byte', async () => {
    const bytes = sampleBytes(70_000);
    const alert = await c.analyst.alert.create(
      {
        type: 'external',
        source: 'siem',
        sourceRef: 'A-1',
        title: 'Dropper seen',
        description: 'A dropper reached a workstation',
        severity: Severity.High,
        tlp: Tlp.Amber,
        observables: [
          { dataType: 'ip', data: '203.0.113.7' },
          { dataType: 'file', attachment: 'sample', message: 'the dropper' },
        ],
      },
      { attachments: { sample: { name: 'dropper.exe', data: bytes } } },
    );
    expect(alert.title).toBe('Dropper seen');
    expect(alert.severity).toBe(3);

    const observables = await c.analyst.alert.observables(alert._id);
    expect(observables.map((o) => o.dataType).sort()).toEqual(['file', 'ip']);
    const file = observables.find((o) => o.dataType === 'file')!;
    expect(file.attachment?.name).toBe('dropper.exe');

    const download = await c.analyst.observable.download(file._id);
    expect(download.name).toBe('dropper.exe');
    expect(download.size).toBe(bytes.length);
    expect(await download.bytes()).toEqual(bytes);

    const zipped = await c.analyst.observable.download(file._id, { zip: true });
    expect(zipped.contentType).toBe('application/zip');
    const zip = await zipped.bytes();
    expect([...zip.slice(0, 2)]).toEqual([0x50, 0x4b]); // "PK"

    const byId = await c.analyst.attachment.download(file.attachment!.id);
    expect(await byId.bytes()).toEqual(bytes);
  });

  it('adds, updates and deletes an alert observable', async () => {
    const alert = await c.analyst.alert.create({
      type: 'external',
      source: 'siem',
      sourceRef: 'A-2',
      title: 'Phish',
    });
    const [domain] = await c.analyst.alert.createObservable(alert._id, {
      dataType: 'domain',
      data: 'evil.example',
      tags: ['phishing'],
    });
    expect(domain!.data).toBe('evil.example');
    await c.analyst.observable.update(domain!._id, { ioc: true, message: 'sender domain' });
    const updated = await c.analyst.observable.get(domain!._id);
    expect(updated.ioc).toBe(true);
    expect(updated.message).toBe('sender domain');

    const [file] = await c.analyst.alert.createObservable(
      alert._id,
      { dataType: 'file', message: 'attachment' },
      {
        file: {
          name: 'invoice.pdf',
          data: new TextEncoder().encode('%PDF-1.4 fake'),
          contentType: 'application/pdf',
        },
      },
    );
    expect(file!.attachment?.name).toBe('invoice.pdf');

    await c.analyst.observable.delete(domain!._id);
    const error = await c.analyst.observable.get(domain!._id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PropolisApiError);
    expect((error as PropolisApiError).type).toBe('NotFoundError');
    expect((await c.analyst.alert.observables(alert._id)).map((o) => o.dataType)).toEqual(['file']);
  });

  it('merges an alert into a case, imports another, and promotes a third to a case', async () => {
    const kase = await c.analyst.case.create({ title: 'Incident 1', description: 'd' });
    const a = await c.analyst.alert.create({
      type: 'external',
      source: 'siem',
      sourceRef: 'A-3',
      title: 'Beacon',
      observables: [{ dataType: 'domain', data: 'c2.example' }],
    });
    const merged = await c.analyst.alert.mergeIntoCase(a._id, kase._id);
    expect(merged._id).toBe(kase._id);
    expect((await c.analyst.case.observables(kase._id)).map((o) => o.data)).toEqual(['c2.example']);
    expect((await c.analyst.alert.get(a._id)).caseId).toBe(kase._id);
    expect((await c.analyst.case.alerts(kase._id)).map((x) => x._id)).toEqual([a._id]);

    const b = await c.analyst.alert.create({
      type: 'external',
      source: 'siem',
      sourceRef: 'A-4',
      title: 'Beacon 2',
    });
    expect((await c.analyst.alert.importIntoCase(b._id, kase.number, { observables: [] })).number).toBe(
      kase.number,
    );

    const d = await c.analyst.alert.create({
      type: 'external',
      source: 'siem',
      sourceRef: 'A-5',
      title: 'Worm',
    });
    const promoted = await c.analyst.alert.promoteToCase(d._id, { title: 'Worm outbreak' });
    expect(promoted.title).toBe('Worm outbreak');
    expect((await c.analyst.alert.get(d._id)).status).toBe(AlertStatus.Imported);

    const e1 = await c.analyst.alert.create({
      type: 'external',
      source: 'siem',
      sourceRef: 'A-6',
      title: 'E1',
    });
    const e2 = await c.analyst.alert.create({
      type: 'external',
      source: 'siem',
      sourceRef: 'A-7',
      title: 'E2',
    });
    await c.analyst.alert.bulkMergeIntoCase(promoted._id, [e1._id, e2._id]);
    expect((await c.analyst.case.alerts(promoted._id)).length).toBe(3);
  });

  it('lists the cases and the alerts sharing observables with an alert, with the counts', async () => {
    const kase = await c.analyst.case.create({ title: 'Lateral movement', description: 'd' });
    await c.analyst.case.createObservable(kase._id, { dataType: 'ip', data: '192.0.2.10', ioc: true });
    const alert = (ref: string, observables: { dataType: string; data: string }[]) =>
      c.analyst.alert.create({ type: 'similar', source: 'siem', sourceRef: ref, title: ref, observables });
    const seen = await alert('S-1', [
      { dataType: 'ip', data: '192.0.2.10' },
      { dataType: 'domain', data: 'lateral.example' },
    ]);
    const twice = await alert('S-2', [
      { dataType: 'ip', data: '192.0.2.10' },
      { dataType: 'domain', data: 'lateral.example' },
      { dataType: 'url', data: 'https://lateral.example/x' },
    ]);
    const once = await alert('S-3', [{ dataType: 'domain', data: 'lateral.example' }]);
    await alert('S-4', [{ dataType: 'domain', data: 'elsewhere.example' }]);

    const cases = await c.analyst.alert.similarCases(seen._id);
    expect(cases).toHaveLength(1);
    expect(cases[0]!.case._id).toBe(kase._id);
    expect(cases[0]).toMatchObject({ similarObservableCount: 1, similarIocCount: 1, observableCount: 1 });

    const alerts = await c.analyst.alert.similarAlerts(seen._id);
    // newest first, the alert itself and the one sharing nothing left out
    expect(alerts.map((s) => s.alert._id)).toEqual([once._id, twice._id]);
    expect(alerts.map((s) => [s.alert.sourceRef, s.similarObservableCount, s.observableCount])).toEqual([
      ['S-3', 1, 1],
      ['S-2', 2, 3],
    ]);
    // an alert imported into a case is no longer a similar alert
    await c.analyst.alert.mergeIntoCase(once._id, kase._id);
    expect((await c.analyst.alert.similarAlerts(seen._id)).map((s) => s.alert._id)).toEqual([twice._id]);
    const unknown = await failure(c.analyst.alert.similarAlerts('~999999'));
    expect(unknown.status).toBe(404);
  });

  it('refuses a duplicate alert with a typed error', async () => {
    const error = await c.analyst.alert
      .create({ type: 'external', source: 'siem', sourceRef: 'A-1', title: 'again' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PropolisApiError);
    expect((error as PropolisApiError).status).toBe(400);
    expect((error as PropolisApiError).request).toBe('POST /api/v1/alert');
  });

  it('reads, follows, updates, finds, counts, iterates and deletes alerts', async () => {
    const a = await c.analyst.alert.create({
      type: 'feed',
      source: 'misp',
      sourceRef: 'F-1',
      title: 'Feed one',
    });
    expect((await c.analyst.alert.markAsRead(a._id)).read).toBe(true);
    expect((await c.analyst.alert.markAsUnread(a._id)).read).toBe(false);
    expect((await c.analyst.alert.unfollow(a._id)).follow).toBe(false);
    expect((await c.analyst.alert.follow(a._id)).follow).toBe(true);
    await c.analyst.alert.update(a._id, { addTags: ['feed'] });
    expect((await c.analyst.alert.get(a._id)).tags).toEqual(['feed']);

    for (let i = 2; i <= 7; i++)
      await c.analyst.alert.create({ type: 'feed', source: 'misp', sourceRef: `F-${i}`, title: `Feed ${i}` });
    const feed = F.eq('source', 'misp');
    expect(await c.analyst.alert.count({ filter: feed })).toBe(7);
    const page = await c.analyst.alert.find({
      filter: feed,
      sort: desc('sourceRef'),
      page: { from: 0, to: 2 },
    });
    expect(page.map((x) => x.sourceRef)).toEqual(['F-7', 'F-6']);
    const all: string[] = [];
    for await (const x of c.analyst.alert.iterate({ filter: feed, pageSize: 3 })) all.push(x.sourceRef);
    expect(all.sort()).toEqual(['F-1', 'F-2', 'F-3', 'F-4', 'F-5', 'F-6', 'F-7']);

    const ids = (await c.analyst.alert.find({ filter: F.in('sourceRef', ['F-6', 'F-7']) })).map((x) => x._id);
    await c.analyst.alert.bulkUpdate(ids, { severity: Severity.Critical });
    expect(await c.analyst.alert.count({ filter: F.and(feed, F.eq('severity', 4)) })).toBe(2);
    await c.analyst.alert.bulkDelete(ids);
    await c.analyst.alert.delete(a._id);
    expect(await c.analyst.alert.count({ filter: feed })).toBe(4);
  });
});
