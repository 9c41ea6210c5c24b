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

  it.skipIf(!onSqlite)(
    "SQLite: rows of other columns than their table's first row are written as they are",
    async () => {
      const thread = alertWriterOf(db())!;
      const now = Date.now();
      const observable = (data: string, extra: Record<string, unknown> = {}) => ({
        row: {
          organisation_id: soc.id,
          case_id: null,
          data_type: 'domain',
          data,
          data_key: `key-${data}`,
          tlp: 2,
          pap: 2,
          ignore_similarity: 0,
          tags: '[]',
          ioc: 0,
          sighted: 0,
          start_date: now,
          reports: '{}',
          created_at: now,
          created_by: 'test',
          ...extra,
        },
        tags: [`t-${data}`, `t-${data}`],
      });
      const graph = (
        ref: string,
        extra: Record<string, unknown>,
        datas: string[],
        odd?: string,
      ): NewAlertGraph => ({
        alert: {
          organisation_id: soc.id,
          type: 'siem',
          source: 'writer-shapes',
          source_ref: ref,
          title: ref,
          description: 'd',
          severity: 2,
          tlp: 2,
          pap: 2,
          tags: '[]',
          date: now,
          last_sync_date: now,
          flag: 0,
          status: 'New',
          stage: 'New',
          read: 0,
          follow: 1,
          observable_count: datas.length,
          created_at: now,
          created_by: 'test',
          ...extra,
        },
        alertTags: [ref],
        observables: datas.map((d) => observable(d, d === odd ? { message: 'odd one' } : {})),
        // the observables' audit rows in reverse order, then the alert's; one of them of other columns
        audit: [
          ...[...datas].reverse().map((d) => ({
            row: {
              request_id: 'r',
              organisation_id: soc.id,
              user_login: 'test',
              action: 'create',
              object_type: 'Observable',
              details: JSON.stringify({ data: d }),
              main_action: 0,
              ...(d === odd ? { acting_organisation_id: soc.id } : {}),
              created_at: 0,
            },
            observable: { dataType: 'domain', dataKey: `key-${d}` },
          })),
          {
            row: {
              request_id: 'r',
              organisation_id: soc.id,
              user_login: 'test',
              action: 'create',
              object_type: 'Alert',
              details: '{}',
              main_action: 1,
              created_at: 0,
            },
          },
        ],
      });
      const results = await thread.commitAll([
        graph('shape-1', {}, ['a1.example', 'a2.example']),
        graph(
          'shape-2',
          { external_link: 'https://x.example/2', summary: undefined },
          ['b1.example'],
          'b1.example',
        ),
        graph('shape-1', {}, ['c1.example']),
        graph('shape-3', {}, []),
      ]);
      expect(
        results.map((r) => ('value' in r ? r.value.source_ref : (r.error as { type: string }).type)),
      ).toEqual(['shape-1', 'shape-2', 'ConflictError', 'shape-3']);
      const ids = results.flatMap((r) => ('value' in r ? [r.value.id] : []));
      expect((results[1] as { value: { external_link: string } }).value.external_link).toBe(
        'https://x.example/2',
      );
      const observables = await db()
        .selectFrom('observable')
        .select(['id', 'alert_id', 'data', 'message'])
        .where('alert_id', 'in', ids)
        .orderBy('id')
        .execute();
      expect(observables.map((o) => [ids.indexOf(o.alert_id!), o.data, o.message])).toEqual([
        [0, 'a1.example', null],
        [0, 'a2.example', null],
        [1, 'b1.example', 'odd one'],
      ]);
      const idOf: Record<string, number> = Object.fromEntries(observables.map((o) => [o.data, o.id]));
      const tags = await db()
        .selectFrom('entity_tag')
        .select(['entity_type', 'entity_id', 'tag'])
        .where('tag', 'like', 't-%')
        .where('entity_id', 'in', Object.values(idOf))
        .orderBy('tag')
        .execute();
      expect(tags).toEqual(
        ['a1.example', 'a2.example', 'b1.example'].map((d) => ({
          entity_type: 'observable',
          entity_id: idOf[d],
          tag: `t-${d}`,
        })),
      );
      const audit = await db()
        .selectFrom('audit')
        .select([
          'object_type',
          'object_id',
          'root_id',
          'details',
          'main_action',
          'acting_organisation_id',
          'created_at',
        ])
        .where(
          'root_id',
          'in',
          ids.map((id) => `~${id}`),
        )
        .orderBy('id')
        .execute();
      const other = soc.id;
      expect(
        audit.map((a) => [
          a.object_type,
          a.object_id,
          a.root_id,
          a.details,
          a.main_action,
          a.acting_organisation_id,
        ]),
      ).toEqual([
        ['Observable', `~${idOf['a2.example']}`, `~${ids[0]}`, '{"data":"a2.example"}', 0, null],
        ['Observable', `~${idOf['a1.example']}`, `~${ids[0]}`, '{"data":"a1.example"}', 0, null],
        ['Alert', `~${ids[0]}`, `~${ids[0]}`, '{}', 1, null],
        ['Observable', `~${idOf['b1.example']}`, `~${ids[1]}`, '{"data":"b1.example"}', 0, other],
        ['Alert', `~${ids[1]}`, `~${ids[1]}`, '{}', 1, null],
        ['Alert', `~${ids[2]}`, `~${ids[2]}`, '{}', 1, null],
      ]);
      // the audit rows take the time of the commit, not the one they were given
      for (const a of audit) expect(a.created_at).toBeGreaterThanOrEqual(now);
    },
  );

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
