/**
 * The Suricata feeder end to end: an eve.json written by the test (about 200 alert events over 60
 * flow/signature pairs, other event types, a truncated line), read by a real server, rotated while
 * the server is stopped, replayed after a simulated crash, and raced for by two nodes: each pair
 * becomes exactly one alert, the bad line one recorded failure.
 */
import { appendFileSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../test-support/http.js';
import { createOrganisation } from '../test-support/identity.js';
import type { TestServer } from '../test-support/server.js';
import { eventually, type SharedDatabase, sharedDatabase } from '../test-support/shared-database.js';

const PAIRS = 60;

/** Event `i` of 200 belongs to pair `i * 60 / 200`: pairs follow each other, 3 or 4 events each. */
function alertEvent(i: number): string {
  const pair = Math.floor((i * PAIRS) / 200);
  return JSON.stringify({
    timestamp: new Date(Date.UTC(2026, 11, 5, 8, 0, i)).toISOString(),
    flow_id: 1_000_000 + pair,
    in_iface: 'eth0',
    event_type: 'alert',
    src_ip: `10.0.${pair}.1`,
    src_port: 40000 + i,
    dest_ip: '203.0.113.7',
    dest_port: 80,
    proto: 'TCP',
    app_proto: 'http',
    alert: {
      action: 'allowed',
      gid: 1,
      signature_id: 2_000_000 + (pair % 7),
      rev: 1,
      signature: `ET TEST signature ${pair % 7}`,
      category: 'A Network Trojan was detected',
      severity: (pair % 3) + 1,
    },
    http: { hostname: `c2-${pair}.example.net`, url: `/gate.php?id=${pair}`, http_user_agent: 'curl/8.0' },
    fileinfo: pair === 5 ? { sha256: 'AB'.repeat(32) } : undefined,
  });
}

const otherEvent = (i: number) =>
  JSON.stringify({
    timestamp: '2026-12-05T08:00:00Z',
    event_type: 'flow',
    flow_id: 9_000_000 + i,
    src_ip: '10.9.9.9',
  });

let db: SharedDatabase;
let dir: string;
let eve: string;

beforeAll(async () => {
  db = await sharedDatabase();
  dir = mkdtempSync(path.join(tmpdir(), 'propolis-eve-'));
  eve = path.join(dir, 'eve.json');
});
afterAll(async () => {
  await db?.drop();
  rmSync(dir, { recursive: true, force: true });
});

const feeder = () => ({
  name: 'ids',
  kind: 'suricata',
  organisation: 'soc',
  path: eve,
  pollSeconds: 1,
  batchLines: 70,
  alert: { tags: ['sensor:lab'] },
});
const overrides = () => ({ feeders: [feeder()], feederRunner: { reconcileSeconds: 0.2, leaseSeconds: 3 } });

let analystKey: string;
const analyst = (node: { url: string }) => new HttpClient(node.url, { key: analystKey, organisation: 'soc' });

async function alertsOf(node: { url: string }) {
  const res = await analyst(node).post('/api/v1/query', {
    query: [
      { _name: 'listAlert' },
      { _name: 'filter', _field: 'source', _value: 'suricata' },
      { _name: 'page', from: 0, to: 1000 },
    ],
  });
  expect(res.status, res.text).toBe(200);
  return res.body as any[];
}

describe('Suricata feeder', () => {
  it('turns a rotating eve.json into one alert per flow and signature, across restarts, replays and nodes', async () => {
    // First start: the organisation does not exist yet; the file neither.
    let node = await db.start(overrides());
    const soc = await createOrganisation(node as unknown as TestServer, 'soc');
    analystKey = soc.analyst.auth.key!;

    // 120 alert events, 10 other events, and a line cut short by a crash of the writer.
    const first = Array.from({ length: 120 }, (_, i) => alertEvent(i));
    writeFileSync(
      eve,
      `${first.slice(0, 60).join('\n')}\n${otherEvent(1)}\n{"event_type":"alert","flow_id":12\n`,
    );
    appendFileSync(
      eve,
      `${first.slice(60).join('\n')}\n${Array.from({ length: 9 }, (_, i) => otherEvent(i + 2)).join('\n')}\n`,
    );
    const afterFirst = await eventually(async () => {
      const view = (await node.admin.get('/api/v1/feeder/ids')).body;
      return view.status.lag === 0 && view.status.created === 36 ? view : undefined;
    });
    expect(afterFirst.status).toMatchObject({ health: 'OK', failed: 1 });
    expect(afterFirst.status.runningOn).toBe(node.propolis.feeders.owner);
    const failures = (await node.admin.get('/api/v1/feeder/ids/failures')).body;
    expect(failures).toHaveLength(1);
    expect(failures[0].reason).toMatch(/^invalid JSON: /);

    // Stop mid-feed, rotate the file (the rest goes to a new eve.json) while the server is down.
    await node.close();
    appendFileSync(eve, `${Array.from({ length: 30 }, (_, i) => alertEvent(120 + i)).join('\n')}\n`);
    renameSync(eve, `${eve}.1`);
    writeFileSync(eve, `${Array.from({ length: 50 }, (_, i) => alertEvent(150 + i)).join('\n')}\n`);
    node = await db.start(overrides());
    // Nothing lost: the rest of the rotated file, then the new one.
    const counted = await eventually(async () => {
      const view = (await node.admin.get('/api/v1/feeder/ids')).body;
      if (view.status.lag !== 0 || view.status.created !== PAIRS) return undefined;
      return { alerts: await alertsOf(node), view };
    });
    expect(counted.alerts).toHaveLength(PAIRS);
    expect(new Set(counted.alerts.map((a: any) => a.sourceRef)).size).toBe(PAIRS);

    const one = counted.alerts.find((a: any) => a.sourceRef === `${1_000_005}-${2_000_005}`);
    expect(one).toMatchObject({ type: 'ids', title: 'ET TEST signature 5', severity: 1 });
    expect([...one.tags].sort()).toEqual([
      'category:A Network Trojan was detected',
      'sensor:lab',
      'suricata',
    ]);
    const observables = await analyst(node).post('/api/v1/query', {
      query: [{ _name: 'getAlert', idOrName: one._id }, { _name: 'observables' }],
    });
    expect(observables.body.map((o: any) => `${o.dataType}:${o.data}`).sort()).toEqual([
      'fqdn:c2-5.example.net',
      `hash:${'ab'.repeat(32)}`,
      'ip:10.0.5.1',
      'ip:203.0.113.7',
      'url:http://c2-5.example.net/gate.php?id=5',
      'user-agent:curl/8.0',
    ]);

    // A crash after the alerts were stored but before the cursor was: the batch is read again.
    await node.close();
    await (async () => {
      const raw = await db.start({ ...overrides(), feederRunner: { enabled: false } });
      await raw.propolis.deps.db
        .updateTable('feeder')
        .set({ cursor: JSON.stringify({ ino: statSync(eve).ino, offset: 0 }), lease_owner: null })
        .execute();
      await raw.close();
    })();
    const a = await db.start(overrides());
    const b = await db.start(overrides());
    try {
      const replayed = await eventually(async () => {
        const view = (await a.admin.get('/api/v1/feeder/ids')).body;
        // The new file holds the events of the last 15 pairs: all of them come back as duplicates.
        return view.status.duplicates >= counted.view.status.duplicates + 15 ? view : undefined;
      });
      expect(replayed.status.created).toBe(PAIRS);
      expect(await alertsOf(a)).toHaveLength(PAIRS);
      // One node runs the feeder; the other waits for the lease.
      const running = [a.propolis.feeders.runningFeeders(), b.propolis.feeders.runningFeeders()];
      expect(running.flat()).toEqual(['ids']);
      // The runner stops: the other node takes over within the lease.
      const [holder, other] = running[0]!.length === 1 ? [a, b] : [b, a];
      await holder.close();
      await eventually(async () =>
        other.propolis.feeders.runningFeeders().includes('ids') ? true : undefined,
      );
    } finally {
      await a.close().catch(() => {});
      await b.close().catch(() => {});
    }
  }, 90_000);
});
