/**
 * SQLite: new alerts written by a worker thread with a connection of its own, so that the B-tree
 * work of ingestion runs beside the HTTP work instead of on the same thread.
 *
 * better-sqlite3 is synchronous: on the server's one JavaScript thread every statement stops the
 * event loop while SQLite runs it. At 2.5M alerts about 60% of that thread's time under a posting
 * load went to SQLite (index pages of observables by value read and rewritten at random places,
 * WAL frames), while the machine's second core stayed a third idle (docs/performance.md). Here
 * group commit hands the new alerts of a batch, as data (repositories/new-alert-graph.ts's
 * NewAlertGraph: the alert, its tags, observables, their tags and the audit rows), to this thread,
 * each table's rows as values in the order of its columns (`batchOf`: no column name repeated on
 * every row, less to serialise, parse and collect: 10–15% more alerts/s than rows as objects,
 * docs/performance.md). The thread writes them in ONE transaction (the alerts one by one, then each
 * table's rows of the batch in a few multi-row statements), indexes them for full-text search (db/fulltext-at-commit.ts),
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
const ALERT_TAIL = ' ON CONFLICT ("organisation_id", "type", "source", "source_ref") DO NOTHING RETURNING *';
/** Per table and columns, the statement inserting one row of them; with a RETURNING tail, its row. */
const single = new Map();
function insertValues(table, columns, values, tail) {
  const key = table + tail + '\u0000' + columns.join('\u0000');
  let statement = single.get(key);
  if (statement === undefined) {
    statement = db.prepare('INSERT INTO ' + name(table) + ' (' + columns.map(name).join(', ') + ') VALUES (' +
      columns.map(() => '?').join(', ') + ')' + tail);
    single.set(key, statement);
  }
  return tail === '' ? statement.run(values) : statement.get(values);
}
/** A row sent as an object (its columns differ from its table's first row): its defined columns. */
function insertObject(table, row, tail) {
  const columns = Object.keys(row).filter((k) => row[k] !== undefined);
  return insertValues(table, columns, columns.map((c) => row[c]), tail);
}
/**
 * Statements inserting 2^k rows of a table's columns, k < 7: a batch's rows go in at most 7
 * statements per table, whatever their number, from 7 texts per shape. \`flat\` holds the rows'
 * values one after the other; with a RETURNING tail, \`each\` gets every row it returns.
 */
const many = new Map();
const MOST_ROWS = 64;
function insertMany(table, columns, flat, tail, each) {
  const width = columns.length;
  const rows = flat.length / width;
  if (rows === 0) return;
  const key = table + tail + '\u0000' + columns.join('\u0000');
  let byCount = many.get(key);
  if (byCount === undefined) {
    byCount = new Map();
    many.set(key, byCount);
  }
  const one = '(' + columns.map(() => '?').join(', ') + ')';
  for (let at = 0; at < rows; ) {
    let n = MOST_ROWS;
    while (n > rows - at) n >>= 1;
    let statement = byCount.get(n);
    if (statement === undefined) {
      statement = db.prepare('INSERT INTO ' + name(table) + ' (' + columns.map(name).join(', ') +
        ') VALUES ' + new Array(n).fill(one).join(', ') + tail);
      byCount.set(n, statement);
    }
    const values = n === rows ? flat : flat.slice(at * width, (at + n) * width);
    if (tail === '') statement.run(values);
    else for (const r of statement.all(values)) each(r);
    at += n;
  }
}
/**
 * A table's rows in their order: runs of rows of the table's columns (their values one after the
 * other) and, between them, rows of other columns (objects), written each by itself.
 */
