/**
 * `propolis migrate-from-thehive` with a second Propolis as the source (it speaks TheHive's API):
 * organisations, profiles, users, custom fields, observable types, case templates, cases with tasks,
 * logs, observables, files and TTPs, alerts with observables and TTPs (one imported into its case),
 * dashboards and the ATT&CK techniques used all arrive; a second run copies nothing; a
 * change in the source is all a third run copies. Then `propolis export` of a case and `propolis
 * import` of it into the target.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  call,
  haveCli,
  type Instance,
  newInstance,
  runCli,
  type Served,
  serve,
} from '../test-support/cli.js';

type Json = Record<string, unknown> & { _id: string };
type Counts = Record<string, { created: number; updated: number; unchanged: number; skipped: number }>;

describe.skipIf(!haveCli())('propolis migrate-from-thehive, export and import', () => {
  const instances: Instance[] = [];
  const servers: Served[] = [];
  afterAll(async () => {
    for (const s of servers) await s.stop();
    for (const i of instances) await i.drop();
  });

  it('copies everything, then only what changed; export and import carry a case with its files', async () => {
    const [srcInstance, dstInstance] = [await newInstance(), await newInstance()];
    instances.push(srcInstance, dstInstance);
    const [src, dst] = [await serve(srcInstance), await serve(dstInstance)];
    servers.push(src, dst);
    const a = src.admin;
    const S = (method: string, route: string, body?: unknown, org?: string) =>
      call<Json>(src.url, a, method, route, body, org);

    // The source: global objects, then the content of organisation "soc".
    await S('POST', '/api/v1/organisation', { name: 'soc', description: 'SOC team' });
    await S('POST', '/api/v1/profile', {
      name: 'triage',
      permissions: ['manageAlert', 'manageCase', 'manageTask'],
    });
    await S('POST', '/api/v1/customField', {
      name: 'ticket',
      displayName: 'Ticket',
      description: 'ticket id',
      type: 'string',
    });
    await S('POST', '/api/v1/observable/type', { name: 'wallet', isAttachment: false });
    await S('POST', '/api/v1/user', {
      login: 'ana@soc.test',
      name: 'Ana',
      profile: 'analyst',
      organisation: 'soc',
    });
    await S('POST', '/api/v1/user', {
      login: 'tom@soc.test',
      name: 'Tom',
      profile: 'triage',
      organisation: 'soc',
    });
    // the source key's user belongs to the organisation it copies
    await S('PUT', '/api/v1/user/admin@thehive.local/organisations', {
      organisations: [
        { organisation: 'admin', profile: 'admin' },
        { organisation: 'soc', profile: 'org-admin' },
      ],
    });
    await S(
      'POST',
      '/api/v1/caseTemplate',
      { name: 'phishing', titlePrefix: '[PH]', tasks: [{ title: 'Triage mail' }] },
      'soc',
    );
    const kase = await S(
      'POST',
      '/api/v1/case',
      {
        title: 'Intrusion',
        description: 'lateral movement',
        tags: ['apt'],
        customFields: { ticket: 'T-1' },
        tasks: [{ title: 'Scope' }, { title: 'Contain' }],
      },
      'soc',
    );
    const tasks = await call<Json[]>(src.url, a, 'GET', `/api/v1/case/${kase._id}/task`, undefined, 'soc');
    const scope = tasks.find((t) => t.title === 'Scope')!;
    const log = await uploadAs(
      src,
      `/api/v1/task/${scope._id}/log`,
      { message: 'found a dropper' },
      'attachments',
      'dropper.txt',
      'MZ dropper bytes',
      'soc',
    );
    expect(log._id).toBeTruthy();
    await uploadAs(
      src,
      `/api/v1/case/${kase._id}/observable`,
      { dataType: 'file', message: 'the dropper' },
      'attachment',
      'drop.exe',
      'MZ\u0000\u0001exe',
      'soc',
    );
    await S(
      'POST',
      `/api/v1/case/${kase._id}/observable`,
      { dataType: 'ip', data: '203.0.113.7', ioc: true, tags: ['c2'] },
      'soc',
    );
    const closed = await S(
      'POST',
      '/api/v1/case',
      { title: 'Old phish', description: 'done', tasks: [] },
      'soc',
    );
    await S(
      'PATCH',
      `/api/v1/case/${closed._id}`,
      { status: 'Resolved', resolutionStatus: 'FalsePositive', impactStatus: 'NoImpact', summary: 'benign' },
      'soc',
    );
    const sourceAlerts: Json[] = [];
    for (let i = 0; i < 3; i++)
      sourceAlerts.push(
        await S(
          'POST',
          '/api/v1/alert',
          {
            type: 'siem',
            source: 'src',
            sourceRef: `s-${i}`,
            title: `Alert ${i}`,
            description: 'd',
            observables: [{ dataType: 'domain', data: `evil${i}.example` }],
          },
          'soc',
        ),
      );
    // TTPs: a catalog of three techniques, one on the case, one on the alert that is then imported
    // into the case (its observable and TTP are copied into the case, as in TheHive 5)
    await S('POST', '/api/v1/pattern/import/attack', ATTACK_BUNDLE);
    const when = Date.UTC(2026, 0, 2);
    await S(
      'POST',
      `/api/v1/case/${kase._id}/procedure`,
      { patternId: 'T1059.001', occurDate: when, tactic: 'execution', description: 'dropper ran' },
      'soc',
    );
    await S(
      'POST',
      `/api/v1/alert/${sourceAlerts[0]!._id}/procedure`,
      { patternId: 'T1566', occurDate: when - 60_000, tactic: 'initial-access' },
      'soc',
    );
    await S('POST', `/api/v1/alert/${sourceAlerts[0]!._id}/import/${kase._id}`, undefined, 'soc');
    await S(
      'POST',
      '/api/v1/dashboard',
      {
        title: 'SOC board',
        status: 'Shared',
        definition: { period: 'last7Days', items: [{ type: 'container', items: [] }] },
      },
      'soc',
    );

    const sourceKey = await call<string>(src.url, a, 'POST', '/api/v1/user/admin@thehive.local/key/renew');
    const targetKey = await call<string>(
      dst.url,
      dst.admin,
      'POST',
      '/api/v1/user/admin@thehive.local/key/renew',
    );
    const state = path.join(dstInstance.dataDir, 'migration-state.json');
    const env = {
      ...dstInstance.env,
      THEHIVE_API_KEY: sourceKey,
      PROPOLIS_URL: dst.url,
      PROPOLIS_API_KEY: targetKey,
    };
    const migrate = async () => {
      const run = await runCli(['migrate-from-thehive', '--url', src.url, '--state', state, '--json'], env);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).not.toContain(sourceKey);
      return JSON.parse(run.stdout) as { counts: Counts };
    };

    const first = (await migrate()).counts;
    expect(first.organisation?.created).toBe(1);
    expect(first.profile?.created).toBe(1);
    expect(first.customField?.created).toBe(1);
    expect(first.observableType?.created).toBe(1);
    expect(first.user?.created).toBe(2);
    expect(first.caseTemplate?.created).toBe(1);
    expect(first.case?.created).toBe(2);
    expect(first.task?.created).toBe(2);
    expect(first.log?.created).toBe(1);
    expect(first.observable?.created).toBe(6); // the imported alert's domain is in the case too
    expect(first.alert?.created).toBe(3);
    expect(first.pattern?.created).toBe(3);
    expect(first.procedure?.created).toBe(3); // two of the case (one from the alert), one of the alert
    expect(first.alertCase?.created).toBe(1);
    expect(first.dashboard?.created).toBe(1);

    // What arrived, seen by a copied user (no password: an administrator gives them a key).
    const anaKey = `Bearer ${await call<string>(dst.url, dst.admin, 'POST', '/api/v1/user/ana@soc.test/key/renew')}`;
    const D = <T = Json[]>(query: unknown[]) => call<T>(dst.url, anaKey, 'POST', '/api/v1/query', { query });
    const ana = await call<Json>(dst.url, anaKey, 'GET', '/api/v1/user/current');
    expect(ana).toMatchObject({ organisation: 'soc', profile: 'analyst', hasPassword: false });
    const cases = await D([{ _name: 'listCase' }, { _name: 'sort', _fields: [{ title: 'asc' }] }]);
    // v1 (TheHive 5) shows a closed case's resolution as its status, in the Closed stage
    expect(cases.map((c) => [c.title, c.status, c.stage])).toEqual([
      ['Intrusion', 'New', 'New'],
      ['Old phish', 'FalsePositive', 'Closed'],
    ]);
    expect(cases[1]).toMatchObject({ summary: 'benign', impactStatus: 'NoImpact' });
    const intrusion = cases[0]!;
    expect(intrusion.tags).toEqual(['apt']);
    expect(
      (intrusion.customFields as Array<{ name: string; value: unknown }>).map((f) => [f.name, f.value]),
    ).toEqual([['ticket', 'T-1']]);
    const copiedTasks = await D([
      { _name: 'getCase', idOrName: intrusion._id },
      { _name: 'tasks' },
      { _name: 'sort', _fields: [{ title: 'asc' }] },
    ]);
    expect(copiedTasks.map((t) => t.title)).toEqual(['Contain', 'Scope']);
    const [copiedLog] = await D([{ _name: 'getTask', idOrName: copiedTasks[1]!._id }, { _name: 'logs' }]);
    expect(copiedLog!.message).toBe('found a dropper');
    const logFile = (copiedLog!.attachments as Array<{ id: string }>)[0]!;
    expect(await download(dst.url, anaKey, `/api/v1/attachment/${logFile.id}/download`)).toBe(
      'MZ dropper bytes',
    );
    const observables = await D([
      { _name: 'getCase', idOrName: intrusion._id },
      { _name: 'observables' },
      { _name: 'sort', _fields: [{ dataType: 'asc' }] },
    ]);
    // the alert's import into the copied case added no second domain
    expect(observables.map((o) => o.dataType)).toEqual(['domain', 'file', 'ip']);
    const fileObs = observables[1]!;
    const att = fileObs.attachment as { id: string; name: string };
    expect(att.name).toBe('drop.exe');
    expect(
      await download(dst.url, anaKey, `/api/v1/observable/${fileObs._id}/attachment/${att.id}/download`),
    ).toBe('MZ\u0000\u0001exe');
    expect(observables[2]).toMatchObject({ data: '203.0.113.7', ioc: true, tags: ['c2'] });
    const ttps = await D([
      { _name: 'getCase', idOrName: intrusion._id },
      { _name: 'procedures' },
      { _name: 'sort', _fields: [{ occurDate: 'asc' }] },
    ]);
    expect(ttps.map((p) => [p.patternId, p.tactic, p.occurDate])).toEqual([
      ['T1566', 'initial-access', when - 60_000],
      ['T1059.001', 'execution', when],
    ]);
    const board = (await call<Json[]>(dst.url, anaKey, 'GET', '/api/v1/dashboard')).find(
      (d) => d.title === 'SOC board',
    );
    expect(board).toMatchObject({ status: 'Shared', owner: 'admin@thehive.local' });
    expect(board!.definition).toEqual({ period: 'last7Days', items: [{ type: 'container', items: [] }] });
    const alerts = await D([{ _name: 'listAlert' }, { _name: 'sort', _fields: [{ sourceRef: 'asc' }] }]);
    expect(alerts.map((x) => [x.sourceRef, x.observableCount, x.caseId ?? null])).toEqual([
      ['s-0', 1, intrusion._id],
      ['s-1', 1, null],
      ['s-2', 1, null],
    ]);
    const [alertTtp] = await D([{ _name: 'getAlert', idOrName: alerts[0]!._id }, { _name: 'procedures' }]);
    expect(alertTtp).toMatchObject({ patternId: 'T1566', tactic: 'initial-access' });
    const templates = await call<Json[]>(dst.url, anaKey, 'GET', '/api/v1/caseTemplate');
    expect(templates.map((t) => [t.name, t.titlePrefix])).toEqual([['phishing', '[PH]']]);

    // A second run copies nothing.
    const second = (await migrate()).counts;
    for (const [kind, t] of Object.entries(second)) {
      expect({ kind, created: t.created, updated: t.updated }).toEqual({ kind, created: 0, updated: 0 });
    }
    expect(second.case?.unchanged).toBe(2);

    // A change in the source: only it is copied.
    await S('POST', `/api/v1/task/${scope._id}/log`, { message: 'second finding' }, 'soc');
    await S(
      'POST',
      '/api/v1/alert',
      { type: 'siem', source: 'src', sourceRef: 's-3', title: 'Alert 3', description: 'd' },
      'soc',
    );
    const third = (await migrate()).counts;
    expect([
      third.log?.created,
      third.alert?.created,
      third.case?.created,
      third.observable?.created,
    ]).toEqual([1, 1, 0, 0]);
    expect(await D<number>([{ _name: 'listAlert' }, { _name: 'count' }])).toBe(4);

    // export of the source case, import into the target as a new case
    const exported = path.join(dstInstance.dataDir, 'case.json');
    const exportRun = await runCli(
      ['export', 'case', kase._id, '-o', exported, '--url', src.url, '--organisation', 'soc'],
      { ...env, PROPOLIS_API_KEY: sourceKey },
    );
    expect(exportRun.code).toBe(0);
    const document = JSON.parse(await readFile(exported, 'utf8'));
    expect(document).toMatchObject({ format: 'propolis-export', kind: 'case' });
    const imported = await runCli(['import', exported, '--json', '--organisation', 'soc'], {
      ...env,
      PROPOLIS_API_KEY: anaKey.slice(7),
    });
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    const created = JSON.parse(imported.stdout) as { id: string; number: number };
    expect(created.number).toBe(3);
    const importedObs = await D([
      { _name: 'getCase', idOrName: created.id },
      { _name: 'observables' },
      { _name: 'filter', _eq: { _field: 'dataType', _value: 'file' } },
    ]);
    const importedAtt = importedObs[0]!.attachment as { id: string };
    expect(
      await download(
        dst.url,
        anaKey,
        `/api/v1/observable/${importedObs[0]!._id}/attachment/${importedAtt.id}/download`,
      ),
    ).toBe('MZ\u0000\u0001exe');
    const importedTasks = await D([{ _name: 'getCase', idOrName: created.id }, { _name: 'tasks' }]);
    expect(importedTasks).toHaveLength(2);
    const alertExport = await runCli(['export', 'alert', alerts[0]!._id, '--url', dst.url], {
      ...env,
      PROPOLIS_API_KEY: anaKey.slice(7),
    });
    const reimport = await runCli(
      ['import', '--json'],
      { ...env, PROPOLIS_API_KEY: anaKey.slice(7) },
      alertExport.stdout,
    );
    expect(JSON.parse(reimport.stdout)).toMatchObject({ kind: 'alert', created: false, duplicate: true });
  }, 300_000);
});

/** A small ATT&CK catalog in STIX 2.1: a technique, its sub-technique, and another technique. */
const technique = (id: string, name: string, tactic: string) => ({
  type: 'attack-pattern',
  spec_version: '2.1',
  id: `attack-pattern--${id === 'T1059' ? '7385dfaf' : id === 'T1566' ? 'a62a8db3' : '970a3432'}-0000-4000-8000-000000000000`,
  name,
  modified: '2025-04-15T19:58:00.000Z',
  external_references: [
    { source_name: 'mitre-attack', external_id: id, url: `https://attack.mitre.org/techniques/${id}` },
  ],
  kill_chain_phases: [{ kill_chain_name: 'mitre-attack', phase_name: tactic }],
  x_mitre_platforms: ['Windows'],
});
const ATTACK_BUNDLE = {
  type: 'bundle',
  id: 'bundle--00000000-0000-4000-8000-000000000001',
  objects: [
    technique('T1059', 'Command and Scripting Interpreter', 'execution'),
    technique('T1059.001', 'PowerShell', 'execution'),
    technique('T1566', 'Phishing', 'initial-access'),
  ],
};

