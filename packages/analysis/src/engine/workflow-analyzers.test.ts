/**
 * The workflow action `runAnalyzers` (issue 16) through the server's analysis port: a rule on new
 * alerts runs the organisation's IP classifier on the alert's observables; the report lands on the
 * IP observable and not on the domain (a type the analyzer does not accept). A rule naming an
 * analyzer the organisation has not enabled records the failure on the workflow.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, type OrgFixture } from '../../../server/src/test-support/identity.js';
import { eventually } from '../../../server/src/test-support/shared-database.js';
import { useAnalysisServer } from '../test-support/server.js';

const ANALYZER = 'Propolis_IpClass_1_0';

const server = useAnalysisServer(
  {},
  {
    platform: {
      feederRunner: { enabled: true, reconcileSeconds: 1, leaseSeconds: 30 },
      workflows: [
        {
          name: 'analyse-alerts',
          organisation: 'soc',
          when: { event: 'AlertCreated', filter: { _field: 'source', _value: 'ids' } },
          actions: [{ runAnalyzers: [ANALYZER] }],
        },
        {
          name: 'not-enabled',
          organisation: 'soc',
          when: { event: 'AlertCreated', filter: { _field: 'source', _value: 'edr' } },
          actions: [{ runAnalyzers: { analyzers: ['Propolis_UrlParse_1_0'] } }],
        },
      ],
    } as never,
  },
);
let soc: OrgFixture;

beforeAll(async () => {
  soc = await createOrganisation(server as never, 'soc');
  const res = await soc.orgAdmin.post(`/cortex/api/organization/analyzer/${ANALYZER}`, { configuration: {} });
  if (res.status !== 201) throw new Error(res.text);
});

async function alertWith(source: string, sourceRef: string) {
  const res = await soc.analyst.post('/api/v1/alert', {
    type: 'test',
    source,
    sourceRef,
    title: `alert ${sourceRef}`,
    description: 'from a workflow test',
    observables: [
      { dataType: 'ip', data: '192.168.10.20' },
      { dataType: 'domain', data: 'example.org' },
    ],
  });
  if (res.status !== 201) throw new Error(res.text);
  return res.body._id as string;
}

describe('workflow action runAnalyzers', () => {
  it('runs the analyzer on the accepted observables of a new alert', async () => {
    const alertId = await alertWith('ids', 'ids-1');
    const observables = await eventually(async () => {
      const res = await soc.analyst.post('/api/v1/query', {
        query: [{ _name: 'getAlert', idOrName: alertId }, { _name: 'observables' }],
      });
      const list = res.body as Array<{ dataType: string; reports?: Record<string, unknown> }>;
      const ip = list.find((o) => o.dataType === 'ip');
      return ip?.reports && Object.keys(ip.reports).length > 0 ? list : undefined;
    }, 30_000);
    const ip = observables.find((o) => o.dataType === 'ip')!;
    const domain = observables.find((o) => o.dataType === 'domain')!;
    const taxonomies = (ip.reports as Record<string, { taxonomies: Array<{ value: unknown }> }>)
      .Propolis_IpClass_1_0?.taxonomies;
    expect(taxonomies?.length).toBeGreaterThan(0);
    expect(JSON.stringify(taxonomies)).toContain('rivate');
    expect(domain.reports ?? {}).toEqual({});
    // the job was made by the workflow, in the organisation
    const jobs = await soc.analyst.post('/cortex/api/job/_search', { query: {} });
    expect(jobs.status).toBe(200);
    expect(jobs.body).toHaveLength(1);
  });

  it('records a failure when the organisation has not enabled the analyzer', async () => {
    await alertWith('edr', 'edr-1');
    const wf = await eventually(async () => {
      const res = await server.admin.get('/api/v1/workflow');
      const found = (
        res.body as Array<{ name: string; status: { failed: number; lastError: string | null } }>
      ).find((w) => w.name === 'not-enabled');
      return found && found.status.failed > 0 ? found : undefined;
    }, 30_000);
    expect(wf.status.lastError).toMatch(/Propolis_UrlParse_1_0 not found/);
  });
});
