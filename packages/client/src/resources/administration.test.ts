/**
 * The administration namespaces against a real server: organisations, users (keys, passwords,
 * memberships), profiles, case templates, custom field definitions, observable types, tags and
 * the audit trail; organisation per client and per call; permissions refused with typed errors.
 */
import { describe, expect, it } from 'vitest';
import { PropolisClient } from '../client.js';
import type { PropolisApiError } from '../errors.js';
import { F } from '../filter.js';
import { asc } from '../query.js';
import { useClients } from '../test-support/clients.js';

const apiError = (e: unknown) => e as PropolisApiError;

describe('administration namespaces', () => {
  const c = useClients();

  it('manages organisations and users, their keys, passwords and memberships', async () => {
    const cert = await c.admin.organisation.create({ name: 'cert', description: 'CERT' });
    expect(cert.name).toBe('cert');
    await c.admin.organisation.update('cert', { description: 'Computer emergency response' });
    expect((await c.admin.organisation.get('cert')).description).toBe('Computer emergency response');
    expect((await c.admin.organisation.list()).map((o) => o.name)).toEqual(
      expect.arrayContaining(['cert', 'soc']),
    );
    expect((await c.admin.organisation.find({ filter: F.eq('name', 'cert') })).map((o) => o.name)).toEqual([
      'cert',
    ]);

    const bob = await c.admin.user.create({
      login: 'bob@cert.test',
      name: 'Bob',
      profile: 'analyst',
      organisation: 'cert',
    });
    expect(bob.organisation).toBe('cert');
    await c.admin.user.update('bob@cert.test', { name: 'Robert' });
    expect((await c.admin.user.get('bob@cert.test')).name).toBe('Robert');
    await c.admin.user.setPassword('bob@cert.test', 'first-password-1');
    const bobBasic = new PropolisClient({
      url: c.server.url,
      username: 'bob@cert.test',
      password: 'first-password-1',
    });
    expect((await bobBasic.user.current()).login).toBe('bob@cert.test');
    await bobBasic.user.changePassword('bob@cert.test', 'first-password-1', 'second-password-2');
    const stale = apiError(await bobBasic.user.current().catch((e: unknown) => e));
    expect(stale.status).toBe(401);
    expect(stale.type).toBe('AuthenticationError');

    const key = await c.admin.user.renewApiKey('bob@cert.test');
    // stored hashed: shown only when issued
    expect(apiError(await c.admin.user.apiKey('bob@cert.test').catch((e: unknown) => e)).status).toBe(404);
    const bobKey = new PropolisClient({ url: c.server.url, apiKey: key });
    expect((await bobKey.user.current()).organisation).toBe('cert');

    const memberships = await c.admin.user.setOrganisations('bob@cert.test', [
      { organisation: 'cert', profile: 'analyst', default: true },
      { organisation: 'soc', profile: 'read-only' },
    ]);
    expect(memberships.organisations.map((m) => m.organisation).sort()).toEqual(['cert', 'soc']);
    // organisation per client view and per call
    expect((await bobKey.in('soc').user.current()).organisation).toBe('soc');
    expect((await bobKey.user.current({ organisation: 'soc' })).profile).toBe('read-only');
    const readOnly = apiError(
      await bobKey.case
        .create({ title: 'no', description: 'no' }, { organisation: 'soc' })
        .catch((e: unknown) => e),
    );
    expect(readOnly.status).toBe(403);
    expect(readOnly.type).toBe('AuthorizationError');
    expect((await c.admin.organisation.users('cert')).map((u) => u.login)).toContain('bob@cert.test');
    expect(await c.admin.user.count({ filter: F.eq('login', 'bob@cert.test') })).toBe(1);

    await c.admin.user.removeApiKey('bob@cert.test');
    expect(apiError(await bobKey.user.current().catch((e: unknown) => e)).status).toBe(401);
    await c.admin.user.lock('bob@cert.test');
    expect((await c.admin.user.get('bob@cert.test')).locked).toBe(true);
    await c.admin.user.delete('bob@cert.test');
    expect(apiError(await c.admin.user.get('bob@cert.test').catch((e: unknown) => e)).status).toBe(404);
  });

  it('manages profiles', async () => {
    const p = await c.admin.profile.create({ name: 'triage', permissions: ['manageAlert'] });
    expect(p.permissions).toEqual(['manageAlert']);
    await c.admin.profile.update('triage', { permissions: ['manageAlert', 'manageCase'] });
    expect((await c.admin.profile.get('triage')).permissions.sort()).toEqual(['manageAlert', 'manageCase']);
    expect((await c.admin.profile.list()).map((x) => x.name)).toContain('triage');
    expect((await c.admin.profile.find({ filter: F.eq('name', 'triage') })).length).toBe(1);
    await c.admin.profile.delete('triage');
    expect(apiError(await c.admin.profile.get('triage').catch((e: unknown) => e)).type).toBe('NotFoundError');
  });

  it('manages case templates, custom fields and observable types in the organisation', async () => {
    await c.admin.customField.create({
      name: 'impact',
      type: 'string',
      options: ['low', 'high'],
      description: 'i',
    });
    await c.admin.customField.update('impact', { displayName: 'Impact' });
    expect((await c.admin.customField.get('impact')).displayName).toBe('Impact');
    expect((await c.analyst.customField.list()).map((f) => f.name)).toContain('impact');
    expect((await c.analyst.customField.find({ filter: F.eq('name', 'impact') })).length).toBe(1);

    const template = await c.analyst.caseTemplate.create({
      name: 'phishing',
      titlePrefix: '[PHISH]',
      description: 'Phishing playbook',
      tags: ['phishing'],
      tasks: [{ title: 'Collect headers' }, { title: 'Block sender' }],
    });
    expect(template.name).toBe('phishing');
    await c.analyst.caseTemplate.update('phishing', { severity: 3 });
    expect((await c.analyst.caseTemplate.get('phishing')).severity).toBe(3);
    expect((await c.analyst.caseTemplate.list()).map((t) => t.name)).toEqual(['phishing']);
    expect((await c.analyst.caseTemplate.find()).map((t) => t.name)).toEqual(['phishing']);
    const kase = await c.analyst.case.create({
      title: 'Invoice mail',
      description: 'd',
      caseTemplate: 'phishing',
    });
    expect(kase.title).toBe('[PHISH] Invoice mail');
    expect((await c.analyst.case.tasks(kase._id)).map((t) => t.title)).toEqual([
      'Collect headers',
      'Block sender',
    ]);
    await c.analyst.caseTemplate.delete('phishing');
    expect(await c.analyst.caseTemplate.list()).toEqual([]);

    const type = await c.admin.observableType.create({ name: 'wallet', isAttachment: false });
    expect(type.name).toBe('wallet');
    expect((await c.analyst.observableType.get('wallet')).isAttachment).toBe(false);
    expect((await c.analyst.observableType.list()).map((t) => t.name)).toEqual(
      expect.arrayContaining(['ip', 'wallet']),
    );
    expect((await c.analyst.observableType.find({ filter: F.eq('name', 'wallet') })).length).toBe(1);
    await c.admin.observableType.delete('wallet');
    expect(apiError(await c.analyst.observableType.get('wallet').catch((e: unknown) => e)).status).toBe(404);

    const refused = apiError(
      await c.analyst.observableType.create({ name: 'nope' }).catch((e: unknown) => e),
    );
    expect(refused.status).toBe(403);
    await c.admin.customField.delete('impact', { force: true });
    expect((await c.analyst.customField.list()).map((f) => f.name)).not.toContain('impact');
  });

  it('lists tags and reads the audit trail', async () => {
    const kase = await c.analyst.case.create({
      title: 'Tagged',
      description: 'd',
      tags: ['apt:x', 'apt:y', 'other'],
    });
    const tags = await c.analyst.tag.list({ prefix: 'apt', entity: 'case' });
    expect(tags.map((t) => t.value ?? t.predicate).length).toBe(2);

    await c.analyst.case.update(kase._id, { severity: 4 });
    const audits = await c.analyst.audit.find({
      filter: F.eq('objectId', kase._id),
      sort: asc('_createdAt'),
    });
    expect(audits[0]!.action).toBe('create');
    expect(audits.at(-1)!.action).toBe('update');
    expect(audits.at(-1)!.details).toMatchObject({ severity: 4 });
    expect(await c.analyst.audit.count({ filter: F.eq('objectId', kase._id) })).toBe(audits.length);
    const ids: string[] = [];
    for await (const a of c.analyst.audit.iterate({ filter: F.eq('objectId', kase._id), pageSize: 1 }))
      ids.push(a._id);
    expect(ids.sort()).toEqual(audits.map((a) => a._id).sort());
    expect(await c.analyst.query.run([{ _name: 'listAudit' }, { _name: 'count' }])).toBeGreaterThan(2);
    expect(await c.analyst.query<number>([{ _name: 'countCase' }], 'cases')).toBeGreaterThan(0);
  });
});
