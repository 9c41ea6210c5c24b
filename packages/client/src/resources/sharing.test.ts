/**
 * client.sharing against a real server: organisation links set by the administrator, sharing
 * profiles, a case shared with a partner organisation (what the partner then reads), its tasks
 * shared one by one, the share's profile changed (a partner never writes: only the owner does), access restricted to named users, shares removed,
 * and the case handed over to the partner.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { PropolisClient } from '../client.js';
import { failure, useClients, userClient } from '../test-support/clients.js';

describe('client.sharing', () => {
  const c = useClients();
  let partner: PropolisClient;

  beforeAll(async () => {
    await c.admin.organisation.create({ name: 'partner', description: 'a partner CERT' });
    await c.admin.organisation.create({ name: 'stranger', description: 'not linked' });
    partner = await userClient(c, {
      login: 'pat@partner.test',
      name: 'Pat',
      profile: 'analyst',
      organisation: 'partner',
    });
  });

  it('links organisations and lists the sharing profiles', async () => {
    await c.admin.sharing.setLinks('soc', [
      { toOrganisation: 'partner', linkType: 'peer', otherLinkType: 'peer' },
    ]);
    expect((await c.analyst.sharing.links('soc')).map((o) => o.name)).toEqual(['partner']);
    expect((await partner.sharing.links('partner')).map((o) => o.name)).toEqual(['soc']);
    await c.admin.sharing.link('soc', 'stranger');
    expect((await c.analyst.sharing.links('soc')).map((o) => o.name).sort()).toEqual(['partner', 'stranger']);
    await c.admin.sharing.unlink('soc', 'stranger');
    expect((await c.analyst.sharing.links('soc')).map((o) => o.name)).toEqual(['partner']);
    expect((await failure(c.analyst.sharing.link('soc', 'stranger'))).status).toBe(403);
    expect((await c.analyst.sharing.profiles()).map((p) => p.name)).toEqual(['analyst', 'read-only']);
  });

  it('shares a case, its tasks one by one, changes and removes the share', async () => {
    const kase = await c.analyst.case.create({ title: 'shared case', description: 'd' });
    const task = await c.analyst.case.createTask(kase._id, { title: 'shared task' });
    const hidden = await c.analyst.case.createTask(kase._id, { title: 'kept task' });
    expect((await failure(partner.case.get(kase._id))).status).toBe(404);
    const refused = await failure(c.analyst.sharing.shareCase(kase._id, [{ organisation: 'stranger' }]));
    expect([refused.status, refused.message]).toEqual([400, expect.stringContaining('not linked')]);

    const [share] = await c.analyst.sharing.shareCase(kase._id, [
      { organisation: 'partner', profile: 'read-only', taskRule: 'manual', observableRule: 'manual' },
    ]);
    expect(share).toMatchObject({ organisationName: 'partner', profileName: 'read-only', owner: false });
    expect((await partner.case.get(kase._id)).title).toBe('shared case');
    expect(await partner.case.tasks(kase._id)).toEqual([]);
    await c.analyst.sharing.shareItem('task', task._id, ['partner']);
    expect((await c.analyst.sharing.itemShares('task', task._id)).map((s) => s.organisationName)).toContain(
      'partner',
    );
    expect((await partner.case.tasks(kase._id)).map((t) => t.title)).toEqual(['shared task']);
    await c.analyst.sharing.unshareItem('task', task._id, ['partner']);
    expect(await partner.case.tasks(kase._id)).toEqual([]);
    expect(
      (await c.analyst.sharing.itemShares('task', hidden._id)).map((s) => s.organisationName),
    ).not.toContain('partner');

    expect((await failure(partner.case.update(kase._id, { summary: 'mine' }))).status).toBe(403);
    await c.analyst.sharing.updateShare(share!._id, 'analyst');
    expect(
      (await c.analyst.sharing.caseShares(kase._id)).map((s) => [s.organisationName, s.profileName]),
    ).toEqual([['partner', 'analyst']]);

    await c.analyst.sharing.unshareCase(kase._id, ['partner']);
    expect((await failure(partner.case.get(kase._id))).status).toBe(404);
    const again = await c.analyst.sharing.setCaseShares(kase._id, [{ organisation: 'partner' }]);
    expect(again.map((s) => s.organisationName)).toEqual(['partner']);
    await c.analyst.sharing.deleteShare(again[0]!._id);
    expect(await c.analyst.sharing.caseShares(kase._id)).toEqual([]);
  });

  it('restricts a case to named users, opens it again, and hands it over', async () => {
    const rita = await userClient(c, {
      login: 'rita@soc.test',
      name: 'Rita',
      profile: 'read-only',
      organisation: 'soc',
    });
    const kase = await c.analyst.case.create({ title: 'restricted', description: 'd' });
    expect((await rita.case.get(kase._id)).title).toBe('restricted');
    await c.analyst.sharing.setAccess(kase._id, { kind: 'restricted', users: [] });
    expect((await failure(rita.case.get(kase._id))).status).toBe(404);
    expect((await c.analyst.case.get(kase._id)).title).toBe('restricted');
    await c.analyst.sharing.bulkSetAccess([kase._id], { kind: 'public' });
    expect((await rita.case.get(kase._id)).title).toBe('restricted');

    await c.analyst.sharing.changeOwner(kase._id, { organisation: 'partner', keepProfile: 'read-only' });
    await partner.case.update(kase._id, { summary: 'ours now' });
    expect((await c.analyst.case.get(kase._id)).summary).toBe('ours now');
    expect((await failure(c.analyst.case.update(kase._id, { summary: 'x' }))).status).toBe(403);
    expect(
      (await partner.sharing.caseShares(kase._id)).map((s) => [s.organisationName, s.profileName]),
    ).toEqual([['soc', 'read-only']]);
  });
});
