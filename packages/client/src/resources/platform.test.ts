/**
 * Notifications, feeders and workflows against a real server configured with a webhook endpoint,
 * a webhook feeder and a workflow rule.
 */
import { describe, expect, it } from 'vitest';
import { eventually } from '../../../server/src/test-support/shared-database.js';
import type { PropolisApiError } from '../errors.js';
import { F } from '../filter.js';
import { useClients } from '../test-support/clients.js';

const TOKEN = 'client-test-token-0123456789';

describe('client.notification, client.feeder, client.workflow', () => {
  const c = useClients({
    notification: {
      webhook: {
        endpoints: [
          { name: 'local', url: 'http://127.0.0.1:9/hook', version: 0, auth: { type: 'none' } },
        ] as never,
      },
    },
    workflows: [
      {
        name: 'tag-edr',
        organisation: 'soc',
        when: { event: 'AlertCreated', filter: { _field: 'source', _value: 'edr' } },
        actions: [{ addTags: ['from-edr'] }],
      },
    ] as never,
  } as never);

  it('manages notifications and reads their delivery log', async () => {
    expect((await c.analyst.notification.endpoints()).map((e) => e.name)).toEqual(['local']);
    const created = await c.analyst.notification.create({
      name: 'alerts-out',
      trigger: { name: 'AlertCreated' },
      notifiers: [{ name: 'Webhook', endpoint: 'local' }],
    });
    expect(created.origin).toBe('api');
    expect((await c.analyst.notification.get(created._id)).name).toBe('alerts-out');
    expect((await c.analyst.notification.update(created._id, { enabled: false })).enabled).toBe(false);
    expect((await c.analyst.notification.list()).map((n) => n._id)).toContain(created._id);
    const { deliveries, total } = await c.analyst.notification.deliveries(created._id, { size: 10 });
    expect(deliveries).toEqual([]);
    expect(total).toBe(0);
    expect((await c.analyst.notification.replay(created._id)).replayed).toBe(0);
    await c.analyst.notification.delete(created._id);
    const gone = (await c.analyst.notification.get(created._id).catch((e: unknown) => e)) as PropolisApiError;
    expect(gone.status).toBe(404);
  });

  it('manages a webhook feeder, posts to it with its token, and lists its failures', async () => {
    const feeder = await c.admin.feeder.create({
      name: 'edr',
      kind: 'webhook',
      organisation: 'soc',
      token: TOKEN,
      mapping: '{"title": name, "sourceRef": $string(id), "type": "edr", "source": "edr"}',
    });
    expect(feeder.origin).toBe('api');
    expect((await c.admin.feeder.get('edr')).kind).toBe('webhook');
    expect((await c.admin.feeder.list()).map((f) => f.name)).toContain('edr');

    const event = { id: 1, name: 'Ransomware note' };
    const sent = await c.analyst.feeder.webhook('edr', TOKEN, event);
    expect(sent.created).toBe(1);
    expect((await c.analyst.alert.get(sent.alerts[0]!)).title).toBe('Ransomware note');
    // the same event again (a retry, say) is a duplicate, not a second alert
    expect(await c.analyst.feeder.webhook('edr', TOKEN, event)).toMatchObject({ created: 0, duplicates: 1 });
    const wrong = (await c.analyst.feeder
      .webhook('edr', 'bad-token', { id: 2 })
      .catch((e: unknown) => e)) as PropolisApiError;
    expect(wrong.status).toBe(401);

    // an event the mapping cannot turn into an alert: refused, and recorded among the failures
    const bad = (await c.analyst.feeder
      .webhook('edr', TOKEN, { id: 3 })
      .catch((e: unknown) => e)) as PropolisApiError;
    expect(bad.status).toBe(400);
    expect(bad.detail).toMatch(/title/);
    const failures = await c.admin.feeder.failures('edr', { limit: 5 });
    expect(failures).toHaveLength(1);
    expect(failures[0]!.reason).toMatch(/title/);

    expect((await c.admin.feeder.update('edr', { enabled: false })).enabled).toBe(false);
    await c.admin.feeder.delete('edr');
    expect(((await c.admin.feeder.get('edr').catch((e: unknown) => e)) as PropolisApiError).status).toBe(404);
  });

  it('lists workflows and dry-runs one', async () => {
    await c.analyst.alert.create({ type: 'edr', source: 'edr', sourceRef: 'W-1', title: 'wf' });
    const [rule] = await c.admin.workflow.list();
    expect(rule!.name).toBe('tag-edr');
    const dry = await c.admin.workflow.dryRun('tag-edr', 100);
    expect(dry.examined).toBeGreaterThan(0);
    expect(dry.matches.map((m) => m.event)).toContain('AlertCreated');
    expect(await c.analyst.alert.count({ filter: F.eq('sourceRef', 'W-1') })).toBe(1);
  });

  it('creates, replaces and deletes a workflow through the API, not the configuration file ones', async () => {
    const rule = {
      name: 'tag-api',
      organisation: 'soc',
      when: { event: 'AlertCreated', filter: { _field: 'source', _value: 'api' } },
      actions: [{ addTags: ['api-rule'] }],
    };
    expect((await c.analyst.workflow.create(rule).catch((e: PropolisApiError) => e)).status).toBe(403);
    const created = await c.admin.workflow.create(rule);
    expect(created).toMatchObject({ name: 'tag-api', origin: 'api', actions: ['add tags api-rule'] });
    await c.analyst.alert.create({ type: 'x', source: 'api', sourceRef: 'WF-API-1', title: 'api' });
    // the rule acts after the alert is committed
    const tagged = await eventually(async () => {
      const alert = await c.analyst.alert.get('x;api;WF-API-1');
      return alert.tags.includes('api-rule') ? alert : undefined;
    });
    expect(tagged.tags).toEqual(['api-rule']);
    const replaced = await c.admin.workflow.replace('tag-api', { ...rule, actions: [{ addTags: ['v2'] }] });
    expect(replaced.actions).toEqual(['add tags v2']);
    const fileRule = await c.admin.workflow.replace('tag-edr', { ...rule, name: 'tag-edr' }).catch((e) => e);
    expect((fileRule as PropolisApiError).status).toBe(400);
    await c.admin.workflow.delete('tag-api');
    expect((await c.admin.workflow.list()).map((w) => w.name)).toEqual(['tag-edr']);
  });
});
