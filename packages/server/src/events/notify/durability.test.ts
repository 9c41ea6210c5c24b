/**
 * Durability with real server processes (the bundled `propolis serve`): killed with SIGKILL in the
 * middle of deliveries, then started again on the same data, every event still reaches the receiver
 * (at least once: only deliveries under way at the kill may come twice); and, on PostgreSQL, two
 * nodes on one database deliver every event once, never twice.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { caller, haveBundle, type ServerProcess, spawnServer } from '../../test-support/process.js';
import { type HttpReceiver, startHttpReceiver, waitUntil } from '../../test-support/receivers.js';
import { createPgDatabase } from '../../test-support/server.js';

const PASSWORD = 'durable-admin-1';
const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
});

async function storage(): Promise<{ dataDir: string; databaseUrl?: string }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'propolis-durable-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  if (!process.env.DATABASE_URL) return { dataDir };
  const db = await createPgDatabase(process.env.DATABASE_URL);
  cleanups.push(db.drop);
  return { dataDir, databaseUrl: db.url };
}

const config = (receiver: HttpReceiver) => ({
  notification: {
    webhook: {
      endpoints: [{ name: 'receiver', url: `${receiver.url}/hook`, version: 0, auth: { type: 'none' } }],
    },
    // well above the receiver's delay below, so that a loaded machine does not time deliveries out
    // (a timed-out delivery is sent again: a duplicate this test would count)
    timeoutSeconds: 2,
    perNotifierConcurrency: 4,
    retryInitialSeconds: 0.1,
    retryMaxSeconds: 0.5,
  },
});

/** An organisation whose AlertCreated events go to the endpoint, and a caller in it. */
async function setUp(node: ServerProcess, org: string) {
  const admin = caller(node.url, 'admin@thehive.local', PASSWORD);
  expect((await admin('POST', '/api/v1/organisation', { name: org, description: org })).status).toBe(201);
  const login = `boss@${org}.test`;
  const user = { login, name: 'Boss', profile: 'org-admin', organisation: org, password: 'boss-password-1' };
  expect((await admin('POST', '/api/v1/user', user)).status).toBe(201);
  const boss = caller(node.url, login, 'boss-password-1', org);
  const put = await boss('PUT', '/api/config/organisation/notification', {
    value: [
      {
        delegate: false,
        trigger: { name: 'AlertCreated' },
        notifier: { name: 'webhook', endpoint: 'receiver' },
      },
    ],
  });
  expect(put.status).toBe(200);
  return { login, password: 'boss-password-1' };
}

async function postAlerts(call: ReturnType<typeof caller>, prefix: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const res = await call('POST', '/api/v1/alert', {
      type: 'durable',
      source: prefix,
      sourceRef: `${prefix}-${i}`,
      title: `${prefix} ${i}`,
      description: 'd',
    });
    expect(res.status).toBe(201);
    ids.push(res.body._id);
  }
  return ids;
}

const idsAt = (r: HttpReceiver) =>
  r.received.filter((x) => x.path === '/hook').map((x) => x.json.objectId as string);

describe.skipIf(!haveBundle())('durable delivery with real processes', () => {
  it('kill -9 during deliveries, then restart: every event arrives', async () => {
    const receiver = await startHttpReceiver();
    cleanups.push(() => receiver.close());
    // slow enough that the kill finds deliveries under way: 40 deliveries four at a time take 5 s
    // after the alerts are in, while posting them (four callers at once) takes well under that
    receiver.delayMs = 500;
    const where = await storage();
    let node = await spawnServer({ ...where, adminPassword: PASSWORD, config: config(receiver) });
    cleanups.push(() => node.stop());
    const boss = await setUp(node, 'durable');
    const call = caller(node.url, boss.login, boss.password, 'durable');
    const ids = (await Promise.all([0, 1, 2, 3].map((n) => postAlerts(call, `kill-${n}`, 10)))).flat();
    await waitUntil(
      () => receiver.received.length >= 5,
      20_000,
      () => `${receiver.received.length} received`,
    );
    await node.kill9();
    const beforeRestart = idsAt(receiver).length;
    expect(beforeRestart).toBeLessThan(40);
    receiver.delayMs = 0;
    node = await spawnServer({ ...where, adminPassword: PASSWORD, config: config(receiver) });
    cleanups.push(() => node.stop());
    // deliveries left `sending` by the killed process are claimed again once their lease (timeout + 5 s) ends
    await waitUntil(
      () => new Set(idsAt(receiver)).size >= 40,
      60_000,
      () => `${new Set(idsAt(receiver)).size}/40 distinct events received`,
    );
    expect(new Set(idsAt(receiver))).toEqual(new Set(ids));
    // at least once: only what was under way at the kill (at most perNotifierConcurrency, 4) may come twice
    expect(idsAt(receiver).length - 40).toBeLessThanOrEqual(4);
    await node.stop();
  }, 150_000);

  it.skipIf(!process.env.DATABASE_URL)(
    'two nodes on one PostgreSQL database: every event delivered once, by one of them',
    async () => {
      const receiver = await startHttpReceiver();
      cleanups.push(() => receiver.close());
      const where = await storage();
      const a = await spawnServer({ ...where, adminPassword: PASSWORD, config: config(receiver) });
      cleanups.push(() => a.stop());
      const b = await spawnServer({ ...where, adminPassword: PASSWORD, config: config(receiver) });
      cleanups.push(() => b.stop());
      const boss = await setUp(a, 'twonodes');
      // alerts arrive through both nodes; each node's deliverer claims from the same queue. The
      // receiver is slow enough (4 at a time per node: about 13 a second) that one node cannot keep
      // up with the posts alone, so deliveries wait in the queue until the other node's next poll
      // (every 500 ms) claims its share, however fast or loaded the machine
      receiver.delayMs = 300;
      const [viaA, viaB] = await Promise.all([
        postAlerts(caller(a.url, boss.login, boss.password, 'twonodes'), 'a', 60),
        postAlerts(caller(b.url, boss.login, boss.password, 'twonodes'), 'b', 60),
      ]);
      await waitUntil(
        () => idsAt(receiver).length >= 120,
        40_000,
        () => `${idsAt(receiver).length}/120`,
      );
      await new Promise((r) => setTimeout(r, 1000));
      const got = idsAt(receiver);
      expect(got).toHaveLength(120);
      expect(new Set(got)).toEqual(new Set([...viaA!, ...viaB!]));
      // both nodes took part in delivering
      const delivered = async (node: ServerProcess) => {
        const text = await (await fetch(`${node.url}/metrics`)).text();
        return [
          ...text.matchAll(/propolis_notification_deliveries_total\{[^}]*result="delivered"\} (\d+)/g),
        ].reduce((sum, m) => sum + Number(m[1]), 0);
      };
      const [byA, byB] = [await delivered(a), await delivered(b)];
      expect(byA + byB).toBe(120);
      expect(byA).toBeGreaterThan(0);
      expect(byB).toBeGreaterThan(0);
      await Promise.all([a.stop(), b.stop()]);
    },
    90_000,
  );
});
