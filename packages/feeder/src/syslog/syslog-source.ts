/**
 * A syslog receiver: UDP datagrams (one message each) and TCP streams (RFC 6587: octet-counted
 * frames or one message per line), parsed, filtered by severity and mapped in batches. Syslog has
 * no replay: what is sent while the receiver is down is lost unless the sender queues it (rsyslog's
 * disk-assisted action queue does), so there is no cursor; a batch the platform could not store is
 * retried until it is, and messages beyond the bounded queue are counted as failures.
 */
import { createSocket, type Socket } from 'node:dgram';
import { createServer, type Server, type Socket as TcpSocket } from 'node:net';
import type { SyslogSettings } from '../feeder-definition.js';
import { errorMessage, type FeederRuntime, type FeedFailure, type Source, sleep } from '../runtime.js';
import type { SyslogMapper } from './syslog-mapping.js';
import { parseSyslog, type SyslogMessage } from './syslog-message.js';
import { TcpFramer } from './tcp-framing.js';

const FLUSH_MS = 300;
const BATCH = 500;
const QUEUE_LIMIT = 10_000;

export function syslogSource(settings: SyslogSettings, mapper: SyslogMapper): Source {
  return {
    async run(runtime: FeederRuntime) {
      const queue: SyslogMessage[] = [];
      let dropped = 0;
      const accept = (text: string, sender: string) => {
        const line = text.replace(/\r?\n$/, '');
        if (line.trim() === '') return;
        if (queue.length >= QUEUE_LIMIT) {
          dropped++;
          return;
        }
        const m = parseSyslog(line, sender);
        if (m.severity !== undefined && m.severity > settings.maxSeverity) return;
        queue.push(m);
      };
      const closers: Array<() => Promise<void>> = [];
      try {
        if (settings.protocol !== 'tcp') closers.push(await listenUdp(settings, accept));
        if (settings.protocol !== 'udp') closers.push(await listenTcp(settings, accept));
        runtime.log(
          'info',
          `listening for syslog on ${settings.host}:${settings.port} (${settings.protocol})`,
        );
        while (!runtime.signal.aborted) {
          await sleep(FLUSH_MS, runtime.signal);
          while (queue.length > 0 || dropped > 0) {
            const batch = queue.splice(0, BATCH);
            const failures: FeedFailure[] = [];
            if (dropped > 0) {
              failures.push({
                ref: 'queue',
                reason: `${dropped} messages dropped: more than ${QUEUE_LIMIT} waiting`,
              });
              dropped = 0;
            }
            const mapped = await mapper.map(batch);
            await deliverUntilStored(runtime, {
              drafts: mapped.drafts,
              failures: [...failures, ...mapped.failures],
              cursor: null,
              lag: queue.length,
            });
          }
        }
      } finally {
        for (const close of closers) await close();
      }
    },
  };
}

async function deliverUntilStored(runtime: FeederRuntime, batch: Parameters<FeederRuntime['deliver']>[0]) {
  for (let wait = 500; ; wait = Math.min(wait * 2, 30_000)) {
    try {
      await runtime.deliver(batch);
      return;
    } catch (error) {
      if (runtime.signal.aborted) throw error;
      runtime.log(
        'warn',
        `could not store ${batch.drafts.length} syslog alerts, retrying: ${errorMessage(error)}`,
      );
      await sleep(wait, runtime.signal);
    }
  }
}

function listenUdp(settings: SyslogSettings, accept: (text: string, sender: string) => void) {
  return new Promise<() => Promise<void>>((resolve, reject) => {
    const socket: Socket = createSocket(settings.host.includes(':') ? 'udp6' : 'udp4');
    socket.on('message', (data, rinfo) => {
      if (data.length <= settings.maxMessageBytes) accept(data.toString('utf8'), rinfo.address);
    });
    socket.once('error', reject);
    socket.bind(settings.port, settings.host, () => {
      socket.off('error', reject);
      socket.on('error', () => {});
      resolve(() => new Promise((done) => socket.close(() => done())));
    });
  });
}

function listenTcp(settings: SyslogSettings, accept: (text: string, sender: string) => void) {
  return new Promise<() => Promise<void>>((resolve, reject) => {
    const open = new Set<TcpSocket>();
    const server: Server = createServer((conn) => {
      open.add(conn);
      conn.on('close', () => open.delete(conn));
      const sender = conn.remoteAddress ?? 'unknown';
      const framer = new TcpFramer(settings.maxMessageBytes, (text) => accept(text, sender));
      conn.on('data', (chunk) => {
        if (!framer.push(chunk)) conn.destroy();
      });
      conn.on('end', () => framer.end());
      conn.on('error', () => conn.destroy());
    });
    server.once('error', reject);
    server.listen(settings.port, settings.host, () => {
      server.off('error', reject);
      resolve(
        () =>
          new Promise((done) => {
            server.close(() => done());
            for (const conn of open) conn.destroy();
          }),
      );
    });
  });
}
