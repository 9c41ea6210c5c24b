/**
 * The syslog feeder over real sockets: defined through the admin API, fed over UDP and TCP
 * (octet-counted and line-ended frames) in RFC 5424, RFC 3164 and CEF; messages below the severity
 * threshold are skipped, a message sent twice makes one alert, a JSONata mapping can filter and
 * shape, and a mapping that does not compile is refused with the field named.
 */
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../test-support/free-port.js';
import { createOrganisation, type OrgFixture } from '../test-support/identity.js';
import { useTestServer } from '../test-support/server.js';

const server = useTestServer({ feederRunner: { reconcileSeconds: 0.2 } });
let org: OrgFixture;
let port: number;

function sendUdp(message: string) {
  const socket = createSocket('udp4');
  return new Promise<void>((resolve, reject) =>
    socket.send(message, port, '127.0.0.1', (error) => {
      socket.close();
      if (error) reject(error);
      else resolve();
    }),
  );
}

function sendTcp(payload: string, to = port) {
  return new Promise<void>((resolve, reject) => {
    const conn = connect(to, '127.0.0.1', () => conn.end(payload));
    conn.on('close', () => resolve());
    conn.on('error', reject);
  });
}

async function alertsOf(source: string) {
  const res = await org.analyst.post('/api/v1/query', {
    query: [
      { _name: 'listAlert' },
      { _name: 'filter', _eq: { _field: 'source', _value: source } },
      { _name: 'sort', _fields: [{ title: 'asc' }] },
    ],
  });
  return res.body as Array<Record<string, any>>;
}

async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  const end = Date.now() + 15_000;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** Waits until the feeder accepts TCP connections (its UDP socket is bound before). */
async function listening(to: number) {
  const end = Date.now() + 15_000;
  while (Date.now() < end) {
    const up = await new Promise<boolean>((resolve) => {
      const conn = connect(to, '127.0.0.1', () => {
        conn.destroy();
        resolve(true);
      });
      conn.on('error', () => resolve(false));
    });
    if (up) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listens on ${to}`);
}

beforeAll(async () => {
  org = await createOrganisation(server, 'netops');
  port = await freePort();
});

describe('syslog feeder', () => {
  it('turns UDP and TCP messages of every format into alerts, once each, above the threshold', async () => {
    const created = await server.admin.post('/api/v1/feeder', {
      name: 'lab-syslog',
      kind: 'syslog',
      organisation: 'netops',
      protocol: 'both',
      port,
      maxSeverity: 4,
      alert: { tags: ['site:lab'] },
    });
    expect(created.status).toBe(201);
    await listening(port);
    const auth =
      '<34>1 2026-12-05T10:14:15.003Z fw01 sshd 4242 AUTHFAIL - Failed password for root from 203.0.113.5';
    await sendUdp(auth);
    await sendUdp(auth); // the same message again: one alert
    await sendUdp('<14>1 2026-12-05T10:14:16Z fw01 cron - - - routine job done'); // info: skipped
    const bsd = '<11>Dec  5 10:20:00 web02 nginx[77]: upstream hxxp://c2[.]example[.]net/gate unreachable';
    const cef =
      '<12>Dec  5 10:21:00 ips01 CEF:0|Acme|IPS|2.1|100|Worm blocked|9|src=10.1.1.1 dst=203.0.113.9';
    await sendTcp(`${Buffer.byteLength(bsd)} ${bsd}${cef}\n`);
    const alerts = await eventually(
      () => alertsOf('lab-syslog'),
      (a) => a.length >= 3,
    );
    expect(alerts.map((a) => a.title)).toEqual(
      [
        'nginx on web02: upstream hxxp://c2[.]example[.]net/gate unreachable',
        'sshd on fw01: Failed password for root from 203.0.113.5',
        expect.stringContaining('Worm blocked'),
      ].sort(),
    );
    const sshd = alerts.find((a) => a.title.startsWith('sshd'))!;
    expect(sshd).toMatchObject({ type: 'syslog', severity: 3, date: Date.parse('2026-12-05T10:14:15.003Z') });
    expect([...sshd.tags].sort()).toEqual(['site:lab', 'sshd', 'syslog:auth', 'syslog:crit']);
    const observables = await org.analyst.post('/api/v1/query', {
      query: [{ _name: 'getAlert', idOrName: sshd._id }, { _name: 'observables' }],
    });
    expect(observables.body.map((o: any) => `${o.dataType}:${o.data}`).sort()).toEqual([
      'hostname:fw01',
      'ip:203.0.113.5',
    ]);
    await new Promise((r) => setTimeout(r, 800));
    expect(await alertsOf('lab-syslog')).toHaveLength(3);
    const status = await server.admin.get('/api/v1/feeder/lab-syslog');
    expect(status.body.status).toMatchObject({ created: 3, duplicates: 1 });
  });

  it('maps with JSONata when given a mapping, which may skip messages', async () => {
    const other = await freePort();
    const mapping = `appName = "sudo" ? {
      "title": "sudo by " & $substringBefore($substringAfter(message, "user="), " "),
      "sourceRef": procId,
      "severity": 2,
      "observables": [{"dataType": "hostname", "data": host}]
    }`;
    const bad = await server.admin.post('/api/v1/feeder', {
      name: 'sudo-log',
      kind: 'syslog',
      organisation: 'netops',
      protocol: 'tcp',
      port: other,
      mapping: '{ "title": ',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/^feeder\.mapping: the mapping is not valid JSONata/);
    const created = await server.admin.post('/api/v1/feeder', {
      name: 'sudo-log',
      kind: 'syslog',
      organisation: 'netops',
      protocol: 'tcp',
      port: other,
      maxSeverity: 7,
      mapping,
    });
    expect(created.status).toBe(201);
    await listening(other);
    await sendTcp(
      '<86>1 2026-12-05T11:00:00Z bastion sudo 901 - - user=alice command=/bin/sh\n' +
        '<86>1 2026-12-05T11:00:01Z bastion sshd 902 - - session opened\n',
      other,
    );
    const alerts = await eventually(
      () => alertsOf('sudo-log'),
      (a) => a.length >= 1,
    );
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      title: 'sudo by alice',
      sourceRef: '901',
      severity: 2,
      type: 'syslog',
    });
  });
});
