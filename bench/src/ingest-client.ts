/**
 * The load generator, run as its own process by the harness: autocannon posts alerts with unique
 * sourceRefs and 5 observables over N keep-alive connections, then prints one JSON line of figures.
 *
 *   node bench/dist/ingest-client.js --url http://127.0.0.1:9000 --path /api/v1/alert --key KEY
 *     [--connections 50] [--duration 10] [--prefix run1] [--observables 5]
 *     [--amount N]   post N alerts, then stop (a burst), instead of a duration
 *     [--repeat]     every alert is posted twice in a row (same sourceRef, often both in flight at
 *                    once): exactly one of each pair must be accepted, the other refused as a duplicate
 */
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { Rng, Zipf } from './random.js';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    path: { type: 'string', default: '/api/v1/alert' },
    key: { type: 'string', default: '' },
    connections: { type: 'string', default: '50' },
    duration: { type: 'string', default: '10' },
    prefix: { type: 'string', default: `ingest-${Date.now()}` },
    observables: { type: 'string', default: '5' },
    amount: { type: 'string' },
    repeat: { type: 'boolean', default: false },
  },
});

const rng = new Rng(7);
const ips = new Zipf(20_000, 1.05);
const domains = new Zipf(10_000, 1.05);
const nObservables = Number(values.observables);
let counter = 0;

function body(): string {
  const n = values.repeat ? counter++ >> 1 : counter++;
  const observables = [];
  for (let i = 0; i < nObservables; i++) {
    if (i % 2 === 0) {
      const r = ips.sample(rng) + i * 20_000;
      observables.push({
        dataType: 'ip',
        data: `172.${16 + (r >> 16)}.${(r >> 8) & 255}.${r & 255}`,
        ioc: i === 0,
      });
    } else {
      observables.push({ dataType: 'domain', data: `host-${domains.sample(rng)}-${i}.example.net` });
    }
  }
  return JSON.stringify({
    type: 'siem',
    source: 'bench-ingest',
    sourceRef: `${values.prefix}-${n}`,
    title: `Suspicious beaconing on WS-${n % 5000}`,
    description: 'Periodic outbound connections to a rare domain, every 60 s for 3 hours.',
    severity: 1 + (n % 4),
    // Before the data set's year: posted alerts never come first in the list scenario of a later
    // run on the same data set (--reuse).
    date: Date.UTC(2023, 11, 31),
    tags: ['bench', `customer:c${n % 20}`],
    observables,
  });
}

const headers: Record<string, string> = { 'content-type': 'application/json' };
if (values.key) headers.authorization = `Bearer ${values.key}`;

const result = await autocannon({
  url: values.url!,
  connections: Number(values.connections),
  ...(values.amount ? { amount: Number(values.amount) } : { duration: Number(values.duration) }),
  requests: [
    {
      method: 'POST',
      path: values.path,
      headers,
      setupRequest: (request) => ({ ...request, body: body() }),
    },
  ],
});

const ok = result['2xx'];
process.stdout.write(
  `${JSON.stringify({
    ok,
    sent: counter,
    perSecond: ok / result.duration,
    duration: result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  })}\n`,
);
