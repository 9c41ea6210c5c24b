/**
 * PostgreSQL's kept case rows (case-row-cache.ts): a row is served again only at the version it was
 * read at; a row changed by any writer (here a statement of another connection, as another node
 * would) is read again; a case gone or out of scope since it was listed is left out; the cache
 * holds at most its capacity. The end-to-end behaviour (every kind of change shows in the next
 * answer) is api/v1/similar-case-render.test.ts, on both databases.
 */
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectOk } from '../../test-support/factories.js';
import { createOrganisation, type OrgFixture } from '../../test-support/identity.js';
import { useTestServer } from '../../test-support/server.js';
import type { Scope } from '../scope.js';
import { CASE_ROW_VERSION, CaseRowCache, type CaseVersion, caseRowsAtVersions } from './case-row-cache.js';

const server = useTestServer();
let soc: OrgFixture;
let other: OrgFixture;
let scope: Scope;
const ids: number[] = [];

const db = () => server.propolis.deps.db;

/** The versions of these cases as a listing statement reads them. */
const versions = async (list: number[]): Promise<CaseVersion[]> =>
  (
    await db()
      .selectFrom('case')
      .select(['id', CASE_ROW_VERSION.as('version')])
      .where('id', 'in', list)
      .orderBy('id')
      .execute()
  ).map((r) => ({ id: r.id, version: r.version }));

beforeAll(async () => {
  if (server.dialect !== 'postgres') return;
  soc = await createOrganisation(server, 'row-cache-soc');
  other = await createOrganisation(server, 'row-cache-other');
  for (const title of ['one', 'two', 'three']) {
    const kase = await expectOk(soc.analyst.post('/api/v1/case', { title, description: 'd' }), 'case');
    ids.push(Number(String(kase._id).slice(1)));
  }
  const org = await db()
    .selectFrom('organisation')
    .select('id')
    .where('name', '=', 'row-cache-soc')
    .executeTakeFirstOrThrow();
  scope = { organisationId: org.id, platformAdmin: false };
}, 60_000);

describe('kept case rows (PostgreSQL)', () => {
  it('serves a kept row at the same version and reads a changed one again', async (context) => {
    if (server.dialect !== 'postgres') return context.skip();
    const cache = new CaseRowCache(10);
    const first = await caseRowsAtVersions(db(), scope, await versions(ids), cache);
    expect([...first.keys()]).toEqual(ids);
    expect(first.get(ids[0]!)!.title).toBe('one');
    expect(Object.isFrozen(first.get(ids[0]!))).toBe(true);
    expect([cache.hits, cache.misses]).toEqual([0, 3]);

    const again = await caseRowsAtVersions(db(), scope, await versions(ids), cache);
    expect(again.get(ids[0]!)).toBe(first.get(ids[0]!));
    expect([cache.hits, cache.misses]).toEqual([3, 3]);

    // Changed by another connection, to the same value it had: a new row version all the same.
    await sql`UPDATE "case" SET title = 'one, renamed' WHERE id = ${ids[0]!}`.execute(db());
    await sql`UPDATE "case" SET flag = flag WHERE id = ${ids[1]!}`.execute(db());
    const changed = await caseRowsAtVersions(db(), scope, await versions(ids), cache);
    expect(changed.get(ids[0]!)!.title).toBe('one, renamed');
    expect(changed.get(ids[1]!)).not.toBe(first.get(ids[1]!));
    expect(changed.get(ids[2]!)).toBe(first.get(ids[2]!));
    expect([cache.hits, cache.misses]).toEqual([4, 5]);
  });

  it('leaves out a case deleted or out of scope since it was listed', async (context) => {
    if (server.dialect !== 'postgres') return context.skip();
    const cache = new CaseRowCache(10);
    const listed = await versions(ids);
    const otherOrg = await db()
      .selectFrom('organisation')
      .select('id')
      .where('name', '=', 'row-cache-other')
      .executeTakeFirstOrThrow();
    // Another organisation's scope reads none of them, kept or not.
    expect(
      (await caseRowsAtVersions(db(), { organisationId: otherOrg.id, platformAdmin: false }, listed, cache))
        .size,
    ).toBe(0);
    const kase = await expectOk(
      other.analyst.post('/api/v1/case', { title: 'gone', description: 'd' }),
      'case',
    );
    const gone = Number(String(kase._id).slice(1));
    const [goneVersion] = await versions([gone]);
    await sql`DELETE FROM "case" WHERE id = ${gone}`.execute(db());
    const rows = await caseRowsAtVersions(
      db(),
      { organisationId: otherOrg.id, platformAdmin: false },
      [goneVersion!],
      cache,
    );
    expect(rows.size).toBe(0);
  });

  it('keeps at most its capacity, the least recently used leaving first', async (context) => {
    if (server.dialect !== 'postgres') return context.skip();
    const cache = new CaseRowCache(2);
    const listed = await versions(ids);
    await caseRowsAtVersions(db(), scope, listed.slice(0, 2), cache);
    await caseRowsAtVersions(db(), scope, listed.slice(0, 1), cache); // the first is now the most recent
    await caseRowsAtVersions(db(), scope, listed.slice(2), cache); // the second leaves
    expect(cache.size).toBe(2);
    const before = cache.misses;
    await caseRowsAtVersions(db(), scope, listed, cache);
    expect(cache.misses - before).toBe(1);
  });
});
