/**
 * Server-Sent Events on a real server: the caller's organisation's events as they commit, rows about
 * users only for those who manage users, heartbeats, and resuming with Last-Event-ID after a
 * dropped connection (what was missed, then live, none twice).
 */
import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { useOrganisation } from '../../test-support/identity.js';
import { waitUntil } from '../../test-support/receivers.js';
import { useTestServer } from '../../test-support/server.js';

const server = useTestServer({ events: { heartbeatSeconds: 0.2 } });
const org = useOrganisation(server, 'sse');
const other = useOrganisation(server, 'sse-other');

interface SseEvent {
  id?: string;
  data?: any;
}

/** An EventSource-like reader (node:http, so that closing really drops the connection). */
async function listen(path: string, headers: Record<string, string>) {
  const events: SseEvent[] = [];
  const comments: string[] = [];
  let buffer = '';
  const request = http.get(`${server.url}${path}`, { headers, agent: false });
  const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
    request.on('response', resolve);
    request.on('error', reject);
  });
  response.setEncoding('utf8');
  response.on('data', (chunk: string) => {
    buffer += chunk;
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event: SseEvent = {};
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) comments.push(line);
        else if (line.startsWith('id: ')) event.id = line.slice(4);
        else if (line.startsWith('data: ')) event.data = JSON.parse(line.slice(6));
      }
      if (event.data) events.push(event);
      end = buffer.indexOf('\n\n');
    }
  });
  response.on('error', () => {});
  return {
    status: response.statusCode,
    contentType: response.headers['content-type'],
    events,
    comments,
    close: async () => {
      request.destroy();
      await new Promise((r) => setTimeout(r, 20));
    },
  };
}

const keyOf = (c: typeof org.analyst) => ({
  authorization: `Bearer ${c.auth.key}`,
  'x-organisation': c.auth.organisation!,
});

