/**
 * SQLite: new alerts written by a worker thread with a connection of its own, so that the B-tree
 * work of ingestion runs beside the HTTP work instead of on the same thread.
 *
 * better-sqlite3 is synchronous: on the server's one JavaScript thread every statement stops the
 * event loop while SQLite runs it. At 2.5M alerts about 60% of that thread's time under a posting
 * load went to SQLite (index pages of observables by value read and rewritten at random places,
 * WAL frames), while the machine's second core stayed a third idle (docs/performance.md). Here
 * group commit hands the new alerts of a batch, as data (repositories/new-alert-pg.ts's
 * NewAlertGraph: the alert, its tags, observables, their tags and the audit rows), to this thread,
 * which writes them in ONE transaction (the alerts one by one, then each table's rows of the batch
 * in a few multi-row statements), indexes them for full-text search (db/fulltext-at-commit.ts),
 * commits, and only then answers with each alert's row, or null for an alert whose key was taken
 * (`ON CONFLICT DO NOTHING` on alert_dedup, as PostgreSQL's statement).
 *
 * The two connections never write at the same time: group commit runs either transactions of the
 * server's writer connection or batches sent here (db/group-commit.ts, `apart`; up to two in flight,
 * which this thread runs one after the other), never both, so neither waits on SQLite's write
 * lock. Each sees the other's commits (WAL). When a
 * batch fails here (a row the database refuses), the thread's transaction is rolled back and its
 * alerts run again one by one on the writer connection, so that the one at fault fails alone with
 * its own error. If the thread dies, pending batches run again that way and later alerts take the
 * writer connection.
 *
 * The worker's source is plain JavaScript evaluated by the thread, like the checkpointer's
 * (db/checkpointer.ts): the server is bundled, and a second entry point would have to be found at
 * run time. It only executes SQL it builds from the rows' own column names, which come from the
 * server's code.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Kysely } from 'kysely';
import { duplicateAlert } from './errors.js';
import { CATCH_UP_SQL, HAS_MARK_SQL } from './fulltext-at-commit.js';
import type { Apart } from './group-commit.js';
import type { AlertRow } from './repositories/alerts.js';
import type { NewAlertGraph } from './repositories/new-alert-graph.js';
import type { Database } from './schema.js';

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.file);
for (const pragma of workerData.pragmas) db.pragma(pragma);
const catchUp = db.prepare(workerData.hasMarkSql).get() === undefined
  ? []
  : workerData.catchUpSql.map((text) => db.prepare(text));
const name = (n) => '"' + n.replace(/"/g, '""') + '"';
/** Per table, the last statement prepared and its columns: the rows of a table keep one shape. */
const shapes = {};
function matches(columns, row) {
  let i = 0;
  for (const k in row) {
    if (row[k] === undefined) continue;
    if (columns[i++] !== k) return false;
  }
  return i === columns.length;
}
/** INSERT of one row (its defined columns, in order); with 'get', the RETURNING row. */
function insert(table, row, tail, get) {
  let shape = shapes[table];
  if (shape === undefined || !matches(shape.columns, row)) {
    const columns = Object.keys(row).filter((k) => row[k] !== undefined);
    const text = 'INSERT INTO ' + name(table) + ' (' + columns.map(name).join(', ') + ') VALUES (' +
      columns.map(() => '?').join(', ') + ')' + tail;
    shape = { columns, statement: db.prepare(text) };
    shapes[table] = shape;
  }
  const values = new Array(shape.columns.length);
  let i = 0;
  for (const k in row) {
    const v = row[k];
    if (v !== undefined) values[i++] = v;
  }
  return get ? shape.statement.get(values) : shape.statement.run(values);
}
const ALERT_TAIL = ' ON CONFLICT ("organisation_id", "type", "source", "source_ref") DO NOTHING RETURNING *';
/**
 * Statements inserting 2^k rows of a table's shape, k < 7: a batch's rows go in at most 7
 * statements per table, whatever their number, from 7 texts per shape.
 */
