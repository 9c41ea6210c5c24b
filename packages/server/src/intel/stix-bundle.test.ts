/**
 * GET /api/v1/case/{caseId}/stix: the bundle is checked against the STIX 2.1 rules a consumer
 * relies on (ids `<type>--<uuid>`, spec_version, timestamps, references that resolve, pattern
 * syntax, TLP markings), SCO ids are deterministic, and another organisation's case is a 404.
 */
import { describe, expect, it } from 'vitest';
import { addObservable, createCase } from '../test-support/factories.js';
import { useOrganisation } from '../test-support/identity.js';
import { useTestServer } from '../test-support/server.js';

const server = useTestServer();
const soc = useOrganisation(server, 'stixsoc');
const other = useOrganisation(server, 'stixother');

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}';
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const PATTERN = /^\[[a-z0-9-]+:[a-z_]+(\.'[A-Z0-9-]+')? = '(?:[^'\\]|\\.)*'\]$/;
const SCO_TYPES = new Set([
  'ipv4-addr',
  'ipv6-addr',
  'domain-name',
  'url',
  'email-addr',
  'file',
  'autonomous-system',
]);

/** The STIX 2.1 rules this export must keep; returns the problems found. */
function validate(bundle: any): string[] {
  const problems: string[] = [];
  if (bundle.type !== 'bundle') problems.push('not a bundle');
  if (!new RegExp(`^bundle--${UUID}$`).test(bundle.id)) problems.push(`bundle id ${bundle.id}`);
  if ('spec_version' in bundle) problems.push('a 2.1 bundle has no spec_version');
  const ids = new Set(bundle.objects.map((o: any) => o.id));
  for (const o of bundle.objects) {
    if (!new RegExp(`^${o.type}--${UUID}$`).test(o.id)) problems.push(`id ${o.id} of a ${o.type}`);
    if (o.spec_version !== '2.1') problems.push(`${o.id}: spec_version ${o.spec_version}`);
    if (!SCO_TYPES.has(o.type)) {
      if (!TIMESTAMP.test(o.created)) problems.push(`${o.id}: created ${o.created}`);
      if (o.type !== 'marking-definition' && !(TIMESTAMP.test(o.modified) && o.modified >= o.created))
        problems.push(`${o.id}: modified ${o.modified}`);
    }
    for (const [key, value] of Object.entries(o)) {
      const refs = key.endsWith('_ref') ? [value] : key.endsWith('_refs') ? (value as unknown[]) : [];
      for (const ref of refs)
        if (!ids.has(ref)) problems.push(`${o.id}: ${key} ${String(ref)} not in the bundle`);
    }
    if (o.type === 'indicator') {
      if (!PATTERN.test(o.pattern)) problems.push(`${o.id}: pattern ${o.pattern}`);
      if (o.pattern_type !== 'stix' || !TIMESTAMP.test(o.valid_from))
        problems.push(`${o.id}: pattern_type/valid_from`);
    }
    if (o.type === 'relationship' && !o.relationship_type) problems.push(`${o.id}: no relationship_type`);
  }
  return problems;
}

describe('STIX 2.1 export of a case', () => {
  it('exports the case, its observables and its IOCs as a valid bundle', async () => {
    const kase = await createCase(soc.analyst, { title: 'Stix case', tags: ['apt'], tlp: 3 });
    await addObservable(soc.analyst, kase._id, { dataType: 'ip', data: '198.51.100.7', ioc: true });
    await addObservable(soc.analyst, kase._id, { dataType: 'domain', data: 'evil.example', ioc: false });
    await addObservable(soc.analyst, kase._id, { dataType: 'url', data: "http://x.example/it's", ioc: true });
    await addObservable(soc.analyst, kase._id, { dataType: 'hash', data: 'a'.repeat(64), ioc: true });
    await addObservable(soc.analyst, kase._id, { dataType: 'user-agent', data: 'curl/8', ioc: true });

    const res = await soc.analyst.get(`/api/v1/case/${kase._id}/stix`);
    expect(res.status, res.text).toBe(200);
    const bundle = res.body;
    expect(validate(bundle)).toEqual([]);
    const of = (type: string) => bundle.objects.filter((o: any) => o.type === type);
    expect(of('incident')).toHaveLength(1);
    expect(of('incident')[0]).toMatchObject({ name: `#${kase.number} Stix case`, labels: ['apt'] });
    expect(of('identity')[0]).toMatchObject({ name: 'stixsoc', identity_class: 'organization' });
    expect(
      of('indicator')
        .map((i: any) => i.pattern)
        .sort(),
    ).toEqual([
      "[file:hashes.'SHA-256' = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa']",
      "[ipv4-addr:value = '198.51.100.7']",
      "[url:value = 'http://x.example/it\\'s']",
    ]);
    expect(of('domain-name').map((o: any) => o.value)).toEqual(['evil.example']);
    expect(of('observed-data')[0].object_refs).toHaveLength(4);
    // AMBER+STRICT is marked with the spec's TLP:AMBER
    expect(of('marking-definition')).toEqual([
      expect.objectContaining({
        id: 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82',
        definition: { tlp: 'amber' },
      }),
    ]);
    expect(of('incident')[0].object_marking_refs).toEqual([
      'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82',
    ]);

    // SCO ids are deterministic: the same value in another case has the same id, another value another
    const second = await createCase(soc.analyst, { title: 'Second', tlp: 4 });
    await addObservable(soc.analyst, second._id, { dataType: 'ip', data: '198.51.100.7' });
    await addObservable(soc.analyst, second._id, { dataType: 'ip', data: '198.51.100.8' });
    const again = (await soc.analyst.get(`/api/v1/case/${second._id}/stix`)).body;
    expect(validate(again)).toEqual([]);
    const ips = again.objects.filter((o: any) => o.type === 'ipv4-addr');
    const first = of('ipv4-addr')[0];
    expect(ips.find((o: any) => o.value === '198.51.100.7').id).toBe(first.id);
    expect(ips.find((o: any) => o.value === '198.51.100.8').id).not.toBe(first.id);
    expect(again.objects.find((o: any) => o.type === 'marking-definition').definition).toEqual({
      tlp: 'red',
    });
  });

  it("keeps another organisation's case out of reach", async () => {
    const kase = await createCase(soc.analyst, { title: 'Private' });
    const res = await other.analyst.get(`/api/v1/case/${kase._id}/stix`);
    expect(res.status).toBe(404);
    expect(res.body.type).toBe('NotFoundError');
  });
});
