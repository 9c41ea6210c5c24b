/**
 * Cortex's base configurations (`/api/analyzerconfig`, `/api/responderconfig`) and `key/set`, as an
 * organisation administrator calls them: the groups global, tlp, pap and each definition's
 * baseConfig; values set once fill what is left out when an analyzer is enabled and reach its jobs;
 * secrets (items of type password) are never shown back; other organisations see none of it.
 */
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../../server/src/test-support/http.js';
import { createOrganisation, type OrgFixture } from '../../../server/src/test-support/identity.js';
import { useAnalysisServer } from '../test-support/server.js';

const C = '/cortex/api';

/** Two flavours of one service sharing the base configuration Acme (an API key and a URL). */
function acmeAnalyzers(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'propolis-acme-'));
  mkdirSync(path.join(root, 'Acme'));
  const program = path.join(root, 'Acme', 'acme.sh');
  // echoes its input as the full report
  writeFileSync(
    program,
    '#!/bin/sh\ngrep -q fail.example "$1/input/input.json" && { echo "refused fail.example"; exit 1; }\nprintf \'{"success":true,"summary":{"taxonomies":[]},"artifacts":[],"operations":[],"full":%s}\' "$(cat "$1/input/input.json")" > "$1/output/output.json"\n',
  );
  chmodSync(program, 0o755);
  const items = [
    { name: 'credential', description: 'API credential', type: 'password', multi: false, required: true },
    { name: 'url', description: 'Service URL', type: 'string', multi: false, required: false },
  ];
  for (const flavour of ['Lookup', 'Scan'])
    writeFileSync(
      path.join(root, 'Acme', `Acme_${flavour}.json`),
      JSON.stringify({
        name: `Acme_${flavour}`,
        version: '1.0',
        author: 'test',
        url: 'https://example.org',
        license: 'AGPL-V3',
        description: `Acme ${flavour}`,
        dataTypeList: ['domain'],
        command: 'Acme/acme.sh',
        baseConfig: 'Acme',
        configurationItems: items,
        config: { service: flavour.toLowerCase() },
      }),
    );
  return root;
}

const server = useAnalysisServer(
  { analyzerPaths: [acmeAnalyzers()], builtins: false },
  { platform: { logLevel: 'error' } },
);
let soc: OrgFixture;
let other: OrgFixture;

beforeAll(async () => {
  soc = await createOrganisation(server as never, 'soc');
  other = await createOrganisation(server as never, 'other');
});

async function report(client: HttpClient, jobId: string) {
  const res = await client.get(`${C}/job/${jobId}/waitreport?atMost=20seconds`);
  expect(res.body.status).toBe('Success');
  return res.body.report.full;
}

