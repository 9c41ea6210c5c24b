/**
 * Named prepared statements for PostgreSQL INSERTs. Kysely sends every statement unnamed, so the
 * backend parses and plans it on every execution: for a posted alert (alert, tags, observables,
 * audit) that is about a third of PostgreSQL's CPU. A named statement is parsed once per connection,
 * and an INSERT of values has one plan whatever the values, so its generic plan is kept too.
 *
 * INSERTs are named (and the CTE statement of INSERTs that writes a new alert), and the reads whose
 * text a repository marks with `preparedRead`: in general a read's best plan depends on its values
 * (a popular observable, a rare status), which a generic plan would ignore, so only reads whose plan
 * cannot depend on them (rows by primary key, one index range read per element of an array) are
 * marked; outside a transaction they run on a pool of their own whose connections keep their
 * generic plan from the first execution (`namedReaderOf`). Names go to the first `MAX_NAMED` distinct texts of
 * the process (multi-row INSERTs differ by their row count); later texts run unnamed, so the
 * statements a backend keeps stay bounded. If a schema change makes a prepared statement's result
 * type stale (SQLSTATE 0A000, "cached plan must not change result type"), the text is no longer
 * named and the statement runs again unnamed; inside a transaction the error reaches the caller.
 */
import type pg from 'pg';

const MAX_NAMED = 300;
/** An INSERT, or a statement of INSERTs in CTEs (a new alert with its observables, repositories/new-alert-pg.ts). */
const INSERT = /^(insert into |with new_alert_input as \()/i;
const names = new Map<string, string | null>();
/** Read texts marked by repositories (at most MAX_NAMED are kept). */
const reads = new Set<string>();

/**
 * Marks a read's text as one to prepare under a name on PostgreSQL, and returns it. Only for a
 * fixed text (values as parameters) whose one plan is right whatever the values.
 */
export function preparedRead(text: string): string {
  if (reads.size < MAX_NAMED) reads.add(text);
  return text;
}

function nameFor(text: string): string | undefined {
  const known = names.get(text);
  if (known !== undefined) return known ?? undefined;
  if (!(INSERT.test(text) || reads.has(text)) || names.size >= MAX_NAMED) return undefined;
  const name = `propolis_${names.size + 1}`;
  names.set(text, name);
  return name;
}

type Query = (...args: unknown[]) => unknown;

/** Makes each new connection of the pool prepare its INSERTs under a name. */
export function prepareInserts(pool: pg.Pool): void {
  pool.on('connect', (client) => {
    const original = client.query.bind(client) as Query;
    (client as unknown as { query: Query }).query = (...args: unknown[]) => {
      const [text, values, callback] = args;
      const name =
        typeof text === 'string' && Array.isArray(values) && callback === undefined
          ? nameFor(text)
          : undefined;
      if (!name) return original(...args);
      return (original({ name, text, values }) as Promise<unknown>).catch((error: { code?: string }) => {
        if (error?.code !== '0A000') throw error;
        names.set(text as string, null);
        return original(text, values);
      });
    };
  });
}

/**
 * PostgreSQL: the Kysely instance whose connections keep a named read's generic plan from its first
 * execution (`plan_cache_mode = force_generic_plan`, db/database.ts), by the main instance. On the
 * main pool PostgreSQL plans a named statement anew for its first five executions on each
 * connection before it keeps the generic plan: the combined read of an alert's similar cases takes
 * 3.7 ms to plan, 12 times over a just-started server's first answers (docs/performance.md). Only
 * reads marked by `preparedRead` run there, whose one plan is right whatever the values; every other
 * statement keeps the main pool, where plans see their values.
 */
const namedReaders = new WeakMap<object, object>();

export function registerNamedReader<T extends object>(db: T, reader: T): void {
  namedReaders.set(db, reader);
}

/**
 * Where a named read runs: the named readers' instance of a main instance; a transaction is never
 * registered, so a read inside one keeps the transaction's connection (it must see its writes).
 */
export function namedReaderOf<T extends object>(db: T): T {
  return (namedReaders.get(db) as T | undefined) ?? db;
}
