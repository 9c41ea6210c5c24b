/**
 * The notification figure of the benchmark: an org-admin turns "AlertCreated → Webhook" on, alerts
 * are posted through the API (10 at a time), and a receiver in this process records when each
 * webhook arrives. Figures: events delivered per second (from the first alert posted to the last
 * webhook received) and the lag from the commit (the event's `startDate`, stamped inside the
 * writing transaction by the server, same clock) to the receiver.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface NotifyFigures {
  count: number;
  perSecond: number;
  lagP50: number;
  lagP95: number;
  /** Deliveries that took more than one attempt (a failed attempt waits its backoff: 1 s, 2 s, ...). */
  retried: number;
  /** The retried deliveries' last errors, the most frequent first, with their counts. */
  errors: string[];
}

type Call = (method: string, route: string, body?: unknown) => Promise<{ json: unknown }>;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;

export async function notificationScenario(options: {
  /** An org-admin of the organisation (creates the notification). */
  orgAdmin: Call;
  /** Posts the alerts. */
  analyst: Call;
  count: number;
  prefix: string;
}): Promise<NotifyFigures> {
  const lags: number[] = [];
  const seen = new Set<string>();
  let last = 0;
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const now = Date.now();
      try {
        const event = JSON.parse(Buffer.concat(chunks).toString()) as { objectId: string; startDate: number };
        if (!seen.has(event.objectId)) {
          seen.add(event.objectId);
          lags.push(now - event.startDate);
          last = now;
        }
      } catch {
        // not an event
      }
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  const made = (await options.orgAdmin('POST', '/api/v1/notification', {
    name: `bench ${options.prefix}`,
    trigger: { name: 'AlertCreated' },
    notifiers: [{ name: 'Webhook', url, version: 0 }],
  })) as { json: { _id: string } };
  try {
    const started = Date.now();
    let next = 0;
    const worker = async () => {
      while (next < options.count) {
        const i = next++;
        await options.analyst('POST', '/api/v1/alert', {
          type: 'bench-notify',
          source: 'bench',
          sourceRef: `${options.prefix}-${i}`,
          title: `Notification probe ${i}`,
          description: 'probe',
          // Before the data set's year, as the ingestion client's alerts: New alerts newer than the
          // data set would come first in the alert list (status New, newest first) of the scenarios
          // after this one, which would then walk past them to find its tag.
          date: Date.UTC(2023, 11, 31),
        });
      }
    };
    await Promise.all(Array.from({ length: 10 }, worker));
    const until = Date.now() + 120_000;
    while (seen.size < options.count && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    if (seen.size < options.count)
      throw new Error(`notifications: ${seen.size} of ${options.count} webhooks arrived within 120 s`);
    lags.sort((a, b) => a - b);
    const retries = await retriedDeliveries(options.orgAdmin, made.json._id);
    return {
      count: options.count,
      perSecond: Math.round((options.count / (last - started)) * 1000),
      lagP50: percentile(lags, 50),
      lagP95: percentile(lags, 95),
      ...retries,
    };
  } finally {
    await options.orgAdmin('DELETE', `/api/v1/notification/${made.json._id}`).catch(() => {});
    receiver.closeAllConnections();
    await new Promise((r) => receiver.close(() => r(undefined)));
  }
}

/**
 * What the delivery log says of the deliveries that needed more than one attempt: a lag of seconds
 * is nearly always a failed attempt waiting its backoff, and the log keeps why it failed.
 */
async function retriedDeliveries(
  call: Call,
  notificationId: string,
): Promise<{ retried: number; errors: string[] }> {
  const errors = new Map<string, number>();
  let retried = 0;
  for (let from = 0; ; from += 500) {
    const page = (await call(
      'GET',
      `/api/v1/notification/${notificationId}/delivery?status=delivered&from=${from}&size=500`,
    )) as { json: Array<{ attempts: number; lastError?: string }> };
    for (const d of page.json)
      if (d.attempts > 1) {
        retried++;
        const why = d.lastError ?? '(no error kept)';
        errors.set(why, (errors.get(why) ?? 0) + 1);
      }
    if (page.json.length < 500) break;
  }
  const frequent = [...errors].sort((a, b) => b[1] - a[1]).slice(0, 3);
  return { retried, errors: frequent.map(([why, n]) => `${n}× ${why}`) };
}
