/**
 * client.dashboard against a real server: a private dashboard its owner alone reads, shared with
 * the organisation (read-only for others), its definition's version kept, handed to another user, deleted.
 */
import { describe, expect, it } from 'vitest';
import { failure, useClients, userClient } from '../test-support/clients.js';

const definition = {
  period: 'last7Days',
  items: [{ type: 'container', items: [{ type: 'counter', options: { entity: 'case', title: 'Cases' } }] }],
};

describe('client.dashboard', () => {
  const c = useClients();

  it('creates, shares, updates, hands over and deletes a dashboard', async () => {
    const ro = await userClient(c, {
      login: 'ro@soc.test',
      name: 'Ro',
      profile: 'read-only',
      organisation: 'soc',
    });
    const made = await c.analyst.dashboard.create({ title: 'SOC overview', status: 'Private', definition });
    expect(made).toMatchObject({
      title: 'SOC overview',
      owner: 'ana@soc.test',
      writable: true,
      version: 0,
      definition,
    });
    expect((await failure(ro.dashboard.get(made._id))).status).toBe(404);
    expect((await c.analyst.dashboard.find()).map((d) => d._id)).toEqual([made._id]);

    await c.analyst.dashboard.update(made._id, { status: 'Shared', title: 'SOC', version: 0 });
    const read = await ro.dashboard.get(made._id);
    expect(read).toMatchObject({ title: 'SOC', status: 'Shared', writable: false });
    expect((await ro.dashboard.list()).map((d) => d.title)).toEqual(['SOC']);
    expect((await failure(ro.dashboard.update(made._id, { title: 'x' }))).status).toBe(403);
    await c.analyst.dashboard.update(made._id, { version: 3 });
    expect((await c.analyst.dashboard.get(made._id)).version).toBe(3);

    await c.analyst.dashboard.changeOwner(made._id, 'ro@soc.test');
    expect((await c.analyst.dashboard.get(made._id)).owner).toBe('ro@soc.test');
    await c.analyst.dashboard.delete(made._id);
    expect(await c.analyst.dashboard.list()).toEqual([]);
    expect((await failure(c.analyst.dashboard.create({ title: '' }))).status).toBe(400);
  });
});
