/**
 * New alerts and observables are searchable as soon as their write is answered, on both databases
 * (SQLite indexes them at the end of their transaction, db/fulltext-at-commit.ts): posted
 * concurrently, inserted then changed or deleted within one transaction, or written without group
 * commit and indexed at the next start. On SQLite, FTS5's own integrity check then finds the index
 * equal to the tables.
 */
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../domain/deps.js';
import { createOrganisation, type OrgFixture } from '../test-support/identity.js';
import { useTestServer } from '../test-support/server.js';
import { migrate } from './migrate.js';

const server = useTestServer();
let soc: OrgFixture;

beforeAll(async () => {
  soc = await createOrganisation(server, 'soc');
}, 60_000);

const sqlite = () => server.propolis.storage.dialect === 'sqlite';

async function alertTitles(word: string): Promise<string[]> {
  const res = await soc.analyst.post('/api/v1/query', {
    query: [{ _name: 'listAlert' }, { _name: 'filter', _match: { _field: 'title', _value: word } }],
  });
  expect(res.status, res.text).toBe(200);
  return (res.body as Array<{ title: string }>).map((a) => a.title).sort();
}

async function observableData(word: string, field = 'data'): Promise<string[]> {
  const res = await soc.analyst.post('/api/v1/query', {
    query: [{ _name: 'listObservable' }, { _name: 'filter', _match: { _field: field, _value: word } }],
  });
  expect(res.status, res.text).toBe(200);
  return (res.body as Array<{ data: string }>).map((o) => o.data).sort();
}

/** SQLite: FTS5 compares its index with the content tables and throws if they differ. */
async function checkIndexes(): Promise<void> {
  if (!sqlite()) return;
  for (const fts of ['alert_fts', 'observable_fts'])
    await sql
      .raw(`INSERT INTO ${fts}(${fts}, rank) VALUES ('integrity-check', 1)`)
      .execute(server.propolis.storage.db);
}

const alert = (ref: string, title: string, data: string) => ({
  type: 'siem',
  source: 'fulltext-test',
  sourceRef: ref,
  title,
  description: 'x',
  observables: [{ dataType: 'domain', data }],
});

/** Posts an alert with one domain observable; answers its id (`~n`). */
async function postAlert(ref: string, title: string, data: string): Promise<string> {
  const res = await soc.analyst.post('/api/v1/alert', alert(ref, title, data));
  expect(res.status, res.text).toBe(201);
  return String(res.body._id);
}

describe('full-text entries of new alerts and observables', () => {
  it('concurrently posted alerts are all found, with their observables', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        postAlert(`burst-${i}`, `Albatross burst ${i}`, `albatross-${i}.example`),
      ),
    );
    expect(await alertTitles('albatross')).toHaveLength(20);
    expect(await observableData('albatross')).toEqual(
      Array.from({ length: 20 }, (_, i) => `albatross-${i}.example`).sort(),
    );
    await checkIndexes();
  });

  it('a row inserted and then changed or deleted in the same transaction is indexed as it ends', async () => {
    const firstId = await postAlert('template', 'Template alert', 'template.example');
    const { db } = server.propolis.storage;
    const templateId = Number(firstId.replace('~', ''));
    const insertedId = await inTransaction({ db }, async (trx) => {
      const row = await trx
        .selectFrom('alert')
        .selectAll()
        .where('id', '=', templateId)
        .executeTakeFirstOrThrow();
      const { id: _, ...values } = row;
      const inserted = await trx
        .insertInto('alert')
        .values({ ...values, source_ref: 'same-transaction', title: 'Zanzibar before' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx.updateTable('alert').set({ title: 'Zanzibar after' }).where('id', '=', inserted.id).execute();
      const observable = await trx
        .selectFrom('observable')
        .selectAll()
        .where('alert_id', '=', templateId)
        .executeTakeFirstOrThrow();
      const { id: __, ...copy } = observable;
      const copyNamed = async (name: string) =>
        (
          await trx
            .insertInto('observable')
            .values({ ...copy, alert_id: inserted.id, data: `${name}.example`, data_key: name })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
      const kept = await copyNamed('quokka-kept');
      await trx.updateTable('observable').set({ message: 'Wombat note' }).where('id', '=', kept).execute();
      const gone = await copyNamed('quokka-gone');
      await trx.deleteFrom('observable').where('id', '=', gone).execute();
      return inserted.id;
    });
    expect(await alertTitles('zanzibar')).toEqual(['Zanzibar after']);
    expect(await alertTitles('before')).toEqual([]);
    expect(await observableData('quokka')).toEqual(['quokka-kept.example']);
    expect(await observableData('wombat', 'message')).toEqual(['quokka-kept.example']);
    await checkIndexes();

    // an indexed row changed and deleted later: its old words leave the index
    const renamed = await soc.analyst.patch(`/api/v1/alert/${firstId}`, { title: 'Template renamed' });
    expect(renamed.status, renamed.text).toBeLessThan(300);
    expect(await alertTitles('template')).toEqual(['Template renamed']);
    await db.deleteFrom('observable').where('alert_id', '=', insertedId).execute();
    await db.deleteFrom('alert').where('id', '=', insertedId).execute();
    expect(await alertTitles('zanzibar')).toEqual([]);
    expect(await observableData('quokka')).toEqual([]);
    await checkIndexes();
  });

  it('rows written without group commit are indexed at the next start', async () => {
    await postAlert('outside-1', 'Outside one', 'outside.example');
    const { storage } = server.propolis;
    const row = await storage.db
      .selectFrom('alert')
      .selectAll()
      .where('source_ref', '=', 'outside-1')
      .executeTakeFirstOrThrow();
    const { id: _, ...values } = row;
    // straight into the table, in a transaction of its own (as a tool working on the file would)
    await storage.db
      .insertInto('alert')
      .values({ ...values, source_ref: 'outside-2', title: 'Narwhal outside' })
      .execute();
    await migrate(storage);
    expect(await alertTitles('narwhal')).toEqual(['Narwhal outside']);
    await checkIndexes();
  });
});
