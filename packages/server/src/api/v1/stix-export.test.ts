/**
 * POST /api/v1/stix/export over HTTP: the observables of a case, of an alert and of an observable
 * query become a valid STIX 2.1 bundle (indicators with patterns, observed-data, TLP markings,
 * labels); imported into another organisation it gives the same observables back; another
 * organisation's case is unknown; bad requests are 400s.
 */
import { describe, expect, it } from 'vitest';
import { checkStixBundle } from '../../intel/stix-import.js';
import { addObservable, createCase, postAlert } from '../../test-support/factories.js';
import { useOrganisation } from '../../test-support/identity.js';
import { useTestServer } from '../../test-support/server.js';

const server = useTestServer();
const producer = useOrganisation(server, 'stixexporter');
const consumer = useOrganisation(server, 'stixreceiver');

const observablesOf = async (client: typeof producer.analyst, step: Record<string, unknown>) => {
  const res = await client.post('/api/v1/query', { query: [step, { _name: 'observables' }] });
  expect(res.status, res.text).toBe(200);
  return res.body
    .map((o: any) => [o.dataType, o.data, o.ioc, [...o.tags].sort()])
    .sort((a: any, b: any) => String(a[1]).localeCompare(String(b[1])));
};

describe('POST /api/v1/stix/export', () => {
  it('exports the observables of a case as a valid bundle that imports back to the same observables', async () => {
    const kase = await createCase(producer.analyst, { title: 'Phishing wave', tlp: 2 });
    await addObservable(producer.analyst, kase._id, {
      dataType: 'ip',
      data: '198.51.100.7',
      ioc: true,
      tags: ['c2', 'botnet:x'],
      tlp: 3,
      message: 'beacon target',
    });
    await addObservable(producer.analyst, kase._id, { dataType: 'domain', data: 'lure.example', ioc: true });
    await addObservable(producer.analyst, kase._id, {
      dataType: 'url',
      data: "http://lure.example/it's",
      ioc: false,
      tags: ['landing'],
      tlp: 1,
    });
    await addObservable(producer.analyst, kase._id, { dataType: 'user-agent', data: 'Evil/1.0' });

    const res = await producer.analyst.post('/api/v1/stix/export', { caseId: kase._id });
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('x-stix-skipped')).toBe('1');
    const bundle = res.body;
    expect(checkStixBundle(bundle)).toEqual([]);
    const indicators = bundle.objects.filter((o: any) => o.type === 'indicator');
    expect(indicators.map((i: any) => [i.pattern, i.labels ?? []]).sort()).toEqual([
      ["[domain-name:value = 'lure.example']", []],
      ["[ipv4-addr:value = '198.51.100.7']", ['c2', 'botnet:x']],
    ]);
    const ip = indicators.find((i: any) => i.pattern.includes('198.51'));
    expect(ip.description).toBe('beacon target');
    // the TLP of each observable as the specification's marking definitions (AMBER+STRICT → AMBER)
    expect(ip.object_marking_refs).toEqual(['marking-definition--f88d31f6-486f-44da-b317-01333bde0b82']);
    expect(
      bundle.objects
        .filter((o: any) => o.type === 'marking-definition')
        .map((o: any) => o.name)
        .sort(),
    ).toEqual(['TLP:AMBER', 'TLP:GREEN']);
    const observed = bundle.objects.filter((o: any) => o.type === 'observed-data');
    expect(observed).toHaveLength(3);
    expect(observed.find((o: any) => o.labels?.includes('landing'))).toBeDefined();
    expect(bundle.objects.find((o: any) => o.type === 'grouping').name).toContain('Phishing wave');

    // round trip: the import gives the same observables (type, value, IOC flag, tags)
    const imported = await consumer.analyst.post('/api/v1/stix/import', bundle);
    expect(imported.status, imported.text).toBe(201);
    const back = await observablesOf(consumer.analyst, { _name: 'getAlert', idOrName: imported.body._id });
    const original = (await observablesOf(producer.analyst, { _name: 'getCase', idOrName: kase._id })).filter(
      (o: any) => o[0] !== 'user-agent',
    );
    expect(back).toEqual(original);
    expect(back).toHaveLength(3);

    // another organisation does not see the case
    const foreign = await consumer.analyst.post('/api/v1/stix/export', { caseId: kase._id });
    expect(foreign.status).toBe(404);
  });

  it('exports the observables of an alert and of an observable query', async () => {
    const alert = await postAlert(producer.analyst, {
      observables: [
        { dataType: 'mail', data: 'sender@bad.example', ioc: true },
        { dataType: 'hash', data: 'a'.repeat(32) },
      ],
    });
    const fromAlert = await producer.analyst.post('/api/v1/stix/export', { alertId: alert._id });
    expect(fromAlert.status, fromAlert.text).toBe(200);
    expect(checkStixBundle(fromAlert.body)).toEqual([]);
    expect(
      fromAlert.body.objects.filter((o: any) => o.type === 'indicator').map((o: any) => o.pattern),
    ).toEqual(["[email-addr:value = 'sender@bad.example']"]);
    expect(fromAlert.body.objects.find((o: any) => o.type === 'file').hashes).toEqual({
      MD5: 'a'.repeat(32),
    });

    const kase = await createCase(producer.analyst, { title: 'Query source' });
    await addObservable(producer.analyst, kase._id, {
      dataType: 'domain',
      data: 'query-hit.example',
      ioc: true,
    });
    await addObservable(producer.analyst, kase._id, { dataType: 'domain', data: 'query-miss.example' });
    const query = [
      { _name: 'listObservable' },
      {
        _name: 'filter',
        _and: [{ _field: 'ioc', _value: true }, { _like: { _field: 'data', _value: 'query-*' } }],
      },
    ];
    const fromQuery = await producer.analyst.post('/api/v1/stix/export', { query });
    expect(fromQuery.status, fromQuery.text).toBe(200);
    expect(checkStixBundle(fromQuery.body)).toEqual([]);
    expect(
      fromQuery.body.objects.filter((o: any) => o.type === 'domain-name').map((o: any) => o.value),
    ).toEqual(['query-hit.example']);
    // the same query in another organisation finds nothing of the producer's
    const elsewhere = await consumer.analyst.post('/api/v1/stix/export', { query });
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.body.objects.map((o: any) => o.type)).toEqual(['identity']);
  });

  it('answers 400 for a request it cannot serve', async () => {
    const none = await producer.analyst.post('/api/v1/stix/export', {});
    expect(none.status).toBe(400);
    expect(none.body.message).toMatch(/exactly one of caseId, alertId or query/);
    const notObservables = await producer.analyst.post('/api/v1/stix/export', {
      query: [{ _name: 'listCase' }],
    });
    expect(notObservables.status).toBe(400);
    expect(notObservables.body.message).toMatch(/must find observables/);
    const unknown = await producer.analyst.post('/api/v1/stix/export', { alertId: '~999999' });
    expect(unknown.status).toBe(404);
  });
});
