/**
 * A small, fully known data set for query tests: four cases in `soc` (statuses, TLPs, tags,
 * custom fields, assignee, dates chosen so every operator has a distinct answer), their tasks,
 * logs and observables, and one case in `cert` that `soc` must never see.
 */
import { expectOk } from './factories.js';
import { createOrganisation, type OrgFixture } from './identity.js';
import type { TestServer } from './server.js';

export const day = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d);

export interface QueryFixture {
  soc: OrgFixture;
  cert: OrgFixture;
  /** Case ids (`~n`) and numbers by short name. */
  cases: Record<'c1' | 'c2' | 'c3' | 'c4' | 'x1', { id: string; number: number; title: string }>;
  tasks: Record<'analyse' | 'block' | 'restore', string>;
  logs: Record<'headers' | 'sender', string>;
  observables: Record<'ip1' | 'domain' | 'ip2', string>;
}

export async function createQueryFixture(server: TestServer): Promise<QueryFixture> {
  const soc = await createOrganisation(server, 'soc');
  const cert = await createOrganisation(server, 'cert');
  for (const cf of [
    { name: 'cvss', type: 'float' },
    { name: 'team', type: 'string' },
    { name: 'reviewed', type: 'boolean' },
  ]) {
    await expectOk(
      server.admin.post('/api/v1/customField', { ...cf, description: cf.name }),
      `custom field ${cf.name}`,
    );
  }
  const a = soc.analyst;
  const mk = async (body: Record<string, unknown>, client = a) => {
    const c = await expectOk(client.post('/api/v1/case', body), `case ${String(body.title)}`);
    return { id: c._id as string, number: c.number as number, title: c.title as string };
  };
  const analyst = soc.logins.analyst;
  const c1 = await mk({
    title: 'Phishing wave',
    description: 'Mail from attacker@evil.com',
    severity: 3,
    tlp: 2,
    startDate: day(2024, 1, 10),
    tags: ['phishing', 'mail'],
    assignee: analyst,
    customFields: { cvss: 7.5, team: 'red' },
  });
  const c2 = await mk({
    title: 'Ransomware outbreak',
    description: 'Files encrypted on server',
    severity: 4,
    tlp: 3,
    startDate: day(2024, 2, 15),
    tags: ['ransomware'],
    flag: true,
    customFields: { cvss: 9.8, reviewed: true },
  });
  const c3 = await mk({
    title: 'Suspicious login',
    description: 'Login from 10.0.0.1',
    severity: 1,
    tlp: 0,
    startDate: day(2024, 2, 20),
  });
  const c4 = await mk({
    title: 'Phishing follow-up',
    description: 'Second phishing wave',
    severity: 2,
    tlp: 4,
    startDate: day(2024, 3, 5),
    tags: ['phishing'],
    assignee: analyst,
    customFields: { team: 'blue' },
  });
  const x1 = await mk(
    {
      title: 'Phishing at cert',
      description: 'other organisation',
      severity: 3,
      startDate: day(2024, 1, 12),
      tags: ['phishing'],
    },
    cert.analyst,
  );
  const task = async (caseId: string, body: Record<string, unknown>) =>
    (await expectOk(a.post(`/api/v1/case/${caseId}/task`, body), `task ${String(body.title)}`))._id as string;
  const analyse = await task(c1.id, { title: 'Analyse mail', status: 'Waiting' });
  const block = await task(c1.id, { title: 'Block sender', status: 'InProgress', assignee: analyst });
  const restore = await task(c2.id, { title: 'Restore backups', status: 'InProgress' });
  const log = async (taskId: string, message: string) =>
    (await expectOk(a.post(`/api/v1/task/${taskId}/log`, { message }), `log ${message}`))._id as string;
  const headers = await log(analyse, 'Headers checked');
  const sender = await log(analyse, 'Sender is evil');
  const observable = async (caseId: string, body: Record<string, unknown>) =>
    (
      (await expectOk(
        a.post(`/api/v1/case/${caseId}/observable`, body),
        `observable ${String(body.data)}`,
      )) as any[]
    )[0]._id as string;
  const ip1 = await observable(c1.id, { dataType: 'ip', data: '1.2.3.4', ioc: true });
  const domain = await observable(c1.id, { dataType: 'domain', data: 'evil.com', tags: ['bad'] });
  const ip2 = await observable(c2.id, { dataType: 'ip', data: '10.0.0.1' });
  // statuses last: closing a case closes its tasks
  await expectOk(a.patch(`/api/v1/case/${c4.id}`, { status: 'InProgress' }), 'c4 in progress');
  await expectOk(a.patch(`/api/v1/case/${c3.id}`, { status: 'Duplicated' }), 'c3 duplicated');
  await expectOk(
    a.patch(`/api/v1/case/${c2.id}`, { status: 'TruePositive', summary: 'restored' }),
    'c2 closed',
  );
  await expectOk(a.patch(`/api/v1/case/${c2.id}`, { flag: true }), 'c2 flagged');
  return {
    soc,
    cert,
    cases: { c1, c2, c3, c4, x1 },
    tasks: { analyse, block, restore },
    logs: { headers, sender },
    observables: { ip1, domain, ip2 },
  };
}
