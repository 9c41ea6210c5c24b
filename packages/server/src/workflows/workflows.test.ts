/**
 * Workflows end to end (issue 16's "done when"): alerts from a QRadar-like source with severity 3
 * become cases from the template "IDS" with a tag; closing such a case calls the source's close-back
 * URL with the offense id; the rule's own writes trigger nothing; a dry run tells what a rule would
 * have done; a failing call is recorded and the rule goes on.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../test-support/http.js';
import { createOrganisation, type OrgFixture } from '../test-support/identity.js';
import type { TestServer } from '../test-support/server.js';
import {
  eventually,
  type Node,
  type SharedDatabase,
  sharedDatabase,
} from '../test-support/shared-database.js';

const TOKEN = 'qradar-token-0123456789';
let receiver: Server;
let calls: Array<{ method: string; url: string; body: string }>;
let callback: string;
let db: SharedDatabase;
let node: Node;
let org: OrgFixture;

function overrides() {
  return {
    feeders: [
      {
        name: 'qradar',
        kind: 'webhook',
        organisation: 'soc',
        token: TOKEN,
        mapping:
          '{"title": description, "sourceRef": $string(id), "severity": magnitude >= 7 ? 3 : magnitude = 1 ? 1 : 2,' +
          ' "observables": sender ? [{"dataType": "mail", "data": sender}]}',
      },
    ],
    workflows: [
      {
        name: 'ids-to-case',
        organisation: 'soc',
        when: {
          event: 'AlertCreated',
          filter: { _and: [{ _field: 'source', _value: 'qradar' }, { _gte: { severity: 3 } }] },
        },
        actions: [{ importAlert: { caseTemplate: 'IDS' } }, { addTags: ['auto-imported'] }],
      },
      {
        name: 'phishing',
        organisation: 'soc',
        when: { event: 'AlertCreated', filter: { _field: 'severity', _value: 1 } },
        actions: [
          { mergeIntoSimilarCase: {} },
          { importAlert: {} },
          { assign: 'analyst@soc.test' },
          { addTask: { title: 'Reply to the reporter', group: 'phishing' } },
        ],
      },
      {
        name: 'close-offense',
        organisation: 'soc',
        when: {
          event: 'CaseUpdated',
          filter: {
            _and: [
              { _field: 'stage', _value: 'Closed' },
              { _field: 'alertSources', _value: 'qradar' },
            ],
          },
        },
        actions: [
          {
            webhook: {
              url: `${callback}/offense/\${object.alertSourceRefs.0}/close`,
              headers: { 'x-api-token': 'sec' },
              body: '{"status": "CLOSED", "case": object.number}',
            },
          },
        ],
      },
    ],
    feederRunner: { reconcileSeconds: 0.2, leaseSeconds: 3 },
  };
}

const send = (body: unknown) =>
  new HttpClient(node.url, {}).post('/api/v1/feeder/qradar/webhook', body, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });

beforeAll(async () => {
  calls = [];
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      calls.push({ method: req.method ?? '', url: req.url ?? '', body });
      res.statusCode = req.url?.includes('/offense/500/') ? 500 : 200;
      res.end('{}');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  callback = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  db = await sharedDatabase();
  node = await db.start(overrides());
  org = await createOrganisation(node as unknown as TestServer, 'soc');
  org.orgAdmin = new HttpClient(node.url, { ...org.orgAdmin.auth });
  const template = await org.orgAdmin.post('/api/v1/caseTemplate', {
    name: 'IDS',
    tasks: [{ title: 'Triage' }],
  });
  expect(template.status, template.text).toBe(201);
});
afterAll(async () => {
  await node?.close();
  await db?.drop();
  await new Promise((r) => receiver?.close(r));
});

describe('workflows', () => {
  it('imports severe alerts of a source into cases from a template, and closes the source with the case', async () => {
    expect((await send({ id: 101, description: 'Brute force', magnitude: 8 })).status).toBe(201);
    expect((await send({ id: 102, description: 'Port scan', magnitude: 3 })).status).toBe(201);
    const analyst = org.analyst;
    const imported = await eventually(async () => {
      const res = await new HttpClient(node.url, { ...analyst.auth }).get('/api/v1/alert/webhook;qradar;101');
      return res.body.caseId ? res.body : undefined;
    }).catch(async (error) => {
      throw new Error(`${error.message}: ${JSON.stringify((await node.admin.get('/api/v1/workflow')).body)}`);
    });
    // the actions run in order, each its own write: the tags land just after the import
    const kase = await eventually(async () => {
      const res = await new HttpClient(node.url, { ...analyst.auth }).get(`/api/v1/case/${imported.caseId}`);
      return res.body.tags.length > 0 ? res.body : undefined;
    });
    expect(kase.title).toBe('Brute force');
    expect([...kase.tags].sort()).toEqual(['auto-imported']);
    const tasks = await new HttpClient(node.url, { ...analyst.auth }).post('/api/v1/query', {
      query: [{ _name: 'getCase', idOrName: kase._id }, { _name: 'tasks' }],
    });
    expect(tasks.body.map((t: any) => t.title)).toEqual(['Triage']);
    const low = (await new HttpClient(node.url, { ...analyst.auth }).get('/api/v1/alert/webhook;qradar;102'))
      .body;
    expect(low.caseId).toBeUndefined();

    const closed = await new HttpClient(node.url, { ...analyst.auth }).patch(`/api/v1/case/${kase._id}`, {
      status: 'TruePositive',
      summary: 'handled',
    });
    expect(closed.status, closed.text).toBe(204);
    const call = await eventually(async () => calls.find((c) => c.url === '/offense/101/close'));
    expect(call.method).toBe('POST');
    expect(JSON.parse(call.body)).toEqual({ status: 'CLOSED', case: kase.number });

    const list = (await node.admin.get('/api/v1/workflow')).body;
    expect(list.map((w: any) => [w.name, w.status.matched, w.status.failed])).toEqual([
      ['close-offense', 1, 0],
      ['ids-to-case', 1, 0],
      ['phishing', 0, 0],
    ]);
    // The workflow's own writes (the case, the tags) did not trigger the rules again.
    expect(calls).toHaveLength(1);
  });

  it('merges an alert into the open case sharing an observable, else imports it; assigns; adds a task once', async () => {
    const api = new HttpClient(node.url, { ...org.analyst.auth });
    const caseOf = (ref: string) =>
      eventually(async () => (await api.get(`/api/v1/alert/webhook;qradar;${ref}`)).body.caseId);
    await send({ id: 201, description: 'Phish one', magnitude: 1, sender: 'evil@phish.test' });
    const first = await caseOf('201');
    await send({ id: 202, description: 'Phish two', magnitude: 1, sender: 'evil@phish.test' });
    expect(await caseOf('202')).toBe(first);
    await send({ id: 203, description: 'Phish three', magnitude: 1, sender: 'other@phish.test' });
    expect(await caseOf('203')).not.toBe(first);
    const kase = (await api.get(`/api/v1/case/${first}`)).body;
    expect(kase.assignee).toBe('analyst@soc.test');
    const tasks = await api.post('/api/v1/query', {
      query: [{ _name: 'getCase', idOrName: first }, { _name: 'tasks' }],
    });
    expect(tasks.body.map((t: any) => `${t.group}/${t.title}`)).toEqual(['phishing/Reply to the reporter']);
  });

  it('records a failing action and goes on', async () => {
    await send({ id: 500, description: 'Exfiltration', magnitude: 9 });
    const alert = await eventually(async () => {
      const res = await new HttpClient(node.url, { ...org.analyst.auth }).get(
        '/api/v1/alert/webhook;qradar;500',
      );
      return res.body.caseId ? res.body : undefined;
    });
    await new HttpClient(node.url, { ...org.analyst.auth }).patch(`/api/v1/case/${alert.caseId}`, {
      status: 'FalsePositive',
      summary: 'noise',
    });
    const view = await eventually(async () => {
      const list = (await node.admin.get('/api/v1/workflow')).body;
      const w = list.find((x: any) => x.name === 'close-offense');
      return w.status.failed === 1 ? w : undefined;
    });
    expect(view.status.lastError).toMatch(/answered 500$/);
  });

  it('dry-runs a rule against past events without acting', async () => {
    const before = calls.length;
    const res = await node.admin.post('/api/v1/workflow/ids-to-case/dry-run', { limit: 1000 });
    expect(res.status, res.text).toBe(200);
    expect(res.body.matches.map((m: any) => m.title).sort()).toEqual(['Brute force', 'Exfiltration']);
    expect(res.body.matches[0].actions).toEqual([
      'import the alert into a new case from template IDS',
      'add tags auto-imported',
    ]);
    expect(calls.length).toBe(before);
    expect((await org.orgAdmin.post('/api/v1/workflow/ids-to-case/dry-run', {})).status).toBe(403);
  });

  it('takes rules through the API beside the file, keeps them across restarts, and refuses to edit the file rules', async () => {
    const rule = {
      name: 'tag-medium',
      organisation: 'soc',
      when: { event: 'AlertCreated', filter: { _field: 'severity', _value: 2 } },
      actions: [{ addTags: ['api-rule'] }],
    };
    expect((await org.orgAdmin.post('/api/v1/workflow', rule)).status).toBe(403);
    const bad = await node.admin.post('/api/v1/workflow', { ...rule, actions: [{ explode: {} }] });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/^workflow\.actions\[0\]: unknown action "explode"/);
    const created = await node.admin.post('/api/v1/workflow', rule);
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({ name: 'tag-medium', origin: 'api', actions: ['add tags api-rule'] });
    const twice = await node.admin.post('/api/v1/workflow', rule);
    expect([twice.status, twice.body.type]).toEqual([400, 'ConflictError']);

    await node.close();
    node = await db.start(overrides());
    const names = (await node.admin.get('/api/v1/workflow')).body.map((w: any) => `${w.name}:${w.origin}`);
    expect(names).toContain('tag-medium:api');
    expect(names).toContain('ids-to-case:config');

    await send({ id: 301, description: 'Medium thing', magnitude: 4 });
    const api = new HttpClient(node.url, { ...org.analyst.auth });
    const tagged = await eventually(async () => {
      const a = (await api.get('/api/v1/alert/webhook;qradar;301')).body;
      return a.tags?.includes('api-rule') ? a : undefined;
    });
    expect(tagged.tags).toEqual(['api-rule']);

    const replaced = await node.admin.put('/api/v1/workflow/tag-medium', {
      ...rule,
      actions: [{ addTags: ['v2'] }],
    });
    expect(replaced.status, replaced.text).toBe(200);
    expect(replaced.body.actions).toEqual(['add tags v2']);
    const fileRule = await node.admin.put('/api/v1/workflow/ids-to-case', { ...rule, name: 'ids-to-case' });
    expect(fileRule.status).toBe(400);
    expect(fileRule.body.message).toBe(
      'Workflow ids-to-case is defined in the configuration file: change it there',
    );
    expect((await node.admin.delete('/api/v1/workflow/tag-medium')).status).toBe(204);
    expect((await node.admin.get('/api/v1/workflow')).body.map((w: any) => w.name)).not.toContain(
      'tag-medium',
    );
  });
});
