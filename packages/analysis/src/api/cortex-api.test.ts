/**
 * Cortex's REST API over HTTP, as Cortex4py calls it, running the real Cortex workers of
 * ../shared/data/cortex through the job-folder protocol.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, type OrgFixture } from '../../../server/src/test-support/identity.js';
import { multipartBody } from '../../../server/src/test-support/multipart.js';
import { realWorkers, useAnalysisServer } from '../test-support/server.js';

const server = useAnalysisServer({ ...realWorkers(), maxFileBytes: 100_000 });
let soc: OrgFixture;
let cert: OrgFixture;
const C = '/cortex/api';

beforeAll(async () => {
  soc = await createOrganisation(server as never, 'soc');
  cert = await createOrganisation(server as never, 'cert');
});

describe('Cortex API', () => {
  it('answers /status without credentials, and nothing else', async () => {
    const status = await server.anonymous.get(`${C}/status`);
    expect(status.status).toBe(200);
    expect(status.body.versions.Cortex).toMatch(/Propolis/);
    expect((await server.anonymous.get(`${C}/analyzer`)).status).toBe(401);
  });

  it('lists definitions to organisation administrators only', async () => {
    const defs = await soc.orgAdmin.get(`${C}/analyzerdefinition`);
    expect(defs.status).toBe(200);
    const ids = defs.body.map((d: { id: string }) => d.id);
    expect(ids).toEqual(
      expect.arrayContaining(['TestAnalyzer_1_0', 'DevTools_Echo_Analyzer_1_0', 'Propolis_FileInfo_1_0']),
    );
    const test = defs.body.find((d: { id: string }) => d.id === 'TestAnalyzer_1_0');
    expect(test.command).toBe('testing.py');
    expect((await soc.analyst.get(`${C}/analyzerdefinition`)).status).toBe(403);
    const responders = await soc.orgAdmin.get(`${C}/responderdefinition`);
    expect(responders.body.map((d: { id: string }) => d.id)).toContain('Test_1_0');
  });

  it('enables an analyzer with its configuration checked, once per organisation', async () => {
    const bad = await soc.orgAdmin.post(`${C}/organization/analyzer/TestAnalyzer_1_0`, {
      name: 'TestAnalyzer_1_0',
      configuration: { nope: 1, some_number: 'x' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/nope: is not an item/);
    expect(bad.body.message).toMatch(/some_number: must be a number/);
    const created = await soc.orgAdmin.post(`${C}/organization/analyzer/TestAnalyzer_1_0`, {
      name: 'TestAnalyzer_1_0',
      configuration: { some_string: 'hello' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'TestAnalyzer_1_0',
      analyzerDefinitionId: 'TestAnalyzer_1_0',
      dataTypeList: expect.arrayContaining(['ip']),
      configuration: {
        some_string: 'hello',
        throw_error: false,
        some_number: 1,
        auto_extract_artifacts: false,
        jobCache: 10,
      },
    });
    expect(created.body.id).toMatch(/^[0-9a-f]{32}$/);
    expect((await soc.orgAdmin.post(`${C}/organization/analyzer/TestAnalyzer_1_0`, {})).status).toBe(400);
    expect((await soc.analyst.post(`${C}/organization/analyzer/DevTools_Echo_Analyzer_1_0`, {})).status).toBe(
      403,
    );
    const list = await soc.analyst.get(`${C}/analyzer`);
    expect(list.headers.get('x-total')).toBe('1');
    expect(list.body[0].configuration).toBeUndefined();
    expect((await cert.analyst.get(`${C}/analyzer`)).body).toEqual([]);
    const byName = await soc.analyst.post(`${C}/analyzer/_search?range=0-1`, {
      query: { _field: 'name', _value: 'TestAnalyzer_1_0' },
    });
    expect(byName.body).toHaveLength(1);
    expect((await soc.analyst.get(`${C}/analyzer/type/ip`)).body).toHaveLength(1);
    expect((await soc.analyst.get(`${C}/analyzer/type/file`)).body).toHaveLength(0);
  });

  it('runs the real TestAnalyzer and serves its report, artifacts and cache', async () => {
    const [worker] = (await soc.analyst.get(`${C}/analyzer`)).body;
    const run = await soc.analyst.post(`${C}/analyzer/${worker.id}/run`, {
      dataType: 'ip',
      data: '1.2.3.4',
      tlp: 1,
    });
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({
      status: 'Waiting',
      dataType: 'ip',
      data: '1.2.3.4',
      tlp: 1,
      pap: 2,
      analyzerId: worker.id,
    });
    const report = await soc.analyst.get(`${C}/job/${run.body.id}/waitreport?atMost=30seconds`);
    expect(report.status).toBe(200);
    expect(report.body.status).toBe('Success');
    expect(report.body.report.success).toBe(true);
    expect(report.body.report.summary.taxonomies.map((t: { level: string }) => t.level)).toEqual([
      'info',
      'safe',
      'suspicious',
      'malicious',
    ]);
    expect(report.body.report.full.unicodeTest).toMatch(/こんにちは/);
    expect(report.body.report.artifacts).toEqual([
      { dataType: 'ip', data: '8.8.8.8', tags: ['test'], tlp: 2 },
    ]);
    expect(report.body.report.operations).toEqual([{ type: 'AddTagToArtifact', tag: 'test' }]);
    const artifacts = await soc.analyst.get(`${C}/job/${run.body.id}/artifacts`);
    expect(artifacts.body[0]).toMatchObject({ dataType: 'ip', data: '8.8.8.8' });

    const cached = await soc.analyst.post(`${C}/analyzer/${worker.id}/run`, {
      dataType: 'ip',
      data: '1.2.3.4',
      tlp: 1,
    });
    expect(cached.body).toMatchObject({ id: run.body.id, fromCache: true });
    const forced = await soc.analyst.post(`${C}/analyzer/${worker.id}/run?force=1`, {
      dataType: 'ip',
      data: '1.2.3.4',
      tlp: 1,
    });
    expect(forced.body.id).not.toBe(run.body.id);
    expect(forced.body.fromCache).toBeUndefined();

    const jobs = await soc.analyst.post(`${C}/job/_search?range=0-10`, {
      query: { _field: 'data', _value: '1.2.3.4' },
    });
    expect(jobs.status).toBe(200);
    expect(jobs.headers.get('x-total')).toBe('2');
    expect(jobs.body[0].id).toBe(forced.body.id); // newest first

    // organisations are isolated
    expect((await cert.analyst.get(`${C}/job/${run.body.id}`)).status).toBe(404);
    expect((await cert.analyst.post(`${C}/job/_search`, { query: {} })).body).toEqual([]);
    expect(
      (await cert.analyst.post(`${C}/analyzer/${worker.id}/run`, { dataType: 'ip', data: '1.1.1.1' })).status,
    ).toBe(404);

    // soft delete
    expect((await soc.analyst.delete(`${C}/job/${forced.body.id}`)).status).toBe(204);
    expect((await soc.analyst.get(`${C}/job/${forced.body.id}`)).body.status).toBe('Deleted');
    expect((await soc.analyst.post(`${C}/job/_search`, { query: {} })).headers.get('x-total')).toBe('1');
    const statuses = await soc.analyst.post(`${C}/job/status`, {
      jobIds: [run.body.id, forced.body.id, '~999999'],
    });
    expect(statuses.body).toEqual({
      [run.body.id]: 'Success',
      [forced.body.id]: 'Deleted',
      '~999999': 'NotFound',
    });
  });

  it('fails a job with the worker error, and passes TLP, PAP, message, parameters and config through', async () => {
    const echo = await soc.orgAdmin.post(`${C}/organization/analyzer/DevTools_Echo_Analyzer_1_0`, {
      name: 'DevTools_Echo_Analyzer_1_0',
      configuration: { proxy_https: 'http://127.0.0.1:9', check_tlp: true, max_tlp: 2 },
    });
    expect(echo.status).toBe(201);
    const run = await soc.analyst.post(`${C}/analyzer/${echo.body.id}/run`, {
      dataType: 'domain',
      data: 'example.org',
      tlp: 0,
      pap: 3,
      message: 'case 42',
      parameters: { who: 'me' },
    });
    const done = await soc.analyst.get(`${C}/job/${run.body.id}/waitreport?atMost=30seconds`);
    expect(done.body.status).toBe('Success');
    expect(done.body.report.full).toMatchObject({
      dataType: 'domain',
      data: 'example.org',
      tlp: 0,
      pap: 3,
      message: 'case 42',
      parameters: { who: 'me' },
      config: { service: 'echo', some_string: 'some string..', proxy: { https: 'http://127.0.0.1:9' } },
    });
    const red = await soc.analyst.post(`${C}/analyzer/${echo.body.id}/run`, {
      dataType: 'domain',
      data: 'example.org',
      tlp: 3,
    });
    const refused = await soc.analyst.get(`${C}/job/${red.body.id}/waitreport?atMost=30seconds`);
    expect(refused.body.status).toBe('Failure');
    expect(refused.body.report).toMatchObject({
      success: false,
      errorMessage: 'TLP is higher than allowed.',
    });
    expect(refused.body.errorMessage).toBe('TLP is higher than allowed.');
  });

  it('runs a worker on a file sent as Cortex4py sends it (multipart: _json and a data part)', async () => {
    const echo = (await soc.analyst.get(`${C}/analyzer/DevTools_Echo_Analyzer_1_0`)).body;
    const { body, contentType } = multipartBody([
      { name: '_json', value: JSON.stringify({ dataType: 'file', tlp: 1, pap: 1 }) },
      {
        name: 'data',
        filename: 'sample.bin',
        data: 'MZ binary content',
        contentType: 'application/x-dosexec',
      },
    ]);
    const run = await soc.analyst.send('POST', `${C}/analyzer/${echo.id}/run`, undefined, {
      raw: body,
      headers: { 'content-type': contentType },
    });
    expect(run.status).toBe(200);
    expect(run.body.attachment).toMatchObject({
      name: 'sample.bin',
      size: 17,
      contentType: 'application/x-dosexec',
    });
    expect(run.body.data).toBeUndefined();
    const done = (await soc.analyst.get(`${C}/job/${run.body.id}/waitreport?atMost=30seconds`)).body;
    expect(done.status).toBe('Success');
    expect(done.report.full).toMatchObject({ dataType: 'file', data: null, tlp: 1, pap: 1 }); // no data for files
    expect(done.report.full.file).toMatch(/\/input\/attachment[0-9a-f]+$/); // cortexutils: absolute path in input/
    const download = await soc.analyst.get(`/api/datastore/${run.body.attachment.id}`);
    expect(download.text).toBe('MZ binary content');
    // a file over the limit is refused
    const big = multipartBody([
      { name: '_json', value: JSON.stringify({ dataType: 'file' }) },
      { name: 'data', filename: 'big.bin', data: Buffer.alloc(150_000, 1) },
    ]);
    const refused = await soc.analyst.send('POST', `${C}/analyzer/${echo.id}/run`, undefined, {
      raw: big.body,
      headers: { 'content-type': big.contentType },
    });
    expect(refused.status).toBe(413);
    expect(refused.body.type).toBe('PayloadTooLarge');
  });

  it('shows Propolis users and organisations as Cortex users and organizations', async () => {
    const me = await soc.orgAdmin.get(`${C}/user/current`);
    expect(me.body).toMatchObject({
      id: soc.logins.orgAdmin,
      organization: 'soc',
      roles: ['read', 'analyze', 'orgadmin'],
    });
    const analyst = await soc.orgAdmin.get(`${C}/user/${soc.logins.analyst}`);
    expect(analyst.body).toMatchObject({
      login: soc.logins.analyst,
      organization: 'soc',
      roles: ['read', 'analyze'],
      status: 'Ok',
    });
    expect((await soc.orgAdmin.get(`${C}/user/${cert.logins.analyst}`)).status).toBe(404);
    const users = await soc.orgAdmin.post(`${C}/organization/soc/user/_search`, { query: {} });
    expect(users.body.map((u: { id: string }) => u.id).sort()).toEqual(Object.values(soc.logins).sort());
    expect((await soc.orgAdmin.post(`${C}/organization/cert/user/_search`, { query: {} })).status).toBe(404);
    expect((await soc.analyst.get(`${C}/organization/soc`)).body).toMatchObject({
      id: 'soc',
      status: 'Active',
    });
    const orgs = await server.admin.post(`${C}/organization/_search`, {
      query: { _field: 'name', _value: 'cert' },
    });
    expect(orgs.body.map((o: { id: string }) => o.id)).toEqual(['cert']);
    expect(
      (await server.admin.post(`${C}/organization/_stats`, { query: {}, stats: [{ _agg: 'count' }] })).body
        .count,
    ).toBe(3);
  });

  it('refuses bad runs with clear 4xx', async () => {
    const worker = (await soc.analyst.get(`${C}/analyzer/TestAnalyzer_1_0`)).body;
    const wrongType = await soc.analyst.post(`${C}/analyzer/${worker.id}/run`, {
      dataType: 'file',
      data: 'x',
    });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.message).toMatch(/does not accept dataType file/);
    expect((await soc.analyst.post(`${C}/analyzer/${worker.id}/run`, { dataType: 'ip' })).status).toBe(400);
    expect(
      (await soc.analyst.post(`${C}/analyzer/nope/run`, { dataType: 'ip', data: '1.1.1.1' })).status,
    ).toBe(404);
    expect(
      (await soc.readOnly.post(`${C}/analyzer/${worker.id}/run`, { dataType: 'ip', data: '1.1.1.1' })).status,
    ).toBe(403);
    expect(
      (await soc.analyst.post(`${C}/analyzer/${worker.id}/run`, { dataType: 'ip', data: '1.1.1.1', _x: 1 }))
        .status,
    ).toBe(400);
    expect((await soc.analyst.get(`${C}/job/~999999`)).status).toBe(404);
  });
});
