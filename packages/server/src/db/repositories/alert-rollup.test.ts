/**
 * The alert rollup's triggers (migration 0009) keep it equal to a GROUP BY of the alert table after
 * every way alerts are written — creation on both APIs, updates of status, date and read flag,
 * import into a new case, merge into an existing one, detach when the case is deleted, deletes,
 * a bulk load — for each organisation apart; folding changes no answer; a read that finds many delta
 * rows has them folded; and on PostgreSQL concurrent alert creations do not wait on each other, nor
 * on a fold.
 */
import { type Insertable, sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { deferred } from '../../test-support/deferred.js';
import { postAlert } from '../../test-support/factories.js';
import { type OrgFixture, useOrganisation } from '../../test-support/identity.js';
import { useTestServer } from '../../test-support/server.js';
import type { AlertTable } from '../schema.js';
import { alertRollup, foldAlertRollup } from './alert-rollup.js';
import { bulkInsert, maxId, syncIdentity } from './bulk-load.js';

const server = useTestServer();
const soc = useOrganisation(server, 'rollup-writes');
const other = useOrganisation(server, 'rollup-writes-2');
const orgIds: number[] = [];

const DAY = 86_400_000;
const START = Date.UTC(2024, 2, 1);
let serial = 0;

const db = () => server.propolis.storage.db;
const dialect = () => server.propolis.storage.dialect;

/** An alert of `org` dated by this file's own sequence (the same dates on every run). */
async function postDated(org: OrgFixture, fields: Record<string, unknown> = {}): Promise<string> {
  serial += 1;
  const date = START + (serial % 50) * DAY + serial * 60_000;
  return (await postAlert(org.analyst, { source: 'rollup-writes', date, ...fields }))._id;
}

const rowId = (id: string) => Number(id.replace('~', ''));

/** The organisation's rollup (delta rows summed) and the same sums computed from the alert table. */
async function expectExact(): Promise<void> {
  for (const org of orgIds) {
    const { rows } = await alertRollup(db(), org);
    const { rows: table } = await sql<Record<string, unknown>>`SELECT date / 86400000 AS day, status,
        CASE WHEN case_id IS NULL THEN 0 ELSE 1 END AS imported, read, count(*) AS n,
        count(handling_duration) AS hd_n, coalesce(sum(handling_duration), 0) AS hd_ms,
        coalesce(sum(handling_duration / 1000), 0) AS hd_s, coalesce(sum(handling_duration / 60000), 0) AS hd_m,
        coalesce(sum(handling_duration / 3600000), 0) AS hd_h, coalesce(sum(handling_duration / 86400000), 0) AS hd_d
      FROM alert WHERE organisation_id = ${org} GROUP BY 1, 2, 3, 4`.execute(db());
    const key = (r: Record<string, unknown>) => `${r.day}|${r.status}|${r.imported}|${r.read}`;
    const normal = (list: Array<Record<string, unknown>>) =>
      list
        .map((r) =>
          Object.fromEntries(Object.entries(r).map(([k, v]) => [k, k === 'status' ? v : Number(v)])),
        )
        .sort((a, b) => (key(a) < key(b) ? -1 : 1));
    expect(normal(rows as never)).toEqual(normal(table));
  }
}

async function rollupRowCount(): Promise<number> {
  const { rows } = await sql<{ n: unknown }>`SELECT count(*) AS n FROM alert_rollup`.execute(db());
  return Number(rows[0]!.n);
}

/** A copy of an alert row under a new source reference (and id, if given), for direct inserts. */
async function alertCopy(id: number, sourceRef: string, newId?: number): Promise<Insertable<AlertTable>> {
  const row = await db().selectFrom('alert').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const { id: _id, ...rest } = row;
  return { ...rest, ...(newId === undefined ? {} : { id: newId }), source_ref: sourceRef };
}

beforeAll(() => {
  orgIds.push(soc.id, other.id);
});

describe('the alert rollup follows every alert write', () => {
  it('stays equal to the alert table through creations, updates, imports, merges, detaches, deletes and bulk loads', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 12; i++)
      ids.push(await postDated(soc, { status: ['New', 'InProgress', 'Ignored', 'TruePositive'][i % 4] }));
    for (let i = 0; i < 4; i++) await postDated(other);
    // v0 creation
    const v0 = await soc.analyst.post('/api/alert', {
      type: 'siem',
      source: 'rollup-writes',
      sourceRef: 'v0-1',
      title: 'v0',
      description: 'd',
      date: START + 3 * DAY,
    });
    expect(v0.status, v0.text).toBe(201);
    ids.push(v0.body.id);
    await expectExact();

    // status, date, read flag
    expect((await soc.analyst.patch(`/api/v1/alert/${ids[0]}`, { status: 'FalsePositive' })).status).toBe(
      204,
    );
    expect((await soc.analyst.patch(`/api/v1/alert/${ids[1]}`, { date: START + 400 * DAY })).status).toBe(
      204,
    );
    expect((await soc.analyst.post(`/api/v1/alert/${ids[2]}/read`)).status).toBe(200);
    expect((await soc.analyst.post(`/api/v1/alert/${ids[3]}/unread`)).status).toBe(200);
    expect(
      (await soc.analyst.patch('/api/v1/alert/_bulk', { ids: ids.slice(4, 6), status: 'Duplicated' })).status,
    ).toBe(204);
    await expectExact();

    // import into a new case (case link, import date, handling duration), then a merge into it
    const imported = await soc.analyst.post(`/api/v1/alert/${ids[6]}/case`, {});
    expect(imported.status, imported.text).toBe(201);
    const caseId = imported.body._id;
    const merged = await soc.analyst.post(`/api/v1/alert/${ids[7]}/merge/${caseId}`);
    expect(merged.status, merged.text).toBe(200);
    // an imported alert marked unread keeps its status (v0 "Updated"): only the read flag moves
    expect((await soc.analyst.post(`/api/v1/alert/${ids[6]}/unread`)).status).toBe(200);
    const v0Import = await soc.analyst.post(`/api/alert/${ids[8]}/createCase`, {});
    expect(v0Import.status, v0Import.text).toBe(201);
    const durations = await db()
      .selectFrom('alert')
      .select(['id', 'handling_duration'])
      .where('id', 'in', [rowId(ids[6]!), rowId(ids[7]!)])
      .execute();
    expect(durations.every((d) => d.handling_duration !== null)).toBe(true);
    await expectExact();

    // the case deleted: its alerts are detached (New, unread, no case)
    expect((await soc.analyst.delete(`/api/v1/case/${caseId}`)).status).toBe(204);
    const detached = await db()
      .selectFrom('alert')
      .select('case_id')
      .where('id', '=', rowId(ids[6]!))
      .executeTakeFirst();
    expect(detached?.case_id).toBeNull();
    await expectExact();

    // deletes, one and in bulk
    expect((await soc.analyst.delete(`/api/v1/alert/${ids[9]}`)).status).toBe(204);
    expect((await soc.analyst.post('/api/v1/alert/delete/_bulk', { ids: ids.slice(10, 12) })).status).toBe(
      204,
    );
    await expectExact();

    // a bulk load (the benchmark's loader), a direct update of the duration, a direct delete
    const first = (await maxId(db(), 'alert')) + 1;
    const rows: Array<Insertable<AlertTable>> = [];
    for (let i = 0; i < 30; i++) {
      const copy = await alertCopy(rowId(ids[i % 3]!), `bulk-${i}`, first + i);
      rows.push({ ...copy, date: START + i * 7 * DAY + i, handling_duration: i % 2 ? i * 3_600_123 : null });
    }
    await db()
      .transaction()
      .execute((trx) => bulkInsert(trx, 'alert', rows));
    await syncIdentity(db(), dialect(), 'alert');
    await db().updateTable('alert').set({ handling_duration: 90_061_001 }).where('id', '=', first).execute();
    await db()
      .deleteFrom('alert')
      .where('id', '=', first + 1)
      .execute();
    await expectExact();

    // folding replaces the delta rows by one per key and changes nothing
    const before = await rollupRowCount();
    const replaced = await foldAlertRollup(db(), dialect());
    expect(replaced).toBe(before);
    expect(await rollupRowCount()).toBeLessThan(before);
    await expectExact();
    // writes after a fold add deltas to the folded rows
    await soc.analyst.patch(`/api/v1/alert/${ids[0]}`, { status: 'Other' });
    await postDated(other);
    await expectExact();
  });

  it('has the delta rows folded when a read finds many', async () => {
    // 12,500 pairs of opposite rows of the same key: they change no sum but make reads long
    await sql`WITH RECURSIVE i(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM i WHERE x < 24999)
      INSERT INTO alert_rollup (organisation_id, day, status, imported, read, n, hd_n, hd_ms, hd_s, hd_m, hd_h, hd_d)
      SELECT ${orgIds[0]}, 19800 + (x / 2) % 300, 'New', 0, 0, 1 - 2 * (x % 2), 0, 0, 0, 0, 0, 0 FROM i`.execute(
      db(),
    );
    await expectExact();
    const many = await rollupRowCount();
    expect(many).toBeGreaterThan(25_000);
    const res = await soc.analyst.post('/api/alert/_stats', {
      query: {},
      stats: [{ _agg: 'time', _fields: ['date'], _interval: '1M', _select: [{ _agg: 'count' }] }],
    });
    expect(res.status, res.text).toBe(200);
    const deadline = Date.now() + 10_000;
    while ((await rollupRowCount()) >= many && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect(await rollupRowCount()).toBeLessThan(1000);
    await expectExact();
  });

  it.runIf(process.env.DATABASE_URL)(
    'on PostgreSQL, does not make concurrent alert creations, or a fold, wait for an open transaction',
    async () => {
      const template = await postDated(soc, { date: START + 10 * DAY });
      const held = deferred();
      const inserted = deferred();
      const copy = await alertCopy(rowId(template), 'held-open');
      // a transaction that created an alert of the same organisation, day and status, still open
      const open = db()
        .transaction()
        .execute(async (trx) => {
          await trx.insertInto('alert').values(copy).execute();
          inserted.resolve();
          await held.promise;
        });
      await inserted.promise;
      try {
        const work = (async () => {
          await postDated(soc, { date: START + 10 * DAY });
          await foldAlertRollup(db(), dialect());
          return 'done';
        })();
        const waited = new Promise((r) => setTimeout(() => r('waited for the open transaction'), 3000));
        expect(await Promise.race([work, waited])).toBe('done');
      } finally {
        held.resolve();
        await open;
      }
      // the row committed after the fold's snapshot is kept and counted
      await expectExact();
      await foldAlertRollup(db(), dialect());
      await expectExact();
    },
  );
});
