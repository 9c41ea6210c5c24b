/**
 * A posted alert's rows: on PostgreSQL written by one statement (new-alert-pg.ts), on SQLite by the
 * portable path. Both must leave the same rows: the alert, its tags, its observables and theirs,
 * and the audit rows in order (the alert's first, as the main action), each naming its object.
 */
import { type InputAlert, Severity } from '@propolis/client';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { alertBody } from '../../test-support/factories.js';
import { useOrganisation } from '../../test-support/identity.js';
import { useTestServer } from '../../test-support/server.js';
import { eventually } from '../../test-support/shared-database.js';
import type { NewAlertGraph } from './new-alert-graph.js';
import { insertNewAlertGraphs } from './new-alert-pg.js';

/** Known before the server starts (`it.skipIf`): the suite runs on PostgreSQL when DATABASE_URL is set. */
const onPostgres = Boolean(process.env.DATABASE_URL);

describe('a new alert with its observables', () => {
  const server = useTestServer();
  const soc = useOrganisation(server, 'new-alert-soc');

  it('writes the alert, its tags, its observables, their tags and the audit rows in order', async () => {
    const body = alertBody({
      severity: Severity.High,
      tags: ['phishing', 'mail', 'phishing'],
      observables: [
        { dataType: 'ip', data: '198.51.100.23', ioc: true },
        {
          dataType: 'domain',
          data: ['one.example', 'two.example'],
          tags: ['c2', 'c2', 'infra'],
          message: 'seen',
        },
        { dataType: 'mail', data: 'x@one.example', sighted: true, ignoreSimilarity: true },
      ],
    });
    const created = await soc.analyst.alert.create(body as InputAlert);
    const alertId = Number(created._id.slice(1));
    const db = server.propolis.storage.db;

    const observables = await db
      .selectFrom('observable')
      .selectAll()
      .where('alert_id', '=', alertId)
      .orderBy('id')
      .execute();
    expect(
      observables.map((o) => [o.data_type, o.data, o.ioc, o.sighted, o.ignore_similarity, o.message]),
    ).toEqual([
      ['ip', '198.51.100.23', 1, 0, 0, null],
      ['domain', 'one.example', 0, 0, 0, 'seen'],
      ['domain', 'two.example', 0, 0, 0, 'seen'],
      ['mail', 'x@one.example', 0, 1, 1, null],
    ]);
    for (const o of observables) {
      expect(o.organisation_id).toBe(soc.id);
      expect(o.case_id).toBeNull();
      expect(o.data_key).toMatch(/^[0-9a-f]{64}$/);
      expect(o.created_by).toBe(soc.logins.analyst);
    }
    expect(observables[3]!.sighted_at).toBe(observables[3]!.start_date);
    expect(created.observableCount).toBe(4);

    const tags = await db
      .selectFrom('entity_tag')
      .select(['entity_type', 'entity_id', 'tag', 'organisation_id'])
      .where((eb) =>
        eb.or([
          eb.and([eb('entity_type', '=', 'alert'), eb('entity_id', '=', alertId)]),
          eb.and([
            eb('entity_type', '=', 'observable'),
            eb(
              'entity_id',
              'in',
              observables.map((o) => o.id),
            ),
          ]),
        ]),
      )
      .orderBy('entity_type')
      .orderBy('entity_id')
      .orderBy('tag')
      .execute();
    expect(tags).toEqual([
      { entity_type: 'alert', entity_id: alertId, tag: 'mail', organisation_id: soc.id },
      { entity_type: 'alert', entity_id: alertId, tag: 'phishing', organisation_id: soc.id },
      { entity_type: 'observable', entity_id: observables[1]!.id, tag: 'c2', organisation_id: soc.id },
      { entity_type: 'observable', entity_id: observables[1]!.id, tag: 'infra', organisation_id: soc.id },
      { entity_type: 'observable', entity_id: observables[2]!.id, tag: 'c2', organisation_id: soc.id },
      { entity_type: 'observable', entity_id: observables[2]!.id, tag: 'infra', organisation_id: soc.id },
    ]);

    const audit = await db
      .selectFrom('audit')
      .selectAll()
      .where('root_id', '=', created._id)
      .where('object_type', 'in', ['Alert', 'Observable'])
      .orderBy('id')
      .execute();
    expect(audit.map((a) => [a.object_type, a.object_id, a.main_action, a.action])).toEqual([
      ['Alert', created._id, 1, 'create'],
      ...observables.map((o) => ['Observable', `~${o.id}`, 0, 'create']),
    ]);
    expect(new Set(audit.map((a) => a.request_id)).size).toBe(1);
    for (const a of audit) {
      expect(a.organisation_id).toBe(soc.id);
      expect(a.user_login).toBe(soc.logins.analyst);
    }
    expect(JSON.parse(audit[0]!.details)).toMatchObject({
      type: 'siem',
      source: 'test',
      sourceRef: body.sourceRef,
      severity: 3,
      tags: ['phishing', 'mail'],
      status: 'New',
    });
    expect(JSON.parse(audit[2]!.details)).toMatchObject({
      dataType: 'domain',
      data: 'one.example',
      tags: ['c2', 'infra'],
      message: 'seen',
      startDate: observables[1]!.start_date,
    });
  });

  it('writes nothing for a duplicate, and the others of a concurrent burst all succeed', async () => {
    const first = alertBody({ observables: [{ dataType: 'ip', data: '198.51.100.24' }] });
    await soc.analyst.alert.create(first as InputAlert);
    const db = server.propolis.storage.db;
    const count = async () =>
      Number(
        (
          await db
            .selectFrom('audit')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const bodies = Array.from({ length: 12 }, (_, i) =>
      i === 5 ? first : alertBody({ observables: [{ dataType: 'ip', data: `198.51.100.${100 + i}` }] }),
    );
    const answers = await Promise.all(
      bodies.map((b) => soc.analyst.post('/api/v1/alert', b).then((r) => r.status)),
    );
    expect(answers.filter((s) => s === 201)).toHaveLength(11);
    expect(answers[5]).toBe(400);
    // 11 alerts with one observable each: two audit rows per alert, none for the duplicate
    expect((await count()) - before).toBe(22);
  });

  it('gives each alert of a concurrent burst its own observables, tags and audit rows', async () => {
    const db = server.propolis.storage.db;
    // 16 alerts posted at once (on PostgreSQL written together, in one statement per batch); the
    // fifth is posted twice, so exactly one of those two is accepted
    const bodies = Array.from({ length: 16 }, (_, i) =>
      alertBody({
        tags: [`burst-${i}`],
        observables: [
          { dataType: 'ip', data: `203.0.113.${i}` },
          { dataType: 'domain', data: `burst-${i}.example`, tags: [`obs-${i}`] },
        ],
      }),
    );
    bodies.push(bodies[4]!);
    const answers = await Promise.all(bodies.map((b) => soc.analyst.post('/api/v1/alert', b)));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(16);
    expect([answers[4]!.status, answers[16]!.status].sort()).toEqual([201, 400]);
    for (const [i, answer] of answers.entries()) {
      if (answer.status !== 201) continue;
      const id = String((answer.body as { _id: string })._id);
      const alertId = Number(id.slice(1));
      const n = i === 16 ? 4 : i;
      const observables = await db
        .selectFrom('observable')
        .select(['id', 'data'])
        .where('alert_id', '=', alertId)
        .orderBy('id')
        .execute();
      expect(observables.map((o) => o.data)).toEqual([`203.0.113.${n}`, `burst-${n}.example`]);
      const tags = await db
        .selectFrom('entity_tag')
        .select(['entity_type', 'entity_id', 'tag'])
        .where((eb) =>
          eb.or([
            eb.and([eb('entity_type', '=', 'alert'), eb('entity_id', '=', alertId)]),
            eb.and([eb('entity_type', '=', 'observable'), eb('entity_id', '=', observables[1]!.id)]),
          ]),
        )
        .orderBy('entity_type')
        .execute();
      expect(tags.map((t) => t.tag)).toEqual([`burst-${n}`, `obs-${n}`]);
      const audit = await db
        .selectFrom('audit')
        .select(['object_type', 'object_id', 'main_action'])
        .where('root_id', '=', id)
        .orderBy('id')
        .execute();
      expect(audit).toEqual([
        { object_type: 'Alert', object_id: id, main_action: 1 },
        ...observables.map((o) => ({ object_type: 'Observable', object_id: `~${o.id}`, main_action: 0 })),
      ]);
    }
  });

  it.skipIf(!onPostgres)(
    'PostgreSQL: two batches sharing keys take them in one order, so neither waits on the other in a cycle',
    async () => {
      const db = server.propolis.storage.db;
      const created = await soc.analyst.alert.create(alertBody() as InputAlert);
      const { id: _, ...row } = await db
        .selectFrom('alert')
        .selectAll()
        .where('id', '=', Number(created._id.slice(1)))
        .executeTakeFirstOrThrow();
      const prefix = `order-${Date.now()}`;
      const graph = (ref: string): NewAlertGraph => ({
        alert: { ...row, source_ref: `${prefix}-${ref}` },
        alertTags: [],
        observables: [],
        audit: [],
      });
      /** Until `n` transactions of this database wait on a lock. */
      const waiting = (n: number) =>
        eventually(async () => {
          const { rows } = await sql<{ n: string }>`select count(*) as n from pg_stat_activity
            where datname = current_database() and wait_event_type = 'Lock'`.execute(db);
          return Number(rows[0]!.n) >= n ? true : undefined;
        }, 5000);
      // A third transaction holds key m: batch A ([a, m, z]) takes a and waits for m; batch B
      // ([z, a]) comes meanwhile. Taken as given, B would hold z and wait for a while A, once m is
      // free, waits for z: a deadlock. In key order B waits for a and holds nothing.
      let release!: () => void;
      const released = new Promise<void>((r) => {
        release = r;
      });
      let held!: () => void;
      const holding = new Promise<void>((r) => {
        held = r;
      });
      const holder = db
        .transaction()
        .execute(async (trx) => {
          await insertNewAlertGraphs(trx, [graph('m')]);
          held();
          await released;
          throw new Error('rolled back on purpose');
        })
        .catch((e: Error) => e.message);
      await holding;
      const a = db
        .transaction()
        .execute((trx) => insertNewAlertGraphs(trx, [graph('a'), graph('m'), graph('z')]));
      await waiting(1);
      const b = db.transaction().execute((trx) => insertNewAlertGraphs(trx, [graph('z'), graph('a')]));
      await waiting(2);
      release();
      expect(await holder).toBe('rolled back on purpose');
      const [first, second] = await Promise.allSettled([a, b]);
      expect(first.status).toBe('fulfilled');
      expect(second.status).toBe('fulfilled');
      if (first.status !== 'fulfilled' || second.status !== 'fulfilled') return;
      expect(first.value.map((r) => ('value' in r ? r.value.source_ref : 'refused'))).toEqual([
        `${prefix}-a`,
        `${prefix}-m`,
        `${prefix}-z`,
      ]);
      expect(second.value.every((r) => 'error' in r)).toBe(true);
    },
  );
});
