/**
 * New alerts written as data (SQLite: by the alert writer thread, db/alert-writer-thread.ts;
 * PostgreSQL: by one statement, repositories/new-alert-pg.ts) leave the same rows as an alert
 * written statement by statement on the server's own connection (one with a custom field takes that
 * path): alert, tags, observables, their tags, audit rows. On SQLite also: duplicates posted
 * concurrently give one alert, a batch the thread's connection refuses is rolled back whole, and the
 * alerts go on (on the writer connection) once the thread has stopped.
 */
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, type OrgFixture } from '../test-support/identity.js';
import { useTestServer } from '../test-support/server.js';
import { alertWriterOf } from './alert-writer-thread.js';
import type { NewAlertGraph } from './repositories/new-alert-graph.js';

const server = useTestServer();
let soc: OrgFixture;

beforeAll(async () => {
  soc = await createOrganisation(server, 'soc');
  const field = await server.admin.post('/api/v1/customField', {
    name: 'writer-ref',
    type: 'string',
    description: 'r',
  });
  expect(field.status, field.text).toBe(201);
}, 60_000);

const db = () => server.propolis.storage.db;
/** Known before the server starts (`it.skipIf`): the suite runs on PostgreSQL when DATABASE_URL is set. */
const onSqlite = !process.env.DATABASE_URL;

const alert = (ref: string, extra: Record<string, unknown> = {}) => ({
  type: 'siem',
  source: 'writer-test',
  sourceRef: ref,
  title: `Writer ${ref}`,
  description: 'same content either way',
  severity: 3,
  date: 1_700_000_000_000,
  lastSyncDate: 1_700_000_000_000,
  tags: ['writer', 'c:1'],
  observables: [
    { dataType: 'ip', data: '10.9.8.7', tags: ['o-tag'], ioc: true },
    { dataType: 'domain', data: 'writer.example', message: 'seen', tlp: 3 },
  ],
  ...extra,
});

async function post(ref: string, extra: Record<string, unknown> = {}) {
  return soc.analyst.post('/api/v1/alert', alert(ref, extra));
}

/** What was written for an alert, without what differs by nature (ids, its key, times). */
async function written(id: number) {
  const row = await db().selectFrom('alert').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const { id: _, source_ref, title, created_at, updated_at, last_sync_date, ...alertRow } = row;
  const observables = await db()
    .selectFrom('observable')
    .selectAll()
    .where('alert_id', '=', id)
    .orderBy('id')
    .execute();
  const observableIds = observables.map((o) => o.id);
  const tags = await db()
    .selectFrom('entity_tag')
    .select(['organisation_id', 'entity_type', 'entity_id', 'tag'])
    .where((eb) =>
      eb.or([
        eb.and([eb('entity_type', '=', 'alert'), eb('entity_id', '=', id)]),
        eb.and([eb('entity_type', '=', 'observable'), eb('entity_id', 'in', observableIds)]),
      ]),
    )
    .orderBy('entity_type')
    .orderBy('entity_id')
    .orderBy('tag')
    .execute();
  const audit = await db()
    .selectFrom('audit')
    .select(['id', 'action', 'object_type', 'object_id', 'root_id', 'details', 'main_action', 'user_login'])
    .where('root_id', '=', `~${id}`)
    .where('object_type', 'in', ['Alert', 'Observable'])
    .orderBy('id')
    .execute();
  // ids by their place: the alert is "alert", observables are "observable <n>" in their order
  const place = (entity: string, entityId: number) =>
    entity === 'alert' ? 'alert' : `observable ${observableIds.indexOf(entityId)}`;
  const placeOf = (type: string, formatted: string) => {
    const n = Number(formatted.slice(1));
    return type === 'Alert' && n === id ? 'alert' : `observable ${observableIds.indexOf(n)}`;
  };
  return {
    alert: { ...alertRow, title: title.replace(/ .*/, '') },
    observables: observables.map(({ id: _, alert_id, created_at, start_date, ...o }) => ({
      ...o,
      alert: alert_id === id,
    })),
    tags: tags.map((t) => ({ ...t, entity_id: place(t.entity_type, t.entity_id) })),
    audit: audit.map(({ id: _, details, object_id, root_id, ...a }) => {
      const d = JSON.parse(details) as Record<string, unknown>;
      delete d.sourceRef;
      delete d.title;
      delete d.startDate;
      delete d.customFields;
      return {
        ...a,
        object: placeOf(a.object_type, object_id),
        root: placeOf('Alert', root_id ?? ''),
        details: d,
      };
    }),
  };
}

