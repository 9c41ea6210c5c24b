/**
 * client.view and client.settings against a real server: a private view its owner alone reads,
 * shared with the organisation (read-only to a colleague), renamed, filtered by list, deleted; the
 * caller's settings with defaults, changed one at a time, refused when wrong, kept per user.
 */
import { describe, expect, it } from 'vitest';
import { failure, useClients, userClient } from '../test-support/clients.js';

describe('client.view and client.settings', () => {
  const c = useClients();

  it('keeps private and shared views of the alert and case lists', async () => {
    const bob = await userClient(c, {
      login: 'bob@soc.test',
      name: 'Bob',
      profile: 'analyst',
      organisation: 'soc',
    });
    const filters = { status: ['New', 'Updated'], severity: [3, 4], q: 'phishing' };
    const made = await c.analyst.view.create({
      entity: 'alert',
      name: 'Phishing queue',
      filters,
      sort: ['-date', '+severity'],
      columns: ['title', 'severity', 'customFields.score'],
    });
    expect(made).toMatchObject({
      _type: 'SavedView',
      name: 'Phishing queue',
      status: 'Private',
      owner: 'ana@soc.test',
      filters,
      sort: ['-date', '+severity'],
      columns: ['title', 'severity', 'customFields.score'],
      writable: true,
    });
    await c.analyst.view.create({ entity: 'case', name: 'Open cases', filters: { status: 'Open' } });
    expect((await failure(bob.view.get(made._id))).status).toBe(404);
    expect(await bob.view.list()).toEqual([]);

    const shared = await c.analyst.view.update(made._id, { status: 'Shared', name: 'Phishing' });
    expect(shared).toMatchObject({ name: 'Phishing', status: 'Shared', filters });
    expect((await bob.view.list('alert')).map((v) => [v.name, v.writable])).toEqual([['Phishing', false]]);
    expect(await bob.view.list('case')).toEqual([]);
    expect((await failure(bob.view.update(made._id, { name: 'mine' }))).status).toBe(403);
    expect((await failure(bob.view.delete(made._id))).status).toBe(403);

    const own = await bob.view.create({ entity: 'alert', name: 'Mine', status: 'Shared' });
    // ana is the organisation's administrator (manageConfig): she may tidy a view bob shared
    expect((await c.analyst.view.get(own._id)).writable).toBe(true);
    await c.analyst.view.delete(own._id);
    expect((await c.analyst.view.list('alert')).map((v) => v.name)).toEqual(['Phishing']);
    expect((await c.analyst.view.list()).map((v) => v.name)).toEqual(['Open cases', 'Phishing']);

    expect((await failure(c.analyst.view.create({ entity: 'alert', name: '  ' }))).status).toBe(400);
    const bad = await failure(c.analyst.view.create({ entity: 'task' as 'alert', name: 'x' }));
    expect(bad.status).toBe(400);
    expect((await failure(c.analyst.view.update(made._id, { sort: ['date'] }))).status).toBe(400);
    await c.analyst.view.delete(made._id);
    expect((await failure(c.analyst.view.get(made._id))).status).toBe(404);
    // another organisation's members never see the views
    await c.admin.organisation.create({ name: 'other', description: 'Other' });
    const eve = await userClient(c, {
      login: 'eve@other.test',
      name: 'Eve',
      profile: 'org-admin',
      organisation: 'other',
    });
    expect(await eve.view.list()).toEqual([]);
  });

  it("keeps each user's settings with defaults and refuses unknown values", async () => {
    const carol = await userClient(c, {
      login: 'carol@soc.test',
      name: 'Carol',
      profile: 'read-only',
      organisation: 'soc',
    });
    expect(await carol.settings.get()).toEqual({
      theme: 'auto',
      timeZone: 'UTC',
      density: 'comfortable',
      dateFormat: 'iso',
    });
    expect(await carol.settings.update({ theme: 'dark', timeZone: 'Europe/Paris' })).toMatchObject({
      theme: 'dark',
      timeZone: 'Europe/Paris',
      dateFormat: 'iso',
    });
    await carol.settings.update({ dateFormat: 'relative', density: 'compact' });
    expect(await carol.settings.get()).toEqual({
      theme: 'dark',
      timeZone: 'Europe/Paris',
      density: 'compact',
      dateFormat: 'relative',
    });
    expect((await c.analyst.settings.get()).theme).toBe('auto');
    const zone = await failure(carol.settings.update({ timeZone: 'Mars/Olympus' }));
    expect(zone.status).toBe(400);
    expect(zone.message).toContain('Mars/Olympus');
    expect((await failure(carol.settings.update({ theme: 'pink' as 'dark' }))).status).toBe(400);
    expect((await carol.settings.get()).timeZone).toBe('Europe/Paris');
  });
});
