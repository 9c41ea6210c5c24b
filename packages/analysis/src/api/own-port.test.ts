/**
 * Cortex's API on its own port (`propolis analysis serve --port 9001`): Cortex's paths at the root,
 * the same keys and organisations as the platform's, and none of TheHive's routes there.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../../server/src/test-support/http.js';
import { createOrganisation, type OrgFixture } from '../../../server/src/test-support/identity.js';
import { useAnalysisServer } from '../test-support/server.js';

const server = useAnalysisServer({}, { ownPort: true });
let soc: OrgFixture;
let cortex: string;

beforeAll(async () => {
  soc = await createOrganisation(server as never, 'soc');
  const address = server.extension.cortexApp?.server.address();
  if (!address || typeof address === 'string') throw new Error('the Cortex port is not listening');
  cortex = `http://127.0.0.1:${address.port}`;
});

describe("Cortex's API on its own port", () => {
  it('serves /api/status without authentication and refuses calls without a key', async () => {
    const anonymous = new HttpClient(cortex, {});
    const status = await anonymous.get('/api/status');
    expect(status.status).toBe(200);
    expect(status.body.versions.Cortex).toMatch(/^Propolis /);
    const refused = await anonymous.get('/api/analyzer');
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ type: expect.any(String), message: expect.any(String) });
  });

  it("runs an analyzer with a platform key, and has none of TheHive's routes", async () => {
    const orgAdmin = new HttpClient(cortex, soc.orgAdmin.auth);
    const analyst = new HttpClient(cortex, soc.analyst.auth);
    const enabled = await orgAdmin.post('/api/organization/analyzer/Propolis_IpClass_1_0', {});
    expect(enabled.status).toBe(201);
    const job = await analyst.post(`/api/analyzer/${enabled.body.id}/run`, {
      dataType: 'ip',
      data: '127.0.0.1',
    });
    expect(job.status).toBe(200);
    const done = await analyst.get(`/api/job/${job.body.id}/waitreport?atMost=20seconds`);
    expect(done.body).toMatchObject({ status: 'Success', report: { full: { address: '127.0.0.1' } } });
    // the same job through the platform's prefix
    expect((await soc.analyst.get(`/cortex/api/job/${job.body.id}`)).body.status).toBe('Success');
    expect((await analyst.get('/api/v1/case')).status).toBe(404);
    expect((await analyst.get('/cortex/api/status')).status).toBe(404);
  });

  it("serves Cortex's base configurations and datastore there too", async () => {
    const orgAdmin = new HttpClient(cortex, soc.orgAdmin.auth);
    const configs = await orgAdmin.get('/api/analyzerconfig');
    expect(configs.status).toBe(200);
    expect(configs.body[0].name).toBe('global');
    const patched = await orgAdmin.patch('/api/analyzerconfig/global', { config: { jobTimeout: 5 } });
    expect(patched.body.config).toEqual({ jobTimeout: 5 });
    // a file of the organisation, by its SHA-256 (what TheHive downloads artifacts with)
    const caseId = (await soc.analyst.post('/api/v1/case', { title: 'files', description: 'd' })).body._id;
    const [observable] = (
      await soc.analyst.post(`/api/v1/case/${caseId}/observable`, {
        dataType: 'file',
        data: `note.txt;text/plain;${Buffer.from('a stored file').toString('base64')}`,
      })
    ).body;
    const analyst = new HttpClient(cortex, soc.analyst.auth);
    const download = await analyst.get(`/api/datastore/${observable.attachment.id}`);
    expect(download.status).toBe(200);
    expect(download.text).toBe('a stored file');
  });
});
