/**
 * STIX 2.1 import: the validator passes MITRE's real ATT&CK bundle and names each broken rule;
 * a case exported as STIX by one organisation comes back in another as an alert or a case with
 * the same observables (IOCs from the indicators' patterns); an invalid bundle is a 400 that
 * writes nothing.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { addObservable, createCase } from '../test-support/factories.js';
import { useOrganisation } from '../test-support/identity.js';
import { useTestServer } from '../test-support/server.js';
import { icsAttackBundle } from '../test-support/shared-data.js';
import { bundleToDraft, checkStixBundle } from './stix-import.js';

const server = useTestServer();
const producer = useOrganisation(server, 'stixproducer');
const consumer = useOrganisation(server, 'stixconsumer');

const attack = () => JSON.parse(readFileSync(icsAttackBundle(), 'utf8'));

beforeAll(async () => {
  // the ATT&CK catalog, for the case's procedures
  const imported = await server.admin.send('POST', '/api/v1/pattern/import/attack', undefined, {
    raw: readFileSync(icsAttackBundle(), 'utf8'),
    headers: { 'content-type': 'application/json' },
  });
  if (imported.status !== 200) throw new Error(`import: ${imported.status} ${imported.text}`);
}, 120_000);

describe('STIX 2.1 bundle checks', () => {
  it('passes the real ATT&CK ICS bundle and reads its techniques as tags', () => {
    const bundle = attack();
    expect(checkStixBundle(bundle)).toEqual([]);
    const draft = bundleToDraft(bundle);
    expect(draft.tags).toContain('mitre-attack:T0817');
    expect(draft.source).toBe('The MITRE Corporation');
  });

  it('names every broken rule with the object it is in', () => {
    const bundle = attack();
    const pattern = bundle.objects.find((o: any) => o.type === 'attack-pattern');
    const relationship = bundle.objects.find((o: any) => o.type === 'relationship');
    pattern.id = 'attack-pattern--not-a-uuid';
    relationship.modified = '2010-01-01T00:00:00.000Z';
    delete relationship.target_ref;
    bundle.objects.push({
      type: 'indicator',
      spec_version: '2.1',
      id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
      created: '2026-12-01T00:00:00Z',
      modified: '2026-12-01T00:00:00Z',
      pattern: "[ipv4-addr:value = '1.2.3.4'",
      pattern_type: 'stix',
      valid_from: '2026-12-01',
      created_by_ref: 'me',
    });
    const problems = checkStixBundle(bundle);
    expect(problems).toEqual([
      expect.stringMatching(
        /^objects\[\d+\] \(attack-pattern--not-a-uuid\): id: must be "attack-pattern--<uuid>"$/,
      ),
      expect.stringMatching(/\(relationship--.*\): modified: must not be before created$/),
      expect.stringMatching(/\(relationship--.*\): target_ref: is required$/),
      expect.stringMatching(/\(indicator--8e2e2d2b.*\): created_by_ref: must be a STIX identifier/),
      expect.stringMatching(/\(indicator--8e2e2d2b.*\): valid_from: must be a timestamp$/),
      expect.stringMatching(/\(indicator--8e2e2d2b.*\): pattern: the pattern ends where ']' was expected$/),
    ]);
    expect(checkStixBundle({ type: 'bundle', id: 'bundle--x', spec_version: '2.0', objects: {} })).toEqual([
      'id: must be "bundle--<uuid>"',
      'spec_version: a STIX 2.1 bundle has none (2.0 bundles had one); put it on the objects',
      'objects: must be a list of STIX objects',
    ]);
    expect(checkStixBundle([])).toEqual(['the body must be a STIX bundle object ({"type": "bundle", …})']);
  });
});

describe('POST /api/v1/stix/import', () => {
  it('brings a case exported as STIX back as an alert and as a case, IOCs from the indicators', async () => {
    const kase = await createCase(producer.analyst, { title: 'Shared intrusion', tlp: 1, tags: ['apt:x'] });
    await addObservable(producer.analyst, kase._id, { dataType: 'ip', data: '203.0.113.77', ioc: true });
    await addObservable(producer.analyst, kase._id, { dataType: 'hash', data: 'e'.repeat(64), ioc: true });
    await addObservable(producer.analyst, kase._id, { dataType: 'domain', data: 'seen.example', ioc: false });
    const procedure = await producer.analyst.post(`/api/v1/case/${kase._id}/procedure`, {
      occurDate: Date.now(),
      patternId: 'T0803',
      tactic: 'Inhibit Response Function',
      description: 'Blocked the trip command',
    });
    expect(procedure.status, procedure.text).toBe(201);
    const comment = await producer.analyst.post(`/api/v1/case/${kase._id}/comment`, {
      message: 'Seen from the partner CERT too',
    });
    expect(comment.status, comment.text).toBe(201);
    const exported = await producer.analyst.get(`/api/v1/case/${kase._id}/stix`);
    expect(exported.status).toBe(200);
    const bundle = exported.body;
    expect(checkStixBundle(bundle)).toEqual([]);
    // the case's comments as notes about the incident
    const [note] = bundle.objects.filter((o: any) => o.type === 'note');
    expect(note).toMatchObject({
      content: 'Seen from the partner CERT too',
      authors: [producer.logins.analyst],
      object_refs: [bundle.objects.find((o: any) => o.type === 'incident').id],
    });
    // the case's procedure as an ATT&CK attack-pattern related to the incident
    const [technique] = bundle.objects.filter((o: any) => o.type === 'attack-pattern');
    expect(technique).toMatchObject({
      name: 'Block Command Message',
      external_references: [
        {
          source_name: 'mitre-attack',
          external_id: 'T0803',
          url: 'https://attack.mitre.org/techniques/T0803',
        },
      ],
      kill_chain_phases: [{ kill_chain_name: 'mitre-attack', phase_name: 'inhibit-response-function' }],
    });
    expect(
      bundle.objects.find((o: any) => o.type === 'relationship' && o.target_ref === technique.id),
    ).toMatchObject({ relationship_type: 'related-to', description: 'Blocked the trip command' });

    const res = await consumer.analyst.post('/api/v1/stix/import', bundle);
    expect(res.status, res.text).toBe(201);
    const incident = bundle.objects.find((o: any) => o.type === 'incident');
    expect(res.body).toMatchObject({
      _type: 'Alert',
      type: 'stix',
      source: 'stixproducer',
      sourceRef: incident.id,
      title: `#${kase.number} Shared intrusion`,
      tlp: 1,
      tags: ['apt:x', 'mitre-attack:T0803'],
    });
    const observables = await consumer.analyst.post('/api/v1/query', {
      query: [{ _name: 'getAlert', idOrName: res.body._id }, { _name: 'observables' }],
    });
    expect(observables.body.map((o: any) => [o.dataType, o.data, o.ioc]).sort()).toEqual([
      ['domain', 'seen.example', false],
      ['hash', 'e'.repeat(64), true],
      ['ip', '203.0.113.77', true],
    ]);
    // the producer's alert list is untouched, and a second import of the same incident is a conflict
    const again = await consumer.analyst.post('/api/v1/stix/import', bundle);
    expect(again.status).toBe(400);
    expect(again.body.type).toBe('ConflictError');

    const asCase = await consumer.analyst.post('/api/v1/stix/import?as=case', bundle);
    expect(asCase.status, asCase.text).toBe(201);
    expect(asCase.body).toMatchObject({ _type: 'Case', title: `#${kase.number} Shared intrusion`, tlp: 1 });
    const caseObservables = await consumer.analyst.post('/api/v1/query', {
      query: [{ _name: 'getCase', idOrName: asCase.body._id }, { _name: 'observables' }],
    });
    expect(
      caseObservables.body
        .filter((o: any) => o.ioc)
        .map((o: any) => o.data)
        .sort(),
    ).toEqual(['203.0.113.77', 'e'.repeat(64)]);
  });

  it('refuses an invalid bundle with its problems and writes nothing; checks permissions', async () => {
    const count = async () =>
      (
        await consumer.analyst.post('/api/v1/query', {
          query: [{ _name: 'listAlert' }, { _name: 'count' }],
        })
      ).body;
    const before = await count();
    const bundle = {
      type: 'bundle',
      id: 'bundle--6f1b5a56-1a8f-4c3e-9d1f-2b7c1c0e8a11',
      objects: [
        {
          type: 'indicator',
          spec_version: '2.1',
          id: 'indicator--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061',
          created: '2026-12-01T00:00:00Z',
          modified: '2026-12-01T00:00:00Z',
          pattern: "[ipv4-addr:value = '198.51.100.1'] AND",
          pattern_type: 'stix',
          valid_from: '2026-12-01T00:00:00Z',
        },
      ],
    };
    const res = await consumer.analyst.post('/api/v1/stix/import', bundle);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      type: 'BadRequest',
      message:
        "Invalid STIX 2.1 bundle: objects[0] (indicator--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061): pattern: the pattern ends where '[' was expected",
    });
    expect(await count()).toBe(before);
    expect((await consumer.analyst.post('/api/v1/stix/import?as=nope', bundle)).status).toBe(400);
    expect((await consumer.analyst.post('/api/v1/stix/import', [bundle])).status).toBe(400);
    expect((await consumer.readOnly.post('/api/v1/stix/import', bundle)).status).toBe(403);
  });
});