describe('new alerts written as data', () => {
  it('leave the same rows as an alert written statement by statement', async () => {
    const asData = await post('data-1');
    expect(asData.status, asData.text).toBe(201);
    const oneByOne = await post('stepwise-1', { customFields: { 'writer-ref': { string: 'x' } } });
    expect(oneByOne.status, oneByOne.text).toBe(201);
    const a = await written(Number(String(asData.body._id).slice(1)));
    const b = await written(Number(String(oneByOne.body._id).slice(1)));
    expect(a.observables).toHaveLength(2);
    expect(a.tags).toHaveLength(3);
    expect(a.audit).toHaveLength(3);
    expect(a).toEqual(b);
    // and the answer is the same, but for what follows from the key, the custom field and the time
    const differing = ['_id', '_createdAt', 'sourceRef', 'title', 'customFields', 'newDate', 'timeToDetect'];
    const view = (body: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(body).filter(([k]) => !differing.includes(k)));
    expect(view(asData.body)).toEqual(view(oneByOne.body));
  });

  it('concurrent duplicates give one alert; the others are refused once it is committed', async () => {
    const results = await Promise.all(
      Array.from({ length: 24 }, (_, i) => post(i % 4 === 0 ? 'dup' : `many-${i}`)),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(19);
    const refused = results.filter((r) => r.status !== 201);
    expect(refused).toHaveLength(5);
    for (const r of refused) expect(r.body).toMatchObject({ type: 'ConflictError' });
    const rows = await db().selectFrom('alert').select('id').where('source_ref', '=', 'dup').execute();
    expect(rows).toHaveLength(1);
  });

  it.skipIf(!onSqlite)('SQLite: a batch the thread cannot write is rolled back whole', async () => {
    const thread = alertWriterOf(db())!;
    expect(thread).toBeDefined();
    const good = (ref: string): NewAlertGraph => ({
      alert: {
        organisation_id: soc.id,
        type: 'siem',
        source: 'writer-test',
        source_ref: ref,
        title: 'direct',
        description: 'd',
        severity: 2,
        tlp: 2,
        pap: 2,
        tags: '[]',
        date: Date.now(),
        last_sync_date: Date.now(),
        flag: 0,
        status: 'New',
        stage: 'New',
        read: 0,
        follow: 1,
        observable_count: 0,
        created_at: Date.now(),
        created_by: 'test',
      },
      alertTags: ['t'],
      observables: [],
      audit: [],
    });
    // a NOT NULL column left empty: the whole transaction is refused, the first alert with it
    const bad = good('direct-bad');
    (bad.alert as Record<string, unknown>).title = null;
    await expect(thread.commitAll([good('direct-1'), bad])).rejects.toThrow(/NOT NULL/);
    const none = await db()
      .selectFrom('alert')
      .select('id')
      .where('source_ref', 'like', 'direct-%')
      .execute();
    expect(none).toEqual([]);
    const [one] = await thread.commitAll([good('direct-2')]);
    expect(one).toMatchObject({ value: { source_ref: 'direct-2', title: 'direct' } });
    const [again] = await thread.commitAll([good('direct-2')]);
    expect(again).toMatchObject({ error: { type: 'ConflictError' } });
  });

  it.skipIf(!onSqlite)('SQLite: once the thread is stopped, alerts take the writer connection', async () => {
    await alertWriterOf(db())!.stop();
    expect(alertWriterOf(db())).toBeUndefined();
    const res = await post('after-stop');
    expect(res.status, res.text).toBe(201);
    const found = await sql<{
      n: number;
    }>`SELECT count(*) AS n FROM alert WHERE source_ref = 'after-stop'`.execute(db());
    expect(Number(found.rows[0]!.n)).toBe(1);
  });
});
