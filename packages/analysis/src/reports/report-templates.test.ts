/**
 * Short and long reports as HTML over the connector: the generic rendering (taxonomy labels, the full
 * report as tables, everything escaped), an operator's Liquid template (escaped output, its filters),
 * a template that tries to include a file or is broken (the generic rendering, with the reason), and
 * another organisation's job (404); templates stored through TheHive's `/analyzer/template` routes
 * (created, changed, imported from a zip, deleted by administrators) take precedence over files.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BlobWriter, TextReader, ZipWriter } from '@zip.js/zip.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { addObservable, createCase } from '../../../server/src/test-support/factories.js';
import { createOrganisation, type OrgFixture } from '../../../server/src/test-support/identity.js';
import { postMultipart } from '../../../server/src/test-support/multipart.js';
import { useAnalysisServer } from '../test-support/server.js';

const templates = mkdtempSync(path.join(tmpdir(), 'propolis-templates-'));
const write = (name: string, kind: string, source: string) => {
  mkdirSync(path.join(templates, name), { recursive: true });
  writeFileSync(path.join(templates, name, `${kind}.liquid`), source);
};
write(
  'Propolis_UrlParse',
  'long',
  '<h2>Host {{ content.host }}</h2><p>{{ summary.taxonomies | taxonomies }}</p>' +
    '{% for pair in content.query %}<i>{{ pair[0] }}={{ pair[1] }}</i>{% endfor %}<div>{{ content.query | json_html }}</div>',
);
write('Propolis_UrlParse', 'short', '{% include "/etc/passwd" %}');
write('Propolis_IpClass_1_0', 'long', '{% if content.address %}unclosed');

const server = useAnalysisServer({ reportTemplatePaths: [templates] });
let soc: OrgFixture;
let cert: OrgFixture;
const XSS = 'http://evil.example/login?next=<script>alert(1)</script>';

async function jobOn(org: OrgFixture, dataType: string, data: string, analyzerId: string): Promise<string> {
  const kase = await createCase(org.analyst, { title: `report of ${data}` });
  const obs = await addObservable(org.analyst, kase._id, { dataType, data });
  const job = await org.analyst.post('/api/connector/cortex/job', { artifactId: obs._id, analyzerId });
  if (job.status !== 201) throw new Error(job.text);
  const id = job.body._id as string;
  for (let i = 0; i < 100; i++) {
    const got = await org.analyst.get(`/api/connector/cortex/job/${id}`);
    if (got.body.status === 'Success' || got.body.status === 'Failure') return id;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`job ${id} did not end`);
}

beforeAll(async () => {
  soc = await createOrganisation(server as never, 'soc');
  cert = await createOrganisation(server as never, 'cert');
  for (const id of ['Propolis_UrlParse_1_0', 'Propolis_IpClass_1_0', 'Propolis_IocExtract_1_0']) {
    const res = await soc.orgAdmin.post(`/cortex/api/organization/analyzer/${id}`, { configuration: {} });
    if (res.status !== 201) throw new Error(res.text);
  }
});

describe('report templates', () => {
  it('renders the generic short and long reports, escaped', async () => {
    const id = await jobOn(soc, 'other', `see ${XSS} and mail bob@corp.example`, 'Propolis_IocExtract_1_0');
    const short = await soc.analyst.get(`/api/connector/cortex/job/${id}/report/short`);
    expect(short.status).toBe(200);
    expect(short.headers.get('content-type')).toMatch(/^text\/html/);
    expect(short.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(short.text).toMatch(/<span class="taxonomy taxonomy-\w+">IOC:/);
    const long = await soc.analyst.get(`/api/v1/connector/cortex/job/${id}/report/long`);
    expect(long.status).toBe(200);
    expect(long.text).toContain('<table class="json">');
    expect(long.text).toContain('bob@corp.example');
    expect(long.text).not.toContain('<script>');
    expect(long.text).toContain('<h4>Artifacts</h4>');
  });

  it("renders the operator's Liquid template, escaping the report's values", async () => {
    const id = await jobOn(soc, 'url', XSS, 'Propolis_UrlParse_1_0');
    const long = await soc.analyst.get(`/api/connector/cortex/job/${id}/report/long`);
    expect(long.status).toBe(200);
    expect(long.text).toContain('<h2>Host evil.example</h2>');
    expect(long.text).toContain('<span class="taxonomy taxonomy-info">URL:Host="evil.example"</span>');
    expect(long.text).toContain('<i>next=&lt;script&gt;alert(1)&lt;/script&gt;</i>');
    expect(long.text).toContain('<table class="json"><tr><th>next</th>');
    expect(long.text).not.toContain('<script>');
    // the short template tries to read a file: refused, the generic rendering instead
    const short = await soc.analyst.get(`/api/connector/cortex/job/${id}/report/short`);
    expect(short.text).toMatch(/<p class="template-error">Template Propolis_UrlParse\/short.liquid failed:/);
    expect(short.text).not.toContain('root:');
    expect(short.text).toContain('URL:Host="evil.example"');
  });

  it('falls back to the generic rendering when a template is broken; other organisations get 404', async () => {
    const id = await jobOn(soc, 'ip', '10.1.1.1', 'Propolis_IpClass_1_0');
    const long = await soc.analyst.get(`/api/connector/cortex/job/${id}/report/long`);
    expect(long.status).toBe(200);
    expect(long.text).toMatch(/template-error">Template Propolis_IpClass_1_0\/long.liquid failed/);
    expect(long.text).toContain('<h3>Propolis_IpClass_1_0</h3>');
    expect((await cert.analyst.get(`/api/connector/cortex/job/${id}/report/long`)).status).toBe(404);
    const bad = await soc.analyst.get(`/api/connector/cortex/job/${id}/report/medium`);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ type: expect.any(String), message: expect.any(String) });
  });
});

async function zipOf(entries: Array<[string, string]>): Promise<Uint8Array> {
  const w = new ZipWriter(new BlobWriter('application/zip'));
  for (const [name, text] of entries) await w.add(name, new TextReader(text));
  return new Uint8Array(await (await w.close()).arrayBuffer());
}

describe("stored report templates (TheHive's /analyzer/template routes)", () => {
  const T = '/api/connector/cortex/analyzer/template';

  it('are written by administrators, read by members, and win over template files', async () => {
    const id = await jobOn(soc, 'ip', '10.2.2.2', 'Propolis_IpClass_1_0');
    const created = await server.admin.post(T, {
      analyzerId: 'Propolis_IpClass',
      reportType: 'long',
      content: '<b>stored for {{ analyzer }}</b>',
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({
      _type: 'analyzerTemplate',
      analyzerId: 'Propolis_IpClass',
      reportType: 'long',
    });
    expect((await soc.orgAdmin.post(T, { analyzerId: 'X', content: 'x' })).status).toBe(403);
    const twice = await server.admin.post(T, { analyzerId: 'Propolis_IpClass', content: 'again' });
    expect(twice.body).toMatchObject({
      type: 'ConflictError',
      message: expect.stringMatching(/already has a long template/),
    });
    const broken = await server.admin.post(T, { analyzerId: 'Y', content: '{% if x %}unclosed' });
    expect(broken.status).toBe(400);
    expect(broken.body.message).toMatch(/does not parse as Liquid/);
    expect((await server.admin.post(T, { analyzerId: '../etc', content: 'x' })).status).toBe(400);

    const long = await soc.analyst.get(`/api/connector/cortex/job/${id}/report/long`);
    expect(long.text).toBe('<b>stored for Propolis_IpClass_1_0</b>');
    const list = await soc.analyst.get(`/api/v1/connector/cortex${T.slice('/api/connector/cortex'.length)}`);
    expect(list.body).toEqual([expect.objectContaining({ analyzerId: 'Propolis_IpClass' })]);
    const source = await soc.analyst.get(`${T}/content/Propolis_IpClass_1_0`);
    expect(source.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(source.text).toBe('<b>stored for {{ analyzer }}</b>');

    const patched = await server.admin.patch(`${T}/${created.body._id}`, { content: 'v2 {{ status }}' });
    expect(patched.status).toBe(200);
    expect((await soc.analyst.get(`/api/connector/cortex/job/${id}/report/long`)).text).toBe('v2 Success');
    expect((await soc.orgAdmin.delete(`${T}/${created.body._id}`)).status).toBe(403);
    expect((await server.admin.delete(`${T}/${created.body._id}`)).status).toBe(204);
    // back to the (broken) template file
    expect((await soc.analyst.get(`/api/connector/cortex/job/${id}/report/long`)).text).toMatch(
      /template-error/,
    );
    expect((await soc.analyst.get(`${T}/${created.body._id}`)).status).toBe(404);
  });

  it('imports a zip of Liquid templates, refusing AngularJS and broken ones', async () => {
    const zip = await zipOf([
      ['templates/Propolis_UrlParse/short.liquid', 'host={{ content.host }}'],
      ['templates/VirusTotal_GetReport_3_1/long.html', '<div ng-repeat="x in content">{{x}}</div>'],
      ['templates/Broken/long.liquid', '{% for x in y %}'],
      ['templates/README.md', 'ignored'],
    ]);
    const res = await postMultipart(server.admin, `${T}/_import`, [
      { name: 'templates', filename: 'report-templates.zip', data: zip, contentType: 'application/zip' },
    ]);
    expect(res.status, res.text).toBe(200);
    expect(res.body['templates/Propolis_UrlParse/short.liquid']).toBe('Ok');
    expect(res.body['templates/VirusTotal_GetReport_3_1/long.html']).toMatch(
      /^Refused: an AngularJS template/,
    );
    expect(res.body['templates/Broken/long.liquid']).toMatch(
      /^Refused: content: the template does not parse/,
    );
    expect(Object.keys(res.body)).toHaveLength(3);
    const id = await jobOn(soc, 'url', 'https://example.org/a', 'Propolis_UrlParse_1_0');
    expect((await soc.analyst.get(`/api/connector/cortex/job/${id}/report/short`)).text).toBe(
      'host=example.org',
    );
    expect(
      (
        await postMultipart(soc.orgAdmin, `${T}/_import`, [
          { name: 'templates', filename: 't.zip', data: zip, contentType: 'application/zip' },
        ])
      ).status,
    ).toBe(403);
  });
});