const many = new Map();
const MOST_ROWS = 64;
function insertMany(table, rows, tail) {
  const out = [];
  if (rows.length === 0) return out;
  const columns = Object.keys(rows[0]).filter((k) => rows[0][k] !== undefined);
  if (!rows.every((row) => matches(columns, row))) {
    for (const row of rows) {
      const r = insert(table, row, tail, tail !== '');
      if (tail !== '') out.push(r);
    }
    return out;
  }
  const key = table + tail + '\u0000' + columns.join('\u0000');
  let byCount = many.get(key);
  if (byCount === undefined) {
    byCount = new Map();
    many.set(key, byCount);
  }
  const one = '(' + columns.map(() => '?').join(', ') + ')';
  for (let at = 0; at < rows.length; ) {
    let n = MOST_ROWS;
    while (n > rows.length - at) n >>= 1;
    let statement = byCount.get(n);
    if (statement === undefined) {
      statement = db.prepare('INSERT INTO ' + name(table) + ' (' + columns.map(name).join(', ') +
        ') VALUES ' + new Array(n).fill(one).join(', ') + tail);
      byCount.set(n, statement);
    }
    const values = new Array(n * columns.length);
    let i = 0;
    for (let r = at; r < at + n; r++) {
      const row = rows[r];
      for (const c of columns) values[i++] = row[c];
    }
    if (tail === '') statement.run(values);
    else for (const r of statement.all(values)) out.push(r);
    at += n;
  }
  return out;
}
const identity = (alertId, type, key) => alertId + '\u0000' + type + '\u0000' + key;
const writeAll = db.transaction((graphs) => {
  const now = Date.now();
  const out = [];
  // the alerts one by one (a key taken, or given twice, is skipped), then each table's rows at once
  const observables = [];
  const tags = [];
  for (const g of graphs) {
    const alert = insert('alert', g.alert, ALERT_TAIL, true);
    out.push(alert ?? null);
    if (alert === undefined) continue;
    for (const t of new Set(g.alertTags))
      tags.push({ organisation_id: alert.organisation_id, entity_type: 'alert', entity_id: alert.id, tag: t });
    for (const o of g.observables) observables.push({ alert_id: alert.id, ...o.row });
  }
  const ids = new Map();
  for (const r of insertMany('observable', observables, ' RETURNING id, alert_id, data_type, data_key'))
    ids.set(identity(r.alert_id, r.data_type, r.data_key), r.id);
  const audit = [];
  graphs.forEach((g, i) => {
    const alert = out[i];
    if (alert === null) return;
    for (const o of g.observables) {
      const id = ids.get(identity(alert.id, o.row.data_type, o.row.data_key));
      for (const t of new Set(o.tags))
        tags.push({ organisation_id: alert.organisation_id, entity_type: 'observable', entity_id: id, tag: t });
    }
    for (const a of g.audit) {
      const objectId = a.observable ? ids.get(identity(alert.id, a.observable.dataType, a.observable.dataKey)) : alert.id;
      audit.push({ ...a.row, object_id: '~' + objectId, root_id: '~' + alert.id, created_at: now });
    }
  });
  insertMany('entity_tag', tags, '');
  insertMany('audit', audit, '');
  for (const s of catchUp) s.run();
  return out;
});
parentPort.on('message', (message) => {
  if (message === 'stop') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    parentPort.postMessage({ id: message.id, rows: writeAll(JSON.parse(message.graphs)) });
  } catch (error) {
    parentPort.postMessage({ id: message.id, error: String(error && error.message) });
  }
});
`;

/** The thread's young generation (MB); V8's default grows it to 16 MB or more per semi-space. */
const YOUNG_GENERATION_MB = 2;

type Reply = { id: number; rows: Array<AlertRow | null> } | { id: number; error: string };

export class AlertWriterThread {
  private worker: Worker | undefined;
  private readonly pending = new Map<
    number,
    { resolve: (rows: Array<AlertRow | null>) => void; reject: (e: Error) => void }
  >();
  private nextId = 1;
  /** Set once the thread failed or is stopped: alerts then take the writer connection. */
  private closed = false;
  private stopped: Promise<void> | undefined;
  /** Group commit combines units of this kind (compared by identity). */
  private readonly kind = {};

  constructor(
    private readonly file: string,
    /** The writer connection's pragmas, which this connection takes too. */
    private readonly pragmas: readonly string[],
  ) {}

  get usable(): boolean {
    return !this.closed;
  }

  /** How group commit runs a new alert here, together with the others of its batch. */
  unit(graph: NewAlertGraph): Apart<NewAlertGraph, AlertRow> {
    return { kind: this.kind, input: graph, commitAll: (graphs) => this.commitAll(graphs) };
  }

  /**
   * Writes the alerts in one transaction; resolves once it committed, with each alert's row or, for
   * a taken key, the ConflictError of alert_dedup. Rejects when the transaction was rolled back
   * (nothing was written).
   */
  async commitAll(graphs: NewAlertGraph[]): Promise<Array<{ value: AlertRow } | { error: unknown }>> {
    const rows = await new Promise<Array<AlertRow | null>>((resolve, reject) => {
      if (this.closed) return reject(new Error('the alert writer thread is stopped'));
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject });
      // as JSON: parsed in the thread faster than a structured clone of the same objects
      this.start().postMessage({ id, graphs: JSON.stringify(graphs) });
    });
    return rows.map((row) => (row === null ? { error: duplicateAlert() } : { value: row }));
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const module = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      // what a batch allocates (its JSON, rows) dies young: a small young generation is enough
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
      workerData: {
        file: this.file,
        module,
        pragmas: this.pragmas,
        hasMarkSql: HAS_MARK_SQL,
        catchUpSql: CATCH_UP_SQL,
      },
    });
    worker.on('message', (reply: Reply) => {
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if ('rows' in reply) waiting?.resolve(reply.rows);
      else waiting?.reject(new Error(reply.error));
    });
    const fail = (error: Error) => {
      this.closed = true;
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', () => fail(new Error('the alert writer thread exited')));
    worker.unref();
    this.worker = worker;
    return worker;
  }

  /** Stops the thread after the batches sent to it (they are answered first). */
  stop(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    if (!worker) return Promise.resolve();
    this.stopped ??= new Promise<void>((resolve) => {
      worker.ref();
      worker.once('exit', () => resolve());
      worker.postMessage('stop');
      setTimeout(() => void worker.terminate(), 5000).unref();
    });
    return this.stopped;
  }
}

const threads = new WeakMap<Kysely<Database>, AlertWriterThread>();

export function registerAlertWriter(db: Kysely<Database>, thread: AlertWriterThread): void {
  threads.set(db, thread);
}

/** SQLite: the thread that writes this database's new alerts, while it works; else undefined. */
export function alertWriterOf(db: Kysely<Database>): AlertWriterThread | undefined {
  const thread = threads.get(db);
  return thread?.usable ? thread : undefined;
}
