/**
 * Another real Cortex worker, unchanged, with the Debian modules it needs (python3-validators,
 * python3-idna; .ci/run installs them): ValidateObservable through Cortex4py's calls.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, type OrgFixture } from '../../../server/src/test-support/identity.js';
import { realWorkers, useAnalysisServer } from '../test-support/server.js';

const C = '/cortex/api';
const server = useAnalysisServer(realWorkers());
let soc: OrgFixture;

beforeAll(async () => {
  soc = await createOrganisation(server as never, 'soc');
});

describe('ValidateObservable (real worker)', () => {
  it('classifies a loopback IP and a punycode domain', async () => {
    const enabled = await soc.orgAdmin.post(`${C}/organization/analyzer/ValidateObservable_1_0`, {
      name: 'ValidateObservable_1_0',
    });
    expect(enabled.status).toBe(201);
    const run = async (dataType: string, data: string) => {
      const job = await soc.analyst.post(`${C}/analyzer/${enabled.body.id}/run`, { dataType, data });
      return (await soc.analyst.get(`${C}/job/${job.body.id}/waitreport?atMost=30seconds`)).body;
    };
    const ip = await run('ip', '127.0.0.1');
    expect(ip.status).toBe('Success');
    expect(ip.report.full).toMatchObject({ status: 'valid', note: 'Loopback IP address' });
    const idn = await run('domain', 'xn--80ak6aa92e.com');
    expect(idn.report.summary.taxonomies).toEqual([
      { level: 'suspicious', namespace: 'ValidateObs', predicate: 'domain', value: 'suspicious' },
    ]);
  });
});
