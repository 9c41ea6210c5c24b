/**
 * PostgreSQL's named reads (db/pg-prepared.ts `namedReaderOf`): outside a transaction they run on
 * connections that keep a statement's generic plan from its first execution; inside a transaction
 * they run on the transaction's own connection (they must see its writes); every other statement
 * keeps the main pool, where plans see their values.
 */
import { CompiledQuery, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { useTestServer } from '../test-support/server.js';
import { executeNamedRead, executePrepared } from './prepared-read.js';

const server = useTestServer();
const setting = CompiledQuery.raw(`select current_setting('plan_cache_mode') as mode`) as CompiledQuery<{
  mode: string;
}>;

describe('named reads', () => {
  it('run outside transactions on connections that keep generic plans', async (context) => {
    if (server.dialect !== 'postgres') return context.skip();
    const db = server.propolis.deps.db;
    expect((await executeNamedRead(db, setting)).rows).toEqual([{ mode: 'force_generic_plan' }]);
    const prepared = await executePrepared(
      db,
      db.selectNoFrom(sql<string>`current_setting('plan_cache_mode')`.as('mode')),
    );
    expect(prepared).toEqual([{ mode: 'force_generic_plan' }]);
    // Anything else keeps the main pool's setting.
    expect((await db.executeQuery(setting)).rows).toEqual([{ mode: 'auto' }]);
  });

  it('run inside a transaction on its connection, seeing its writes', async (context) => {
    if (server.dialect !== 'postgres') return context.skip();
    const db = server.propolis.deps.db;
    await db.transaction().execute(async (trx) => {
      await sql`create temporary table named_read_probe (x int) on commit drop`.execute(trx);
      await sql`insert into named_read_probe values (42)`.execute(trx);
      expect((await executeNamedRead(trx, setting)).rows).toEqual([{ mode: 'auto' }]);
      const seen = await executeNamedRead(trx, CompiledQuery.raw('select x from named_read_probe'));
      expect(seen.rows).toEqual([{ x: 42 }]);
    });
  });
});