describe('base configurations', () => {
  it('lists global, tlp, pap and the definitions groups, for organisation administrators', async () => {
    const list = await soc.orgAdmin.get(`${C}/analyzerconfig`);
    expect(list.status).toBe(200);
    expect(list.body.map((b: { name: string }) => b.name)).toEqual(['global', 'tlp', 'pap', 'Acme']);
    expect(list.body[0].configurationItems.map((i: { name: string }) => i.name)).toEqual([
      'proxy_http',
      'proxy_https',
      'cacerts',
      'jobTimeout',
      'auto_extract_artifacts',
      'jobCache',
    ]);
    expect(list.body[3]).toMatchObject({ name: 'Acme', workers: ['Acme_Lookup', 'Acme_Scan'], config: {} });
    const responders = await soc.orgAdmin.get(`${C}/responderconfig`);
    expect(responders.body[0].configurationItems.map((i: { name: string }) => i.name)).toEqual([
      'proxy_http',
      'proxy_https',
      'cacerts',
      'jobTimeout',
    ]);
    expect((await soc.analyst.get(`${C}/analyzerconfig`)).status).toBe(403);
    const denied = await soc.analyst.patch(`${C}/analyzerconfig/Acme`, { config: { url: 'x' } });
    expect(denied.status, denied.text).toBe(403);
    expect((await soc.orgAdmin.get(`${C}/analyzerconfig/Nope`)).status).toBe(404);
  });

  it('stores values, masks secrets and refuses what is not an item', async () => {
    const patched = await soc.orgAdmin.patch(`${C}/analyzerconfig/Acme`, {
      config: { credential: 'acme-secret-1', url: 'https://acme.example' },
    });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body.config).toEqual({ credential: '********', url: 'https://acme.example' });
    expect(JSON.stringify((await soc.orgAdmin.get(`${C}/analyzerconfig`)).body)).not.toContain('acme-secret');
    expect((await soc.orgAdmin.get(`${C}/analyzerconfig/Acme`)).body.config.credential).toBe('********');
    const unknown = await soc.orgAdmin.patch(`${C}/analyzerconfig/Acme`, { config: { colour: 'red' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toMatch(/config.colour: is not an item of the base configuration Acme/);
    const wrongType = await soc.orgAdmin.patch(`${C}/analyzerconfig/global`, {
      config: { jobTimeout: 'soon' },
    });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.message).toMatch(/jobTimeout: must be a number/);
    expect((await soc.orgAdmin.patch(`${C}/analyzerconfig/global`, { settings: {} })).status).toBe(400);
    const global = await soc.orgAdmin.patch(`${C}/analyzerconfig/global`, {
      config: { proxy_https: 'http://127.0.0.1:9' },
    });
    expect(global.body.config).toEqual({ proxy_https: 'http://127.0.0.1:9' });
    // another organisation has its own (empty) values
    expect((await other.orgAdmin.get(`${C}/analyzerconfig/Acme`)).body.config).toEqual({});
  });

  it('fills the items left out when an analyzer is enabled, up to its jobs', async () => {
    const enabled = await soc.orgAdmin.post(`${C}/organization/analyzer/Acme_Lookup_1_0`, {
      configuration: { url: 'https://acme.example/v2' },
    });
    expect(enabled.status).toBe(201);
    expect(enabled.body.configuration).toMatchObject({
      credential: '********',
      url: 'https://acme.example/v2',
      proxy_https: 'http://127.0.0.1:9',
    });
    const run = await soc.analyst.post(`${C}/analyzer/${enabled.body.id}/run`, {
      dataType: 'domain',
      data: 'example.org',
    });
    expect(run.status).toBe(200);
    const full = await report(soc.analyst, run.body.id);
    expect(full.config).toMatchObject({
      credential: 'acme-secret-1',
      url: 'https://acme.example/v2',
      service: 'lookup',
      proxy: { https: 'http://127.0.0.1:9' },
    });
    // the mask sent back keeps the stored secret
    const kept = await soc.orgAdmin.patch(`${C}/analyzer/${enabled.body.id}`, {
      configuration: { ...enabled.body.configuration, url: 'https://acme.example/v3' },
    });
    expect(kept.status).toBe(200);
    expect(kept.body.configuration.credential).toBe('********');
    const again = await soc.analyst.post(`${C}/analyzer/${enabled.body.id}/run?force=1`, {
      dataType: 'domain',
      data: 'example.org',
    });
    expect((await report(soc.analyst, again.body.id)).config).toMatchObject({
      credential: 'acme-secret-1',
      url: 'https://acme.example/v3',
    });
    // a failed job keeps its input, with the secret removed
    const failed = await soc.analyst.post(`${C}/analyzer/${enabled.body.id}/run`, {
      dataType: 'domain',
      data: 'fail.example',
    });
    const failure = (await soc.analyst.get(`${C}/job/${failed.body.id}/waitreport?atMost=20seconds`)).body;
    expect(failure.status).toBe('Failure');
    expect(failure.report.errorMessage).toMatch(/refused fail.example/);
    expect(JSON.parse(failure.report.input).config).toMatchObject({
      credential: 'REMOVED',
      url: 'https://acme.example/v3',
    });
    // without a base value, the required credential is still required
    const missing = await other.orgAdmin.post(`${C}/organization/analyzer/Acme_Scan_1_0`, {});
    expect(missing.status).toBe(400);
    expect(missing.body.message).toMatch(/configuration.credential: is required/);
  });
});

describe('key/set', () => {
  it('sets a chosen key for a user an administrator manages', async () => {
    const key = 'thehive-provisioned-key-0001';
    const set = await soc.orgAdmin.post(`${C}/user/${soc.logins.analyst}/key/set`, { key });
    expect(set.status).toBe(200);
    expect(set.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(set.text).toBe(key);
    const client = new HttpClient(server.url, { key });
    expect((await client.get(`${C}/user/current`)).body.login).toBe(soc.logins.analyst);

    const short = await soc.orgAdmin.post(`${C}/user/${soc.logins.analyst}/key/set`, { key: 'short' });
    expect(short.status).toBe(400);
    expect(short.body.message).toMatch(/20 to 512 printable characters/);
    const taken = await soc.orgAdmin.post(`${C}/user/${soc.logins.readOnly}/key/set`, { key });
    expect(taken.status).toBe(400);
    expect(taken.body.message).toMatch(/already in use/);
    expect((await soc.orgAdmin.post(`${C}/user/${soc.logins.analyst}/key/set`, {})).status).toBe(400);
    // users renew their own key; read-only users manage nobody; other organisations' users are not found
    expect(
      (await soc.orgAdmin.post(`${C}/user/${soc.logins.orgAdmin}/key/set`, { key: `${key}-own` })).status,
    ).toBe(403);
    expect(
      (await soc.readOnly.post(`${C}/user/${soc.logins.orgAdmin}/key/set`, { key: `${key}-ro` })).status,
    ).toBe(403);
    expect(
      (await soc.orgAdmin.post(`${C}/user/${other.logins.analyst}/key/set`, { key: `${key}-x` })).status,
    ).toBe(404);
    // superadmins set keys in any organisation
    expect(
      (await server.admin.post(`${C}/user/${other.logins.analyst}/key/set`, { key: `${key}-other` })).status,
    ).toBe(200);
  });
});
