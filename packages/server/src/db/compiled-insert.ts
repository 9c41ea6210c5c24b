/**
 * INSERTs of the ingestion path (alert, observables, tags, audit rows) without building a Kysely
 * query on every call. Kysely turns `insertInto(t).values(rows)` into an operation tree, freezes it,
 * runs it through the compiler and produces a new SQL string each time (about a tenth of the server's
 * CPU per posted alert, GC included); the statement cache then hashes that new string again.
 *
 * Here the SQL text is compiled by Kysely once per shape (table, columns in order, number of rows,
 * RETURNING or not, and the dialect) and kept; later calls only flatten the rows' values into the
 * parameters, row after row, column after column, as Kysely does. The first compilation of a shape
 * checks that flattening gives exactly Kysely's parameters; a shape where it does not (a value that
 * is an expression, rows with different columns) is left to Kysely every time. So the statement text
 * and parameters are the same as Kysely's, on both databases.
 */
import { CompiledQuery, type Insertable, type Kysely } from 'kysely';
import type { Database } from './schema.js';

type Table = keyof Database & string;

/** Shapes per dialect adapter (one per database kind): SQL text, or null when Kysely must build it. */
const shapes = new WeakMap<object, Map<string, string | null>>();
/** Shapes remembered per dialect: bounded (rows per statement vary, the columns hardly). */
const MAX_SHAPES = 500;

const plain = (v: unknown) =>
  v === null ||
  typeof v === 'string' ||
  typeof v === 'number' ||
  typeof v === 'boolean' ||
  typeof v === 'bigint' ||
  v instanceof Uint8Array;

/** The columns of rows that all have the same defined columns, in the same order, with plain values. */
function columnsOf(rows: ReadonlyArray<Record<string, unknown>>): string[] | undefined {
  const first = rows[0]!;
  const columns = Object.keys(first).filter((k) => first[k] !== undefined);
  for (const row of rows) {
    let n = 0;
    for (const k in row) {
      const v = row[k];
      if (v === undefined) continue;
      if (k !== columns[n] || !plain(v)) return undefined;
      n++;
    }
    if (n !== columns.length) return undefined;
  }
  return columns;
}

function flatten(rows: ReadonlyArray<Record<string, unknown>>, columns: readonly string[]): unknown[] {
  const out = new Array<unknown>(rows.length * columns.length);
  let i = 0;
  for (const row of rows) for (const c of columns) out[i++] = row[c];
  return out;
}

const sameParameters = (a: readonly unknown[], b: readonly unknown[]) =>
  a.length === b.length && a.every((v, i) => v === b[i]);

/** INSERT rows (at least one) into a table; with `returning`, the inserted rows (RETURNING *). */
export async function insertRows<T extends Table, R = Record<string, unknown>>(
  db: Kysely<Database>,
  table: T,
  rows: ReadonlyArray<Insertable<Database[T]>>,
  returning: boolean,
): Promise<R[]> {
  const build = () => {
    // biome-ignore lint/suspicious/noExplicitAny: the table is generic; Kysely's overloads need a concrete one
    const q = (db as Kysely<any>).insertInto(table).values(rows as any[]);
    return returning ? q.returningAll() : q;
  };
  const records = rows as ReadonlyArray<Record<string, unknown>>;
  const columns = records.length > 0 ? columnsOf(records) : undefined;
  if (!columns) return (await build().execute()) as R[];
  const adapter = db.getExecutor().adapter;
  let known = shapes.get(adapter);
  if (!known) {
    known = new Map();
    shapes.set(adapter, known);
  }
  const key = `${table}\u0000${returning ? 1 : 0}\u0000${rows.length}\u0000${columns.join('\u0000')}`;
  let text = known.get(key);
  const parameters = flatten(records, columns);
  if (text === undefined) {
    const compiled = build().compile();
    text = sameParameters(compiled.parameters, parameters) ? compiled.sql : null;
    if (known.size >= MAX_SHAPES) known.delete(known.keys().next().value!);
    known.set(key, text);
  }
  if (text === null) return (await build().execute()) as R[];
  const result = await db.executeQuery<R>(CompiledQuery.raw(text, parameters));
  return result.rows as R[];
}
