/**
 * client.stix and client.taxii against a real server: observables of a case exported as a STIX
 * bundle and imported back as an alert and as a case; an invalid bundle is a typed 400; the TAXII
 * remotes' status and pull-now for administrators, an unreachable remote a 502 naming it (pulls
 * from a live TAXII server are tested in the server's connectors/taxii tests).
 */
import { describe, expect, it } from 'vitest';
import { failure, useClients } from '../test-support/clients.js';

describe('client.stix and client.taxii', () => {
  const c = useClients({
    // no periodic pulls: the test pulls when it wants to
    feederRunner: { enabled: false },
    taxii: {
      timeoutSeconds: 2,
      remotes: [
        {
          name: 'down',
          url: 'http://127.0.0.1:9/taxii2/api/',
          collection: 'c1',
          organisation: 'soc',
          auth: { token: 'taxii-token-0123456789' },
        },
      ],
    },
  } as never);

  it('exports observables as STIX and imports them back', async () => {
    const kase = await c.analyst.case.create({ title: 'STIX source', description: 'd' });
    await c.analyst.case.createObservable(kase._id, {
      dataType: 'ip',
      data: '192.0.2.44',
      ioc: true,
      tags: ['c2'],
    });
    await c.analyst.case.createObservable(kase._id, { dataType: 'domain', data: 'client.example' });
    const bundle = await c.analyst.stix.export({ caseId: kase._id });
    expect(bundle.type).toBe('bundle');
    expect(bundle.objects.filter((o) => o.type === 'indicator').map((o) => o.pattern)).toEqual([
      "[ipv4-addr:value = '192.0.2.44']",
    ]);
    const fromQuery = await c.analyst.stix.export({
      query: [{ _name: 'listObservable' }, { _name: 'filter', _field: 'data', _value: 'client.example' }],
    });
    expect(fromQuery.objects.filter((o) => o.type === 'domain-name').map((o) => o.value)).toEqual([
      'client.example',
    ]);

    const alert = await c.analyst.stix.import(bundle);
    expect(alert._type).toBe('Alert');
    const asCase = await c.analyst.stix.import(bundle, { as: 'case' });
    expect(asCase._type).toBe('Case');
    const invalid = await failure(c.analyst.stix.import({ ...bundle, id: 'bundle--nope' }));
    expect(invalid.status).toBe(400);
    expect(invalid.message).toMatch(/id: must be "bundle--<uuid>"/);
    expect((await failure(c.analyst.stix.export({ caseId: '~999999' }))).status).toBe(404);
  });

  it('reads the TAXII remotes and pulls them now, for administrators', async () => {
    const status = await c.admin.taxii.status();
    expect(status.remotes.map((r) => [r.name, r.cursor, r.lastError])).toEqual([['down', null, null]]);
    expect(JSON.stringify(status)).not.toContain('taxii-token-0123456789');
    const down = await failure(c.admin.taxii.pull('down'));
    expect(down.status).toBe(502);
    expect(down.message).toMatch(/TAXII remote down is unreachable/);
    expect((await c.admin.taxii.status()).remotes[0]!.lastError).toMatch(/unreachable/);
    expect((await failure(c.admin.taxii.pull('nope'))).status).toBe(404);
    // the analyst is an org-admin of soc, not a platform administrator
    expect((await failure(c.analyst.taxii.status())).status).toBe(403);
  });
});
