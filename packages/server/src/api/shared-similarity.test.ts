/**
 * Similarity with shared cases (docs/sharing.md), on SQLite and PostgreSQL: an organisation's
 * alert similar cases, its case's linked cases, its observables' "seen" and similar observables
 * take in the cases shared with it (their shared observables), and nothing of the owner's cases
 * that are not shared; removing the share removes them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { expectOk } from '../test-support/factories.js';
import { createOrganisation, type OrgFixture } from '../test-support/identity.js';
import { useTestServer } from '../test-support/server.js';

const server = useTestServer();
let owner: OrgFixture;
let partner: OrgFixture;
const ip = { dataType: 'ip', data: '203.0.113.77' };
let sharedCase: string;
let hiddenCase: string;
let partnerCase: string;
let partnerObservable: string;
let alertId: string;

beforeAll(async () => {
  owner = await createOrganisation(server, 'sim-owner');
  partner = await createOrganisation(server, 'sim-partner');
  await expectOk(server.admin.put('/api/v1/organisation/sim-owner/link/sim-partner', {}), 'link');
  const make = async (client: OrgFixture['analyst'], title: string) => {
    const kase = await expectOk(client.post('/api/v1/case', { title, description: 'd' }), 'case');
    const obs = await expectOk(client.post(`/api/v1/case/${kase._id}/observable`, ip), 'observable');
    return { id: kase._id as string, observable: obs[0]._id as string };
  };
  sharedCase = (await make(owner.analyst, 'owner shared')).id;
  hiddenCase = (await make(owner.analyst, 'owner not shared')).id;
  const mine = await make(partner.analyst, 'partner case');
  partnerCase = mine.id;
  partnerObservable = mine.observable;
  alertId = (
    await expectOk(
      partner.analyst.post('/api/v1/alert', {
        type: 'sim',
        source: 'test',
        sourceRef: 'sim-1',
        title: 'partner alert',
        description: 'd',
        observables: [ip],
      }),
      'alert',
    )
  )._id;
  const shared = await owner.analyst.post(`/api/v1/case/${sharedCase}/shares`, {
    shares: [{ organisation: 'sim-partner', profile: 'read-only' }],
  });
  expect(shared.status, shared.text).toBeLessThan(300);
}, 60_000);

const q = async (steps: unknown[]) => {
  const res = await partner.analyst.post('/api/v1/query', { query: steps });
  expect(res.status, res.text).toBe(200);
  return res.body as Array<Record<string, any>>;
};

async function views() {
  const alert = await partner.analyst.get(`/api/v1/alert/${alertId}?extraData=similarCases`);
  const similarCases = (alert.body.extraData.similarCases as Array<{ case: { _id: string } }>).map(
    (s) => s.case._id,
  );
  const linked = (await q([{ _name: 'getCase', idOrName: partnerCase }, { _name: 'linkedCases' }])).map(
    (c) => c._id,
  );
  const obs = (await partner.analyst.get(`/api/v1/observable/${partnerObservable}`)).body;
  const similarObs = await q([{ _name: 'getObservable', idOrName: partnerObservable }, { _name: 'similar' }]);
  return {
    similarCases,
    linked,
    seen: (obs.extraData.seen as { seen: number }).seen,
    similarObservables: similarObs.length,
  };
}

describe('similarity with shared cases', () => {
  it('counts and reveals the shared case, never the owner’s other cases', async () => {
    const v = await views();
    expect(v.similarCases.sort()).toEqual([partnerCase, sharedCase].sort());
    expect(v.linked).toEqual([sharedCase]);
    expect(v.seen).toBe(1);
    expect(v.similarObservables).toBe(1);
    expect(JSON.stringify(v)).not.toContain(hiddenCase);
  });

  it('forgets the shared case once the share is removed', async () => {
    const removed = await owner.analyst.send('DELETE', `/api/v1/case/${sharedCase}/shares`, {
      organisations: ['sim-partner'],
    });
    expect(removed.status).toBe(204);
    const v = await views();
    expect(v.similarCases).toEqual([partnerCase]);
    expect(v.linked).toEqual([]);
    expect(v.seen).toBe(0);
    expect(v.similarObservables).toBe(0);
  });
});
