/**
 * The catalogs against a real server: the ATT&CK catalog imported from MITRE's ICS bundle (as a
 * file, twice), procedures of cases and alerts, MISP taxonomies (created, imported from a zip,
 * enabled) with their tags, and the organisation's own case and alert statuses.
 */
import { BlobWriter, TextReader, ZipWriter } from '@zip.js/zip.js';
import { describe, expect, it } from 'vitest';
import { icsAttackBundle } from '../../../server/src/test-support/shared-data.js';
import { F } from '../filter.js';
import { fileFromPath } from '../node/file-from-path.js';
import { asc } from '../query.js';
import { failure, useClients } from '../test-support/clients.js';

const tlp = {
  namespace: 'tlp-client',
  description: 'Traffic Light Protocol',
  version: 2,
  predicates: [
    { value: 'red', colour: '#CC0033' },
    { value: 'amber', colour: '#FFC000' },
  ],
};

describe('client.pattern, client.procedure, client.taxonomy, client.tag, client.caseStatus, client.alertStatus', () => {
  const c = useClients();

  it('imports the ATT&CK catalog from a file, twice, and records procedures', async () => {
    const file = await fileFromPath(icsAttackBundle());
    const first = await c.admin.pattern.importAttack(file);
    expect(first.created).toBeGreaterThan(50);
    expect(first.total).toBe(first.created);
    const again = await c.admin.pattern.importAttack(await fileFromPath(icsAttackBundle()));
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: first.total });
    expect(await c.analyst.pattern.count()).toBe(first.total);
    const [technique] = await c.analyst.pattern.find({
      filter: F.eq('patternType', 'attack-pattern'),
      sort: asc('patternId'),
    });
    expect(technique?.patternId).toMatch(/^T\d{4}/);
    expect((await c.analyst.pattern.get(technique!.patternId)).name).toBe(technique!.name);
    expect((await failure(c.analyst.pattern.get('T9999'))).status).toBe(404);
    expect((await failure(c.analyst.pattern.importAttack({ type: 'not-a-bundle' }))).status).toBe(400);

    const kase = await c.analyst.case.create({ title: 'ttp', description: 'd' });
    const at = Date.UTC(2026, 1, 1);
    const one = await c.analyst.procedure.addToCase(kase._id, {
      patternId: technique!.patternId,
      occurDate: at,
    });
    expect(one).toMatchObject({
      patternId: technique!.patternId,
      patternName: technique!.name,
      occurDate: at,
    });
    await c.analyst.procedure.update(one._id, { description: 'seen on the HMI' });
    expect((await c.analyst.procedure.get(one._id)).description).toBe('seen on the HMI');
    const [other] = await c.analyst.pattern.find({
      filter: F.ne('patternId', technique!.patternId),
      page: { from: 0, to: 1 },
    });
    const many = await c.analyst.procedure.addManyToCase(kase._id, [
      { patternId: other!.patternId, occurDate: at },
    ]);
    expect(many).toHaveLength(1);
    expect((await c.analyst.procedure.ofCase(kase._id)).map((p) => p._id).sort()).toEqual(
      [one._id, many[0]!._id].sort(),
    );
    expect((await c.analyst.pattern.ofCase(kase._id)).map((p) => p.patternId).sort()).toEqual(
      [technique!.patternId, other!.patternId].sort(),
    );
    await c.analyst.procedure.delete(one._id);
    await c.analyst.procedure.bulkDelete([many[0]!._id]);
    expect(await c.analyst.procedure.ofCase(kase._id)).toEqual([]);

    const alert = await c.analyst.alert.create({ type: 't', source: 's', sourceRef: 'P-1', title: 'a' });
    await c.analyst.procedure.addToAlert(alert._id, { patternId: technique!.patternId, occurDate: at });
    await c.analyst.procedure.addManyToAlert(alert._id, [{ patternId: other!.patternId, occurDate: at }]);
    expect(await c.analyst.procedure.ofAlert(alert._id)).toHaveLength(2);
    const unknown = await failure(
      c.analyst.procedure.addToCase(kase._id, { patternId: 'T9999', occurDate: at }),
    );
    expect([unknown.status, unknown.message]).toEqual([400, expect.stringContaining('T9999')]);
  });

  it('creates, imports and enables taxonomies, and edits their tags', async () => {
    const created = await c.admin.taxonomy.create(tlp);
    expect(created).toMatchObject({ namespace: 'tlp-client', enabled: false, version: 2 });
    expect(created.tags.map((t) => t.text)).toEqual(['tlp-client:red', 'tlp-client:amber']);
    expect((await failure(c.analyst.taxonomy.activate(created._id))).status).toBe(403);
    await c.admin.taxonomy.activate(created._id);
    expect(
      (await c.analyst.taxonomy.find({ filter: F.eq('enabled', true) })).map((t) => t.namespace),
    ).toEqual(['tlp-client']);
    await c.admin.taxonomy.deactivate('tlp-client');
    expect((await c.analyst.taxonomy.get('tlp-client')).enabled).toBe(false);

    const red = created.tags[0]!;
    await c.admin.tag.update(red._id, { colour: '#123456', description: 'stop' });
    expect(await c.analyst.tag.get(red._id)).toMatchObject({ colour: '#123456', predicate: 'red' });
    expect((await failure(c.admin.tag.delete(red._id))).status).toBe(400);
    await c.admin.taxonomy.delete(created._id);
    expect((await failure(c.analyst.taxonomy.get(created._id))).status).toBe(404);

    const writer = new ZipWriter(new BlobWriter('application/zip'));
    await writer.add(
      'taxonomies/tlp-zip/machinetag.json',
      new TextReader(JSON.stringify({ ...tlp, namespace: 'tlp-zip' })),
    );
    const zip = await writer.close();
    expect(await c.admin.taxonomy.importZip({ name: 'taxonomies.zip', data: zip })).toEqual({
      created: 1,
      updated: 0,
      taxonomies: ['tlp-zip'],
    });
    expect((await c.analyst.taxonomy.get('tlp-zip')).tags).toHaveLength(2);
  });

  it('adds, changes and removes the organisation own case and alert statuses', async () => {
    const builtin = await c.analyst.caseStatus.list();
    expect(builtin[0]).toMatchObject({ value: 'New', builtin: true });
    const escalated = await c.analyst.caseStatus.create({
      value: 'Escalated',
      stage: 'InProgress',
      colour: '#FF8800',
    });
    expect(escalated).toMatchObject({ value: 'Escalated', colour: '#ff8800', builtin: false });
    await c.analyst.caseStatus.update(escalated._id, { hidden: true });
    expect((await c.analyst.caseStatus.list()).find((s) => s.value === 'Escalated')?.hidden).toBe(true);
    expect((await failure(c.analyst.caseStatus.update('New', { colour: '#000000' }))).status).toBe(400);
    await c.analyst.caseStatus.delete(escalated._id);
    expect((await c.analyst.caseStatus.list()).map((s) => s.value)).not.toContain('Escalated');

    const triage = await c.analyst.alertStatus.create({ value: 'Triage', stage: 'New' });
    expect(triage._type).toBe('AlertStatus');
    expect((await c.analyst.alertStatus.list()).map((s) => s.value)).toContain('Triage');
    await c.analyst.alertStatus.delete(triage._id);
  });
});