function inOrder() {
  const parts = [[]];
  return {
    parts,
    add: (value) => parts[parts.length - 1].push(value),
    own: (row) => parts.push(row, []),
  };
}
function writeInOrder(table, columns, parts, tail, each) {
  for (const part of parts) {
    if (Array.isArray(part)) insertMany(table, columns, part, tail, each);
    else {
      const returned = insertObject(table, part, tail);
      if (tail !== '') each(returned);
    }
  }
}
const identity = (alertId, type, key) => alertId + '\u0000' + type + '\u0000' + key;
const writeAll = db.transaction((b) => {
  const now = Date.now();
  const out = [];
  // the alerts one by one (a key taken, or given twice, is skipped), then each table's rows at once
  const alertColumns = b.alerts.columns;
  const tags = [];
  for (let i = 0; i < b.alerts.rows.length; i++) {
    const row = b.alerts.rows[i];
    const alert = Array.isArray(row)
      ? insertValues('alert', alertColumns, row, ALERT_TAIL)
      : insertObject('alert', row, ALERT_TAIL);
    out.push(alert ?? null);
    if (alert === undefined) continue;
    const org = alert.organisation_id;
    for (const t of new Set(b.alertTags[i])) tags.push(org, 'alert', alert.id, t);
  }
  // observables: rows of the table's columns, with alert_id first
  const observableColumns = ['alert_id', ...b.observables.columns];
  const observables = inOrder();
  let at = 0;
  for (let i = 0; i < out.length; i++) {
    const alert = out[i];
    const n = b.observableCounts[i];
    if (alert !== null)
      for (let k = at; k < at + n; k++) {
        const row = b.observables.rows[k];
        if (Array.isArray(row)) {
          observables.add(alert.id);
          for (const v of row) observables.add(v);
        } else observables.own({ alert_id: alert.id, ...row });
      }
    at += n;
  }
  const ids = new Map();
  const know = (r) => ids.set(identity(r.alert_id, r.data_type, r.data_key), r.id);
  writeInOrder('observable', observableColumns, observables.parts, ' RETURNING id, alert_id, data_type, data_key', know);
  // the observables' tags and the audit rows, which name the observables by id
  const typeAt = b.observables.columns.indexOf('data_type');
  const keyAt = b.observables.columns.indexOf('data_key');
  const idOf = (alertId, k) => {
    const row = b.observables.rows[k];
    return Array.isArray(row)
      ? ids.get(identity(alertId, row[typeAt], row[keyAt]))
      : ids.get(identity(alertId, row.data_type, row.data_key));
  };
  const auditColumns = [...b.audit.columns, 'object_id', 'root_id', 'created_at'];
  const audit = inOrder();
  let first = 0;
  let auditAt = 0;
  for (let i = 0; i < out.length; i++) {
    const alert = out[i];
    const n = b.observableCounts[i];
    const m = b.auditCounts[i];
    if (alert !== null) {
      for (let k = first; k < first + n; k++) {
        const some = b.observableTags[k];
        if (some.length === 0) continue;
        const id = idOf(alert.id, k);
        for (const t of new Set(some)) tags.push(alert.organisation_id, 'observable', id, t);
      }
      for (let k = auditAt; k < auditAt + m; k++) {
        const about = b.auditObservable[k];
        const objectId = '~' + (about < 0 ? alert.id : idOf(alert.id, first + about));
        const row = b.audit.rows[k];
        if (Array.isArray(row)) {
          for (const v of row) audit.add(v);
          audit.add(objectId);
          audit.add('~' + alert.id);
          audit.add(now);
        } else audit.own({ ...row, object_id: objectId, root_id: '~' + alert.id, created_at: now });
      }
    }
    first += n;
    auditAt += m;
  }
  insertMany('entity_tag', ['organisation_id', 'entity_type', 'entity_id', 'tag'], tags, '');
  writeInOrder('audit', auditColumns, audit.parts, '');
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
    parentPort.postMessage({ id: message.id, rows: writeAll(JSON.parse(message.batch)) });
  } catch (error) {
    parentPort.postMessage({ id: message.id, error: String(error && error.message) });
  }
});
`;

/**
 * A table's rows as the thread takes them: each row as its values in the order of \`columns\`; a row
 * of other defined columns, as the object it is (the thread writes it by itself, in its place).
 */
interface Rows {
  columns: string[];
  rows: Array<unknown[] | Record<string, unknown>>;
}

/**
 * A batch of new alerts as the thread takes it: no key repeated on every row, and nothing the
 * thread does not write. Observables and audit rows are those of every alert, alert after alert.
 */
interface Batch {
  alerts: Rows;
  alertTags: ReadonlyArray<readonly string[]>;
  observables: Rows;
  /** Per alert, how many of \`observables\` are its own (and of \`auditCounts\`, audit rows). */
  observableCounts: number[];
  observableTags: ReadonlyArray<readonly string[]>;
  /** Audit rows without created_at, which the thread sets (the commit's time). */
  audit: Rows;
  auditCounts: number[];
  /** Per audit row, the place of its observable among its alert's, or -1 when it is the alert's. */
  auditObservable: number[];
}

/** The rows, with the first row's defined columns but \`omit\` as the table's columns. */
function rowsOf(records: ReadonlyArray<Record<string, unknown>>, omit?: string): Rows {
  const first = records[0];
  const columns = first ? Object.keys(first).filter((k) => first[k] !== undefined && k !== omit) : [];
  const rows = records.map((record) => {
    let n = 0;
    for (const k in record) {
      if (record[k] === undefined || k === omit) continue;
      if (columns[n++] !== k) return record;
    }
    return n === columns.length ? columns.map((c) => record[c]) : record;
  });
  return { columns, rows };
}

function batchOf(graphs: readonly NewAlertGraph[]): Batch {
  const observables: Array<Record<string, unknown>> = [];
  const observableTags: Array<readonly string[]> = [];
  const audit: Array<Record<string, unknown>> = [];
  const auditObservable: number[] = [];
  for (const g of graphs) {
    for (const o of g.observables) {
      observables.push(o.row);
      observableTags.push(o.tags);
    }
    for (const a of g.audit) {
      audit.push(a.row);
      const about = a.observable;
      if (!about) {
        auditObservable.push(-1);
        continue;
      }
      const place = g.observables.findIndex(
        (o) => o.row.data_type === about.dataType && o.row.data_key === about.dataKey,
      );
      if (place < 0)
        throw new Error(`audit row of an observable the alert does not have (${about.dataType})`);
      auditObservable.push(place);
    }
  }
  return {
    alerts: rowsOf(graphs.map((g) => g.alert)),
    alertTags: graphs.map((g) => g.alertTags),
    observables: rowsOf(observables),
    observableCounts: graphs.map((g) => g.observables.length),
    observableTags,
    audit: rowsOf(audit, 'created_at'),
    auditCounts: graphs.map((g) => g.audit.length),
    auditObservable,
  };
}

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
      // as JSON: parsed in the thread faster than a structured clone of the same values
      this.start().postMessage({ id, batch: JSON.stringify(batchOf(graphs)) });
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
