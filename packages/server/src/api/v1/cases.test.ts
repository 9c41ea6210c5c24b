/**
 * Cases, tasks and logs through the v1 API (what succeeds through the client's typed namespaces,
 * what is refused through raw calls that see the status), and the same case seen through v0.
 */
import { createHash } from 'node:crypto';
import { CaseStatus, Severity, TaskStatus } from '@propolis/client';
import { describe, expect, it } from 'vitest';
import { createCase } from '../../test-support/factories.js';
import type { HttpClient } from '../../test-support/http.js';
import { useOrganisation } from '../../test-support/identity.js';
import { multipartBody, type Part } from '../../test-support/multipart.js';
import { useTestServer } from '../../test-support/server.js';

describe('v1 cases, tasks and logs', () => {
  const server = useTestServer();
  const soc = useOrganisation(server, 'soc');
  const other = useOrganisation(server, 'other');

  it('creates a case with tasks, numbers it, and reads it by id and by number', async () => {
    const created = await soc.analyst.case.create({
      title: 'Phishing wave',
      description: 'Several users got the same mail',
      severity: Severity.High,
      tags: ['phishing', 'mail', 'phishing'],
      tasks: [{ title: 'Collect headers' }, { title: 'Block sender', group: 'containment' }],
    });
    expect(created).toMatchObject({
      _type: 'Case',
      number: 1,
      title: 'Phishing wave',
      severity: 3,
      severityLabel: 'HIGH',
      tlp: 2,
      pap: 2,
      status: 'New',
      stage: 'New',
      tags: ['phishing', 'mail'],
      flag: false,
      _createdBy: soc.logins.analyst,
    });
    expect((await soc.analyst.case.get(1))._id).toBe(created._id);
    const tasks = await soc.analyst.case.tasks(created._id);
    expect(tasks.map((t) => t.title)).toEqual(['Collect headers', 'Block sender']);
    expect(tasks[1]).toMatchObject({ group: 'containment', status: TaskStatus.Waiting, _type: 'Task' });
    expect((await soc.analyst.case.create({ title: 'Second', description: 'x' })).number).toBe(2);
    expect((await other.analyst.case.create({ title: 'Other first', description: 'x' })).number).toBe(1);
  });

  it('refuses bad input with a message naming the field', async () => {
    const missing = await soc.analyst.post('/api/v1/case', { description: 'no title' });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ type: 'BadRequest' });
    expect(missing.body.message).toContain('title');
    const severity = await soc.analyst.post('/api/v1/case', { title: 't', severity: 7 });
    expect(severity.status).toBe(400);
    expect(severity.body.message).toContain('severity');
    const status = await soc.analyst.post('/api/v1/case', { title: 't', status: 'Nope' });
    expect(status.status).toBe(400);
    expect(status.body.message).toContain('status');
    const wrongType = await soc.analyst.post('/api/v1/case', { title: 't', severity: 'high' });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.message).toContain('severity');
  });

  it('updates tags with addTags/removeTags, closes the case and its tasks, then reopens', async () => {
    const { _id: id } = await soc.analyst.case.create({
      title: 'Malware on host',
      description: 'EDR alert',
      tags: ['a', 'b'],
      tasks: [{ title: 'Waiting one' }, { title: 'Started one', status: TaskStatus.InProgress }],
    });
    await soc.analyst.case.update(id, { addTags: ['c'], removeTags: ['a'] });
    expect((await soc.analyst.case.get(id)).tags).toEqual(['b', 'c']);

    const closing = Date.now();
    await soc.analyst.case.close(id, CaseStatus.TruePositive, 'Cleaned', 'WithImpact');
    const closed = await soc.analyst.case.get(id);
    expect(closed).toMatchObject({
      status: 'TruePositive',
      stage: 'Closed',
      summary: 'Cleaned',
      impactStatus: 'WithImpact',
    });
    expect(closed.endDate).toBeGreaterThanOrEqual(closing);
    const tasks = await soc.analyst.case.tasks(id);
    expect(tasks.map((t) => t.status)).toEqual([TaskStatus.Cancel, TaskStatus.Completed]);
    expect(tasks[1]!.endDate).toBeGreaterThanOrEqual(closing);

    await soc.analyst.case.update(id, { status: CaseStatus.InProgress });
    const reopened = await soc.analyst.case.get(id);
    expect(reopened.stage).toBe('InProgress');
    expect(reopened.endDate).toBeUndefined();
  });

  it('works tasks and logs: status dates, mandatory tasks, logs listed newest first', async () => {
    const kase = await createCase(soc.analyst, { title: 'Tasks', description: 'x' });
    const task = await soc.analyst.task.create(kase._id, { title: 'Investigate', mandatory: true });
    // a mandatory task cannot be completed before it has a log
    const refused = await soc.analyst.patch(`/api/v1/task/${task._id}`, { status: 'Completed' });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toContain('mandatory');
    const logging = Date.now();
    const log1 = await soc.analyst.taskLog.create(task._id, { message: 'First finding' });
    expect(log1).toMatchObject({
      _type: 'Log',
      message: 'First finding',
      owner: soc.logins.analyst,
      attachments: [],
    });
    const started = await soc.analyst.task.get(task._id);
    expect(started.status).toBe(TaskStatus.InProgress);
    expect(started.startDate).toBeGreaterThanOrEqual(logging);
    await soc.analyst.taskLog.create(task._id, { message: 'Second finding', date: Date.now() + 1000 });
    const logs = await soc.analyst.task.logs(task._id);
    expect(logs.map((l) => l.message)).toEqual(['Second finding', 'First finding']);
    await soc.analyst.task.update(task._id, { status: TaskStatus.Completed });
    const done = await soc.analyst.task.get(task._id);
    expect(done.status).toBe(TaskStatus.Completed);
    expect(done.endDate).toBeGreaterThanOrEqual(started.startDate!);
    await soc.analyst.taskLog.update(log1._id, { message: 'Edited' });
    expect((await soc.analyst.taskLog.get(log1._id)).message).toBe('Edited');
    await soc.analyst.taskLog.delete(log1._id);
    expect(await soc.analyst.taskLog.ofTask(task._id)).toHaveLength(1);
    await soc.analyst.task.bulkUpdate([task._id], { flag: true });
    expect((await soc.analyst.task.get(task._id)).flag).toBe(true);
    await soc.analyst.task.delete(task._id);
    expect((await soc.analyst.get(`/api/v1/task/${task._id}`)).status).toBe(404);
  });

  it('keeps organisations apart and read-only profiles read-only', async () => {
    const kase = await soc.analyst.case.create({
      title: 'Secret',
      description: 'x',
      tasks: [{ title: 't' }],
    });
    const [task] = await soc.analyst.case.tasks(kase._id);
    for (const path of [`/api/v1/case/${kase._id}`, `/api/v1/task/${task!._id}`, `/api/case/${kase._id}`]) {
      const res = await other.analyst.get(path);
      expect(res.status).toBe(404);
      expect(res.body.type).toBe('NotFoundError');
    }
    expect((await other.analyst.patch(`/api/v1/case/${kase._id}`, { title: 'pwned' })).status).toBe(404);
    expect((await other.analyst.delete(`/api/v1/case/${kase._id}`)).status).toBe(404);
    expect((await soc.readOnly.case.get(kase._id)).title).toBe('Secret');
    const denied = await soc.readOnly.patch(`/api/v1/case/${kase._id}`, { title: 'x' });
    expect(denied.status).toBe(403);
    expect(denied.body.message).toContain('manageCase');
    expect((await soc.readOnly.post(`/api/v1/case/${kase._id}/task`, { title: 'x' })).status).toBe(403);
  });

  it('serves the same case through v0 with TheHive 3/4 names and scales', async () => {
    const created = await soc.analyst.post('/api/case', {
      title: 'From v0',
      description: 'legacy client',
      tlp: 3,
      owner: soc.logins.analyst,
      tasks: [{ title: 'v0 task', owner: soc.logins.analyst, status: 'Waiting' }],
      customFields: {},
      metrics: {},
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      _type: 'case',
      status: 'Open',
      tlp: 3,
      owner: soc.logins.analyst,
      resolutionStatus: null,
    });
    const v1 = (await soc.analyst.get(`/api/v1/case/${created.body._id}`)).body;
    expect(v1.tlp).toBe(4);
    expect(v1.tlpLabel).toBe('RED');
    const resolved = await soc.analyst.patch(`/api/case/${created.body._id}`, {
      status: 'Resolved',
      resolutionStatus: 'FalsePositive',
      impactStatus: 'NoImpact',
      summary: 'benign',
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ status: 'Resolved', resolutionStatus: 'FalsePositive' });
    expect((await soc.analyst.get(`/api/v1/case/${created.body._id}`)).body.status).toBe('FalsePositive');
    const stats = await soc.analyst.get(`/api/case/${created.body._id}?nstats=true`);
    expect(stats.body.stats.tasks).toMatchObject({ Cancel: 1, total: 1 });
    const reopen = await soc.analyst.patch(`/api/case/${created.body._id}`, { status: 'Open' });
    expect(reopen.body.status).toBe('Open');
    expect((await soc.analyst.delete(`/api/case/${created.body._id}/force`)).status).toBe(204);
    expect((await soc.analyst.get(`/api/case/${created.body._id}`)).status).toBe(404);
  });
  it('creates a case from a template, with custom fields validated and rendered in both APIs', async () => {
    await server.admin.customField.create({
      name: 'cvss',
      displayName: 'CVSS',
      description: 'score',
      type: 'float',
    });
    await server.admin.customField.create({
      name: 'ticket',
      displayName: 'Ticket',
      description: 't',
      type: 'string',
    });
    await soc.orgAdmin.caseTemplate.create({
      name: 'phishing',
      titlePrefix: '[PHISH]',
      description: 'Template description',
      severity: 3,
      tlp: 1,
      tags: ['phishing'],
      tasks: [{ title: 'Analyse mail' }, { title: 'Notify users', group: 'comms' }],
      customFields: [{ name: 'ticket', value: 'T-1', order: 1 }],
    });
    const created = await soc.analyst.case.create({
      title: 'Mail to finance',
      caseTemplate: 'phishing',
      tags: ['finance'],
      customFields: { cvss: 6.5 },
    });
    expect(created).toMatchObject({
      title: '[PHISH] Mail to finance',
      description: 'Template description',
      severity: 3,
      tlp: 1,
      tags: ['phishing', 'finance'],
      caseTemplate: 'phishing',
    });
    const fields = Object.fromEntries(created.customFields.map((f) => [f.name, f.value]));
    expect(fields).toEqual({ ticket: 'T-1', cvss: 6.5 });
    const tasks = await soc.analyst.case.tasks(created._id);
    expect(tasks.map((t) => t.title)).toEqual(['Analyse mail', 'Notify users']);
    const v0 = (await soc.analyst.get(`/api/case/${created._id}`)).body;
    expect(v0.customFields.cvss).toMatchObject({ number: 6.5 });
    expect(v0.customFields.ticket).toMatchObject({ string: 'T-1' });

    await soc.analyst.case.update(created._id, { customFields: [{ name: 'cvss', value: 9.1 }] });
    const after = await soc.analyst.case.get(created._id);
    expect(after.customFields.find((f) => f.name === 'cvss')!.value).toBe(9.1);
    expect(after.customFields.find((f) => f.name === 'ticket')!.value).toBe('T-1');

    const cvssValue = after.customFields.find((f) => f.name === 'cvss')!;
    expect(cvssValue._id).toMatch(/^~\d+$/);
    expect((await other.analyst.delete(`/api/v1/case/customField/${cvssValue._id}`)).status).toBe(404);
    await soc.analyst.case.deleteCustomField(String(cvssValue._id));
    const removed = await soc.analyst.case.get(created._id);
    expect(removed.customFields.map((f) => f.name)).toEqual(['ticket']);

    const wrong = await soc.analyst.post('/api/v1/case', { title: 'x', customFields: { cvss: 'high' } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.message).toContain('cvss');
    const unknown = await soc.analyst.post('/api/v1/case', { title: 'x', customFields: { nope: 1 } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toContain('nope');
    const noTemplate = await soc.analyst.post('/api/v1/case', { title: 'x', caseTemplate: 'missing' });
    expect(noTemplate.status).toBe(400);
    expect(noTemplate.body.message).toContain('caseTemplate');
    const v0case = await soc.analyst.post('/api/case', {
      title: 'v0 templated',
      description: 'd',
      template: 'phishing',
    });
    expect(v0case.body.title).toBe('[PHISH] v0 templated');
  });
  it('attaches files to logs from v1 (thehive4py 2.x) and v0 (1.x) multipart, downloadable by hash', async () => {
    const post = (client: HttpClient, path: string, parts: Part[]) => {
      const { body, contentType } = multipartBody(parts);
      return client.send('POST', path, undefined, { raw: body, headers: { 'content-type': contentType } });
    };
    const kase = await soc.analyst.case.create({ title: 'Screenshots', tasks: [{ title: 'Look' }] });
    const [task] = await soc.analyst.case.tasks(kase._id);
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001', 'hex');
    const v1 = await post(soc.analyst, `/api/v1/task/${task!._id}/log`, [
      {
        name: '_json',
        filename: '_json',
        data: JSON.stringify({ message: 'see screenshot', attachments: ['/tmp/a.png'] }),
      },
      { name: 'attachments', filename: 'screen.png', data: png, contentType: 'image/png' },
    ]);
    expect(v1.status).toBe(201);
    const sha = createHash('sha256').update(png).digest('hex');
    expect(v1.body.attachments).toHaveLength(1);
    expect(v1.body.attachments[0]).toMatchObject({
      name: 'screen.png',
      contentType: 'image/png',
      id: sha,
      size: png.length,
    });
    const v0 = await post(soc.analyst, `/api/case/task/${task!._id}/log`, [
      { name: '_json', value: JSON.stringify({ message: 'v0 with file' }) },
      { name: 'attachment', filename: '../../etc/evil.txt', data: 'hello', contentType: 'text/plain' },
    ]);
    expect(v0.status).toBe(201);
    expect(v0.body.attachment.name).not.toContain('/');
    const download = await soc.analyst.get(`/api/datastore/${sha}`);
    expect(download.status).toBe(200);
    expect(Buffer.from(download.text, 'latin1').length).toBeGreaterThan(0);
    expect((await other.analyst.get(`/api/datastore/${sha}`)).status).toBe(404);
    const bad = await post(soc.analyst, `/api/v1/task/${task!._id}/log`, [
      { name: '_json', value: '{not json' },
    ]);
    expect(bad.status).toBe(400);
  });
});
