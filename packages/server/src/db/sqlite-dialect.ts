/**
 * SQLite for Kysely with one writer connection and one reader connection on the same WAL file.
 *
 * Kysely's own SQLite driver has a single connection behind a mutex: while a write transaction is
 * open, every read of every other request waits for its commit. Here a read outside a transaction
 * (a SELECT, or raw SQL starting with SELECT/EXPLAIN) runs at once on the reader connection and sees
 * the last committed state (WAL snapshot isolation); transactions and every other statement run on
 * the writer connection, one at a time (a mutex held from BEGIN to COMMIT). So requests read while a
 * write is in flight, and writes queue behind each other only (where db/group-commit.ts batches them).
 *
 * better-sqlite3 is synchronous: "at once" means without waiting for the writer's lock, on the same
 * thread. Each connection keeps its prepared statements by SQL text (bounded, oldest dropped first),
 * as Kysely would otherwise prepare every statement on every call.
 */
import type SqliteDatabase from 'better-sqlite3';
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  SelectQueryNode,
  SqliteDialect,
} from 'kysely';

type Sqlite = SqliteDatabase.Database;

const READ_SQL = /^\s*(select|explain)\b/i;

function isRead(query: CompiledQuery): boolean {
  if (SelectQueryNode.is(query.query)) return true;
  return query.query.kind === 'RawNode' && READ_SQL.test(query.sql);
}

/**
 * A prepared statement, and for one that returns rows the function that makes a row object of the
 * array better-sqlite3 reads. Rows are read as arrays and turned into objects here: better-sqlite3
 * builds each row object property by property in native code, which costs about twice as much CPU
 * as reading arrays and filling objects of one shape in JavaScript (100 case rows: ~0.9 against
 * ~0.4 ms). A repeated column name keeps its last value, as better-sqlite3's own objects do.
 */
interface Prepared {
  statement: SqliteDatabase.Statement;
  toObject: RowMaker | undefined;
}

type RowMaker = (row: unknown[]) => Record<string, unknown>;

/**
 * The row maker of a statement's columns, made once per prepared statement: an object literal with
 * the columns as keys (`row => ({"id": row[0], "title": row[1], ...})`), so that every row is made
 * at once with the statement's own shape, where filling an empty object key by key walks the shape
 * transitions again for each row (about 10 times the CPU for an alert row and its 5 observables).
 * The names are quoted with JSON.stringify; a column named `__proto__`, which a literal would take
 * as the prototype, is defined key by key as an own property.
 */
function rowMaker(columns: string[]): RowMaker {
  if (columns.includes('__proto__'))
    return (row) => {
      // an own property of that name (better-sqlite3's own objects drop it on Node 20, keep it on 24)
      const o: Record<string, unknown> = {};
      for (let i = 0; i < columns.length; i++)
        Object.defineProperty(o, columns[i]!, {
          value: row[i],
          writable: true,
          enumerable: true,
          configurable: true,
        });
      return o;
    };
  const fields = columns.map((name, i) => `${JSON.stringify(name)}: row[${i}]`);
  return new Function('row', `return { ${fields.join(', ')} };`) as RowMaker;
}

function objects(toObject: RowMaker, rows: unknown[][]): Array<Record<string, unknown>> {
  const out = new Array<Record<string, unknown>>(rows.length);
  for (let r = 0; r < rows.length; r++) out[r] = toObject(rows[r]!);
  return out;
}

class StatementCache {
  private readonly cache = new Map<string, Prepared>();
  constructor(
    readonly db: Sqlite,
    private readonly max = 1000,
  ) {}
  prepare(sqlText: string): Prepared {
    let prepared = this.cache.get(sqlText);
    if (!prepared) {
      const statement = this.db.prepare(sqlText);
      const toObject = statement.reader ? rowMaker(statement.columns().map((c) => c.name)) : undefined;
      if (toObject) statement.raw(true);
      prepared = { statement, toObject };
      if (this.cache.size >= this.max) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(sqlText, prepared);
    }
    return prepared;
  }
  run(query: CompiledQuery): QueryResult<unknown> {
    const { statement, toObject } = this.prepare(query.sql);
    const parameters = query.parameters as unknown[];
    if (toObject) return { rows: objects(toObject, statement.all(parameters) as unknown[][]) };
    const { changes, lastInsertRowid } = statement.run(parameters);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }
}

/** A FIFO lock: the writer connection serves one transaction (or one lone write) at a time. */
class WriteLock {
  private tail: Promise<void> = Promise.resolve();
  async lock(): Promise<() => void> {
    let release!: () => void;
    const previous = this.tail;
    this.tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    return release;
  }
}

class Session implements DatabaseConnection {
  /** Set from BEGIN to COMMIT/ROLLBACK: the unlock function of the writer's lock. */
  release: (() => void) | undefined;
  constructor(private readonly driver: SplitDriver) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const { writer, reader, writeLock } = this.driver;
    if (this.release) return writer.run(query) as QueryResult<R>;
    if (isRead(query)) return reader.run(query) as QueryResult<R>;
    const release = await writeLock.lock();
    try {
      return writer.run(query) as QueryResult<R>;
    } finally {
      release();
    }
  }

  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    const result = await this.executeQuery<R>(query);
    for (const row of result.rows) yield { rows: [row] };
  }
}

class SplitDriver implements Driver {
  readonly writer: StatementCache;
  readonly reader: StatementCache;
  readonly writeLock = new WriteLock();
  constructor(writer: Sqlite, reader: Sqlite) {
    this.writer = new StatementCache(writer);
    this.reader = new StatementCache(reader);
  }
  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    return new Session(this);
  }
  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const session = connection as Session;
    const release = await this.writeLock.lock();
    try {
      this.writer.db.exec('BEGIN IMMEDIATE');
    } catch (error) {
      release();
      throw error;
    }
    session.release = release;
  }
  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    this.end(connection as Session, 'COMMIT');
  }
  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    this.end(connection as Session, 'ROLLBACK');
  }
  private end(session: Session, statement: 'COMMIT' | 'ROLLBACK'): void {
    try {
      // SQLite may already have rolled back on its own (e.g. a full disk): nothing to roll back then.
      if (statement === 'COMMIT' || this.writer.db.inTransaction) this.writer.db.exec(statement);
    } finally {
      // A failed COMMIT leaves the transaction open; roll it back so the writer is usable again.
      if (this.writer.db.inTransaction) this.writer.db.exec('ROLLBACK');
      const release = session.release;
      session.release = undefined;
      release?.();
    }
  }
  async releaseConnection(): Promise<void> {}
  async destroy(): Promise<void> {
    this.reader.db.close();
    this.writer.db.close();
  }
}

/** Kysely's SQLite dialect (adapter, compiler, introspector) over the writer/reader driver. */
export class SplitSqliteDialect extends SqliteDialect {
  constructor(
    private readonly writer: Sqlite,
    private readonly reader: Sqlite,
  ) {
    super({ database: writer });
  }
  override createDriver(): Driver {
    return new SplitDriver(this.writer, this.reader);
  }
}
