/**
 * The case, task and taskLog namespaces against a real server: the README's "find cases whose
 * title is like Dridex*", tasks and their logs with attachments downloaded byte for byte, custom
 * field values, merges, links, bulk updates, paging through many cases, and typed errors.
 */
import { describe, expect, it } from 'vitest';
import { cf, customFields, customFieldValue } from '../custom-fields.js';
import { CaseStatus, ImpactStatus, Severity, TaskStatus, Tlp } from '../enums.js';
import { PropolisApiError } from '../errors.js';
import { F } from '../filter.js';
import { asc, desc } from '../query.js';
import { sampleBytes, useClients } from '../test-support/clients.js';

describe('client.case, client.task, client.taskLog', () => {
  const c = useClients();

  it('finds the cases whose title is like "Dridex*", sorted and paged', async () => {
    for (const title of ['Dridex campaign', 'Dridex loader', 'Emotet wave', 'dridex lowercase', 'Old Dridex'])
      await c.analyst.case.create({ title, description: 'x', severity: Severity.Medium, tlp: Tlp.Green });
    const found = await c.analyst.case.find({ filter: F.like('title', 'Dridex*'), sort: asc('title') });
    expect(found.map((k) => k.title)).toEqual(['Dridex campaign', 'Dridex loader', 'dridex lowercase']);
    expect(await c.analyst.case.count({ filter: F.like('title', 'Dridex*') })).toBe(3);
    const second = await c.analyst.case.find({
      filter: F.like('title', '*Dridex*'),
      sort: desc('title'),
      page: { from: 1, to: 2 },
    });
    expect(second).toHaveLength(1);
    expect((await c.analyst.case.first({ filter: F.startsWith('title', 'Emotet') }))?.title).toBe(
      'Emotet wave',
    );
    expect(await c.analyst.case.first({ filter: F.eq('title', 'nothing') })).toBeUndefined();
    const notDridex = await c.analyst.case.find({ filter: F.not(F.like('title', '*ridex*')) });
    expect(notDridex.map((k) => k.title)).toEqual(['Emotet wave']);
    const orFilter = F.or(F.endsWith('title', 'wave'), F.eq('title', 'Old Dridex'));
    expect(await c.analyst.case.count({ filter: orFilter })).toBe(2);
  });

  it('pages through many cases with iterate, each once', async () => {
    const before = await c.analyst.case.count();
    await Promise.all(
      Array.from({ length: 23 }, (_, i) => c.analyst.case.create({ title: `bulk ${i}`, description: 'b' })),
    );
    const seen = new Set<string>();
    for await (const k of c.analyst.case.iterate({ pageSize: 4 })) seen.add(k._id);
    expect(seen.size).toBe(before + 23);
    const bulk = [];
    for await (const k of c.analyst.case.iterate({
      filter: F.startsWith('title', 'bulk '),
      sort: desc('number'),
      pageSize: 5,
    }))
      bulk.push(k.number);
    expect(bulk).toEqual([...bulk].sort((a, b) => b - a));
    expect(bulk).toHaveLength(23);
    await expect(c.analyst.case.iterate({ pageSize: 0 }).next()).rejects.toThrow(RangeError);
  });

  it('works tasks and logs, with attachments downloaded byte for byte', async () => {
    const kase = await c.analyst.case.create({
      title: 'Tasks',
      description: 'd',
      tasks: [
        { title: 'Triage', order: 0 },
        { title: 'Contain', order: 1 },
      ],
    });
    const tasks = await c.analyst.task.ofCase(kase._id);
    expect(tasks.map((t) => t.title)).toEqual(['Triage', 'Contain']);
    const extra = await c.analyst.task.create(kase._id, { title: 'Eradicate', group: 'IR' });
    expect(extra.group).toBe('IR');
    await c.analyst.task.update(extra._id, { status: TaskStatus.InProgress, assignee: 'ana@soc.test' });
    expect((await c.analyst.task.get(extra._id)).status).toBe('InProgress');
    expect((await c.analyst.task.mine()).map((t) => t._id)).toContain(extra._id);
    const waiting = await c.analyst.task.waiting({ filter: F.eq('title', 'Triage') });
    expect(waiting.map((t) => t._id)).toContain(tasks[0]!._id);
    await c.analyst.task.bulkUpdate([tasks[0]!._id, tasks[1]!._id], { flag: true });
    expect(
      await c.analyst.task.count({ filter: F.and(F.eq('flag', true), F.in('title', ['Triage', 'Contain'])) }),
    ).toBe(2);

    const log = await c.analyst.taskLog.create(tasks[0]!._id, { message: 'first look' });
    expect(log.message).toBe('first look');
    const bytes = sampleBytes(33_333);
    const withFiles = await c.analyst.task.addLog(
      tasks[0]!._id,
      { message: 'memory dump' },
      {
        attachments: [
          { name: 'dump.bin', data: bytes },
          { name: 'notes.txt', data: 'plain text notes', contentType: 'text/plain' },
        ],
      },
    );
    expect(withFiles.attachments?.map((a) => a.name).sort()).toEqual(['dump.bin', 'notes.txt']);
    const dump = withFiles.attachments!.find((a) => a.name === 'dump.bin')!;
    const download = await c.analyst.attachment.download(dump.id, { name: 'dump.bin' });
    expect(download.name).toBe('dump.bin');
    expect(await download.bytes()).toEqual(bytes);
    const notes = withFiles.attachments!.find((a) => a.name === 'notes.txt')!;
    expect(await (await c.analyst.attachment.download(notes.id)).text()).toBe('plain text notes');

    await c.analyst.taskLog.update(log._id, { message: 'first look, edited' });
    expect((await c.analyst.taskLog.get(log._id)).message).toBe('first look, edited');
    await c.analyst.taskLog.deleteAttachment(withFiles._id, notes._id!);
    expect((await c.analyst.taskLog.get(withFiles._id)).attachments?.map((a) => a.name)).toEqual([
      'dump.bin',
    ]);
    expect((await c.analyst.taskLog.ofTask(tasks[0]!._id)).length).toBe(2);
    expect((await c.analyst.task.logs(tasks[0]!._id)).length).toBe(2);
    expect(await c.analyst.taskLog.count({ filter: F.like('message', 'memory*') })).toBe(1);
    await c.analyst.taskLog.delete(log._id);
    expect((await c.analyst.taskLog.find()).map((l) => l._id)).not.toContain(log._id);

    await c.analyst.task.delete(extra._id);
    expect(((await c.analyst.task.get(extra._id).catch((e: unknown) => e)) as PropolisApiError).status).toBe(
      404,
    );
  });

  it('sets, reads and removes custom field values', async () => {
    await c.admin.customField.create({
      name: 'cvss',
      type: 'float',
      displayName: 'CVSS',
      description: 'score',
    });
    await c.admin.customField.create({ name: 'detected', type: 'date', description: 'when' });
    await c.admin.customField.create({ name: 'ticket', type: 'url', description: 'ITSM link' });
    await c.admin.customField.create({ name: 'hosts', type: 'integer', description: 'hosts hit' });
    await c.admin.customField.create({ name: 'confirmed', type: 'boolean', description: 'yes or no' });
    await c.admin.customField.create({ name: 'owner-team', type: 'string', description: 'team' });
    const detected = new Date('2026-11-02T10:00:00Z');
    const kase = await c.analyst.case.create({
      title: 'With fields',
      description: 'd',
      customFields: customFields(
        cf.float('cvss', 7.5),
        cf.date('detected', detected),
        cf.url('ticket', 'https://itsm.example/T-1'),
        cf.integer('hosts', 12),
        cf.boolean('confirmed', true),
        cf.string('owner-team', 'blue'),
      ),
    });
    expect(customFieldValue(kase, 'cvss')).toBe(7.5);
    expect(customFieldValue(kase, 'detected')).toBe(detected.getTime());
    expect(customFieldValue(kase, 'ticket')).toBe('https://itsm.example/T-1');
    expect(customFieldValue(kase, 'hosts')).toBe(12);
    expect(customFieldValue(kase, 'confirmed')).toBe(true);
    expect(customFieldValue(kase, 'owner-team')).toBe('blue');
    expect(customFieldValue(kase, 'absent')).toBeUndefined();
    expect(() => cf.integer('hosts', 1.5)).toThrow(/integer/);
    expect(() => cf.url('ticket', 'not a url')).toThrow(/URL/);

    const bad = await c.analyst.case
      .create({ title: 'bad', description: 'd', customFields: [{ name: 'hosts', value: 'many', order: 0 }] })
      .catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(PropolisApiError);
    expect((bad as PropolisApiError).status).toBe(400);

    await c.analyst.case.update(kase._id, { customFields: customFields(cf.float('cvss', 9.1)) });
    const updated = await c.analyst.case.get(kase._id);
    expect(customFieldValue(updated, 'cvss')).toBe(9.1);
    const cvss = (updated.customFields as Array<{ _id?: string; name: string }>).find(
      (f) => f.name === 'cvss',
    )!;
    await c.analyst.case.deleteCustomField(cvss._id!);
    expect(customFieldValue(await c.analyst.case.get(kase._id), 'cvss')).toBeUndefined();
  });

  it('updates in bulk, links, merges, closes and deletes cases', async () => {
    const a = await c.analyst.case.create({ title: 'Merge A', description: 'a' });
    const b = await c.analyst.case.create({ title: 'Merge B', description: 'b' });
    await c.analyst.case.createObservable(a._id, { dataType: 'ip', data: ['198.51.100.1', '198.51.100.2'] });
    await c.analyst.case.createObservable(b.number, { dataType: 'ip', data: '198.51.100.1' });
    const links = await c.analyst.case.links(a._id);
    expect(links.map((l) => l._id)).toEqual([b._id]);
    expect(await c.analyst.case.observables(a._id, { filter: F.eq('data', '198.51.100.2') })).toHaveLength(1);

    await c.analyst.case.bulkUpdate([a._id, b._id], { addTags: ['merge-me'], severity: Severity.Critical });
    expect(await c.analyst.case.count({ filter: F.and(F.eq('tags', 'merge-me'), F.eq('severity', 4)) })).toBe(
      2,
    );

    const merged = await c.analyst.case.merge([a._id, b._id]);
    expect(merged.title).toContain('Merge A');
    expect((await c.analyst.case.observables(merged._id)).map((o) => o.data).sort()).toEqual([
      '198.51.100.1',
      '198.51.100.2',
    ]);
    // the sources are deleted by the merge
    const source = (await c.analyst.case.get(a._id).catch((e: unknown) => e)) as PropolisApiError;
    expect(source.isNotFound).toBe(true);

    await c.analyst.case.close(merged._id, CaseStatus.TruePositive, 'contained', ImpactStatus.WithImpact);
    const closed = await c.analyst.case.get(merged._id);
    expect(closed.stage).toBe('Closed');
    expect(closed.impactStatus).toBe('WithImpact');
    await c.analyst.case.delete(merged._id);
    const gone = (await c.analyst.case.get(merged._id).catch((e: unknown) => e)) as PropolisApiError;
    expect(gone.type).toBe('NotFoundError');
    expect(gone.isNotFound).toBe(true);
  });
});