describe('GET /api/v1/events', () => {
  it("streams the organisation's events, not another organisation's, with heartbeats", async () => {
    const stream = await listen('/api/v1/events', keyOf(org.analyst));
    expect(stream.status).toBe(200);
    expect(stream.contentType).toMatch(/text\/event-stream/);
    try {
      await other.analyst.post('/api/v1/case', { title: 'not for you', description: 'd' });
      const kase = await org.analyst.post('/api/v1/case', { title: 'Live one', description: 'd' });
      const task = await org.orgAdmin.post(`/api/v1/case/${kase.body._id}/task`, { title: 'colleague task' });
      await waitUntil(
        () => stream.events.some((e) => e.data.objectType === 'Task'),
        5000,
        () => JSON.stringify(stream.events),
      );
      const seen = stream.events.map((e) => e.data);
      expect(seen.every((d) => d.organisation === 'sse')).toBe(true);
      expect(seen.find((d) => d.objectType === 'Task')).toMatchObject({
        _type: 'Audit',
        action: 'create',
        objectId: task.body._id,
        rootId: kase.body._id,
        _createdBy: org.logins.orgAdmin,
      });
      expect(stream.events.every((e) => /^\d+$/.test(e.id!))).toBe(true);
      await waitUntil(
        () => stream.comments.some((c) => c.startsWith(': heartbeat')),
        3000,
        () => 'heartbeat',
      );
    } finally {
      await stream.close();
    }
  });

  it('shows rows about users only to those who manage users', async () => {
    const admin = await listen('/api/v1/events', keyOf(org.orgAdmin));
    const reader = await listen('/api/v1/events', keyOf(org.readOnly));
    try {
      const made = await org.orgAdmin.post('/api/v1/user', {
        login: 'newbie@sse.test',
        name: 'Newbie',
        profile: 'analyst',
        organisation: 'sse',
      });
      expect(made.status).toBe(201);
      await org.analyst.post('/api/v1/case', { title: 'after the user', description: 'd' });
      await waitUntil(
        () =>
          reader.events.some((e) => e.data.objectType === 'Case') &&
          admin.events.some((e) => e.data.objectType === 'Case'),
        5000,
        () => 'case',
      );
      expect(admin.events.some((e) => e.data.objectType === 'User')).toBe(true);
      expect(reader.events.some((e) => e.data.objectType === 'User')).toBe(false);
    } finally {
      await admin.close();
      await reader.close();
    }
  });

  it('resumes after a dropped connection with Last-Event-ID: what was missed, then live, none twice', async () => {
    const first = await listen('/api/v1/events', keyOf(org.analyst));
    await org.analyst.post('/api/v1/case', { title: 'before the drop', description: 'd' });
    await waitUntil(
      () => first.events.length > 0,
      5000,
      () => 'first event',
    );
    const last = first.events[first.events.length - 1]!.id!;
    await first.close();
    const missed: string[] = [];
    for (let i = 0; i < 3; i++)
      missed.push(
        (await org.analyst.post('/api/v1/case', { title: `missed ${i}`, description: 'd' })).body._id,
      );
    const again = await listen('/api/v1/events', { ...keyOf(org.analyst), 'last-event-id': last });
    try {
      const live = await org.analyst.post('/api/v1/case', { title: 'live after resume', description: 'd' });
      await waitUntil(
        () => again.events.some((e) => e.data.objectId === live.body._id && e.data.objectType === 'Case'),
        5000,
        () => JSON.stringify(again.events.map((e) => e.data.details)),
      );
      const cases = again.events.filter((e) => e.data.objectType === 'Case').map((e) => e.data.objectId);
      expect(cases).toEqual([...missed, live.body._id]);
      const ids = again.events.map((e) => Number(e.id));
      expect(new Set(ids).size).toBe(ids.length);
      expect(Math.min(...ids)).toBeGreaterThan(Number(last));
    } finally {
      await again.close();
    }
  });

  it("replays a shared case's missed events with Last-Event-ID, and nothing of the owner's other cases", async () => {
    expect((await server.admin.put('/api/v1/organisation/sse/link/sse-other', {})).status).toBe(204);
    const shared = (await org.analyst.post('/api/v1/case', { title: 'shared sse', description: 'd' })).body;
    const res = await org.analyst.post(`/api/v1/case/${shared._id}/shares`, {
      shares: [{ organisation: 'sse-other', profile: 'read-only' }],
    });
    expect(res.status, res.text).toBeLessThan(300);
    // the partner's own write gives it an event id to resume from
    const first = await listen('/api/v1/events', keyOf(other.analyst));
    const mine = (await other.analyst.post('/api/v1/case', { title: 'partner own', description: 'd' })).body;
    await waitUntil(
      () => first.events.some((e) => e.data.objectId === mine._id),
      5000,
      () => 'own event',
    );
    const last = first.events[first.events.length - 1]!.id!;
    await first.close();
    expect((await org.analyst.patch(`/api/v1/case/${shared._id}`, { summary: 'missed sse' })).status).toBe(
      204,
    );
    const hidden = (await org.analyst.post('/api/v1/case', { title: 'not shared sse', description: 'd' }))
      .body;
    const again = await listen('/api/v1/events', { ...keyOf(other.analyst), 'last-event-id': last });
    try {
      await waitUntil(
        () =>
          again.events.some((e) => e.data.objectId === shared._id && e.data.details.summary === 'missed sse'),
        5000,
        () => JSON.stringify(again.events.map((e) => e.data)),
      );
      expect(again.events.some((e) => e.data.objectId === hidden._id)).toBe(false);
    } finally {
      await again.close();
    }
  });

  it('refuses a bad Last-Event-ID and anonymous callers', async () => {
    const bad = await fetch(`${server.url}/api/v1/events`, {
      headers: { ...keyOf(org.analyst), 'last-event-id': 'yesterday' },
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/Last-Event-ID/);
    const anonymous = await fetch(`${server.url}/api/v1/events`);
    expect(anonymous.status).toBe(401);
    await anonymous.text();
  });
});