async function uploadAs(
  server: Served,
  route: string,
  fields: unknown,
  field: string,
  name: string,
  data: string,
  org: string,
) {
  const form = new FormData();
  form.append('_json', JSON.stringify(fields));
  form.append(field, new Blob([data]), name);
  const res = await fetch(`${server.url}${route}`, {
    method: 'POST',
    headers: { authorization: server.admin, 'x-organisation': org },
    body: form,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${route}: ${res.status} ${text}`);
  return JSON.parse(text) as Json;
}

async function download(url: string, auth: string, route: string): Promise<string> {
  const res = await fetch(`${url}${route}`, { headers: { authorization: auth } });
  if (!res.ok) throw new Error(`${route}: ${res.status} ${await res.text()}`);
  return Buffer.from(await res.arrayBuffer()).toString('latin1');
}

describe.skipIf(!haveCli())('propolis migrate-from-thehive from TheHive 4 shapes', () => {
  it('reads v1 where TheHive 4 has it and v0 where it does not, files from the datastore', async () => {
    const { startFakeTheHive4 } = await import('../test-support/fake-thehive4.js');
    const thehive = await startFakeTheHive4('th4-key');
    const instance = await newInstance();
    const served = await serve(instance);
    try {
      const targetKey = await call<string>(
        served.url,
        served.admin,
        'POST',
        '/api/v1/user/admin@thehive.local/key/renew',
      );
      const state = path.join(instance.dataDir, 'th4-state.json');
      const env = {
        ...instance.env,
        THEHIVE_URL: thehive.url,
        THEHIVE_API_KEY: 'th4-key',
        PROPOLIS_URL: served.url,
        PROPOLIS_API_KEY: targetKey,
      };
      const run = async () => {
        const r = await runCli(['migrate-from-thehive', '--state', state, '--json'], env);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        return JSON.parse(r.stdout) as {
          sourceVersion: string;
          counts: Counts;
          skipped: unknown[];
          notes: string[];
        };
      };
      const first = await run();
      expect(first.sourceVersion).toBe('4.1.24-1');
      expect(first.counts).toMatchObject({
        organisation: { created: 1 },
        profile: { created: 1 },
        customField: { created: 1 },
        observableType: { created: 1 },
        user: { created: 1 },
        caseTemplate: { created: 1 },
        case: { created: 1 },
        task: { created: 1 },
        log: { created: 1 },
        observable: { created: 3 },
        alert: { created: 1 },
        pattern: { created: 2 },
        procedure: { created: 1 },
        alertCase: { created: 1 },
        dashboard: { created: 1 },
      });
      expect(first.skipped).toEqual([]);
      // TheHive 4 has no TTPs on alerts: said, not failed
      expect(first.notes).toEqual([expect.stringMatching(/^TTPs of alerts: the source does not list them/)]);
      expect(thehive.requests).toContain('GET /api/customField'); // the v0 fallback
      const bobKey = `Bearer ${await call<string>(served.url, served.admin, 'POST', '/api/v1/user/bob@org1.test/key/renew')}`;
      const D = (query: unknown[]) => call<Json[]>(served.url, bobKey, 'POST', '/api/v1/query', { query });
      const [kase] = await D([{ _name: 'listCase' }]);
      expect(kase).toMatchObject({ title: 'TH4 intrusion', tags: ['th4'], severity: 3 });
      const [file] = await D([
        { _name: 'getCase', idOrName: kase!._id },
        { _name: 'observables' },
        { _name: 'filter', _eq: { _field: 'dataType', _value: 'file' } },
      ]);
      const att = file!.attachment as { id: string };
      expect(
        await download(served.url, bobKey, `/api/v1/observable/${file!._id}/attachment/${att.id}/download`),
      ).toBe('TheHive 4 attachment bytes');
      // the TTP, with the technique copied into the catalog
      const [ttp] = await D([{ _name: 'getCase', idOrName: kase!._id }, { _name: 'procedures' }]);
      expect(ttp).toMatchObject({
        patternId: 'T1059.001',
        patternName: 'PowerShell',
        tactic: 'execution',
        description: 'a PowerShell dropper',
        occurDate: 1_700_000_000_000 - 3_600_000,
      });
      const powershell = await call<Json>(served.url, bobKey, 'GET', '/api/v1/pattern/T1059.001');
      expect(powershell).toMatchObject({ name: 'PowerShell', parent: 'T1059', platforms: ['Windows'] });
      // the alert stays imported into its case
      const [alert] = await D([{ _name: 'listAlert' }]);
      expect(alert).toMatchObject({ sourceRef: 'alert-ref', caseId: kase!._id, stage: 'Imported' });
      // the shared dashboard, its JSON text definition read, given to its author
      const [board] = await call<Json[]>(served.url, bobKey, 'GET', '/api/v1/dashboard');
      expect(board).toMatchObject({ title: 'Open cases', status: 'Shared', owner: 'bob@org1.test' });
      expect(board!.definition).toMatchObject({ period: 'all', items: [{ type: 'container' }] });

      const second = await run();
      expect(Object.values(second.counts).every((t) => t.created === 0 && t.updated === 0)).toBe(true);
      thehive.renameCase('TH4 intrusion (renamed)');
      const third = await run();
      expect(third.counts.case).toMatchObject({ created: 0, updated: 1 });
      expect((await D([{ _name: 'listCase' }]))[0]!.title).toBe('TH4 intrusion (renamed)');
    } finally {
      await served.stop();
      await thehive.close();
      await instance.drop();
    }
  }, 240_000);
});
