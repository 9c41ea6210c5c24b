/**
 * Group commit: write transactions that arrive while another one runs are queued and then run back
 * to back inside ONE database transaction and committed together. A unit that fails is rolled back
 * alone (PostgreSQL: each runs in its own savepoint; SQLite: see below); the others commit. Every unit's promise
 * settles only after the COMMIT that ended its batch (a failed unit too: a unit refused because
 * another unit of the batch holds the same unique key learns it only once that unit's data is
 * committed), so "success is answered after commit" holds for each request.
 *
 * SQLite: every commit writes each page it touched into the WAL; an alert with its observables,
 * tags, audit rows and full-text entries touches dozens of pages, mostly the same rightmost index
 * pages as the next alert's. Committing 20 alerts at once writes those pages once. SQLite has one
 * writer, so nothing runs in parallel anyway: one lane. better-sqlite3 is synchronous: a whole
 * request runs within one turn of the event loop, so before committing, the batch yields one turn
 * (setImmediate) to let requests already received reach their transaction and join. The batch runs
 * on the event loop that also answers reads: it yields a turn whenever it has run SLICE_MS without
 * one (or as long as the last turn took, if longer: the writes are not starved by reads queued back
 * to back), and between two batches, so that a read arriving meanwhile waits for one slice (a few
 * units) rather than for a whole batch of up to MAX_UNITS (docs/performance.md, "reads while
 * ingesting"). Before a batch it waits, without holding the event loop, for what `beforeBatch`
 * returns: on SQLite the checkpoint that lets the WAL start over once it has grown (db/checkpointer.ts).
 * Before its COMMIT a batch that wrote runs `beforeCommit`: on SQLite the full-text entries of the
 * batch's new alerts and observables (db/fulltext-at-commit.ts).
 *
 * SQLite runs the units of a batch without savepoints: a savepoint per unit cost two statements and
 * made FTS5 write its pending terms out as a new segment. When a unit fails, the whole batch is
 * rolled back, the unit is answered with its error, the units that had succeeded run again in the
 * next batch (none of them answered yet), and that next batch runs each unit in a savepoint, so
 * that a run of failing units costs one batch run again, not one per failure. A unit refused for a
 * unique key another unit of the rolled-back batch held runs again after that unit. A unit whose
 * error is marked by `nothingWritten` (a new alert whose key is taken: its first statement is
 * refused) fails alone and the batch goes on.
 *
 * PostgreSQL: each commit is a round trip and (with synchronous_commit on) a WAL flush the client
 * waits for; a lane holds one pooled connection for a batch, so BEGIN and COMMIT are paid once per
 * batch, and between two units the release of one savepoint and the start of the next travel as one
 * message. A few lanes run side by side (`GroupCommits`), so that one unit waiting on a lock does
 * not stop every writer. Units of two lanes can wait on each other (one holds an alert key the
 * other inserts, the other a row the first updates): PostgreSQL then refuses one with a deadlock
 * (SQLSTATE 40P01) and the unit is run again in the next batch of its lane.
 *
 * SQLite: units of an `apart` kind (new alerts, db/alert-writer-thread.ts) are committed together by
 * another connection, on another thread, in batches of their own. Up to two such batches are in
 * flight (one runs while the next waits there); a transaction of the lane's own connection, and the
 * WAL's restart, wait until none is, so the two connections never write at once. If such a batch
 * fails, its units run again by themselves (`fn`), in the next batches of this lane.
 *
 * A unit that is ONE statement can run without a savepoint (`{ savepoint: false }`, PostgreSQL's
 * new alert: repositories/new-alert-pg.ts), saving a round trip per unit. Such a unit either fails
 * in the database, and PostgreSQL then refuses every later statement of the transaction: the batch
 * is rolled back, the unit answered with its error (or run again, when retryable) and the batch's
 * other units run again in the next batch, none of them answered yet; or it refuses without having
 * written anything, throwing an error marked by `nothingWritten` (its alert key was taken: the
 * INSERT ... ON CONFLICT DO NOTHING inserted no row), and the batch goes on. Any other error of such
 * a unit is treated as a database failure.
 */
import { CompiledQuery, type Kysely, sql, type Transaction } from 'kysely';
import { ALERT_DEDUP_CONSTRAINT, UniqueConflictError, uniqueViolation } from './errors.js';
import type { Database } from './schema.js';

type Unit = {
  fn: (trx: Transaction<Database>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  /** Runs after a deadlock or a conflict with a unit whose batch did not commit. */
  attempts: number;
  /** Whether the unit runs in a savepoint of its own (see above). */
  savepoint: boolean;
  combine?: Combinable<unknown, unknown>;
  /** SQLite: committed with others of its kind by another connection (see above). */
  apart?: Apart<unknown, unknown>;
  /** Run by itself (`fn`) rather than combined: its combined run failed in the database. */
  alone?: boolean;
};

/**
 * Units of one kind that one call can run together (PostgreSQL's new alerts: one statement for the
 * alerts of a batch, repositories/new-alert-pg.ts). `runAll` gets the inputs of the units of this
 * kind that wait, in order, and returns each unit's value or its `nothingWritten` refusal; if it
 * throws, the batch is rolled back and each of these units runs again by itself (`fn`), so that a
 * unit whose data the database refuses fails alone.
 */
export interface Combinable<I, T> {
  /** Units with the same `kind` (compared by identity) are combined. */
  kind: object;
  input: I;
  runAll(trx: Transaction<Database>, inputs: I[]): Promise<Array<{ value: T } | { error: unknown }>>;
}

/**
 * SQLite: units of one kind that another connection commits in a transaction of its own (new alerts,
 * db/alert-writer-thread.ts). `commitAll` gets the inputs of the units of this kind that wait, in
 * order, and resolves once its transaction committed, with each unit's value or its refusal (an
 * alert whose key was taken); it rejects when its transaction was rolled back, and each unit then
 * runs again by itself (`fn`).
 */
export interface Apart<I, T> {
  /** Units with the same `kind` (compared by identity) are committed together. */
  kind: object;
  input: I;
  commitAll(inputs: I[]): Promise<Array<{ value: T } | { error: unknown }>>;
}

/** Marks the error of a unit that wrote nothing before throwing it: its batch can go on without a savepoint. */
const NOTHING_WRITTEN = Symbol('nothing written');

export function nothingWritten<E extends object>(error: E): E {
  (error as { [NOTHING_WRITTEN]?: true })[NOTHING_WRITTEN] = true;
  return error;
}

const wroteNothing = (error: unknown) =>
  typeof error === 'object' &&
  error !== null &&
  (error as { [NOTHING_WRITTEN]?: true })[NOTHING_WRITTEN] === true;

export interface UnitOptions {
  /**
   * false: the unit is one statement, and when it throws an error marked by `nothingWritten` it
   * wrote nothing; any other error aborts its batch (see above). Default true.
   */
  savepoint?: boolean;
  /** With `savepoint: false`: how to run this unit together with others of its kind. */
  // biome-ignore lint/suspicious/noExplicitAny: inputs of any kind; `runAll` and `input` agree
  combine?: Combinable<any, unknown>;
  /** SQLite: how another connection commits this unit with others of its kind (see above). */
  // biome-ignore lint/suspicious/noExplicitAny: inputs of any kind; `commitAll` and `input` agree
  apart?: Apart<any, unknown>;
}

/**
 * SQLite: what a batch waits for before it starts (the checkpoint that lets the WAL start over,
 * db/checkpointer.ts). `due` says whether `wait` would wait, without asking for anything yet.
 */
export interface WriteGate {
  due(): boolean;
  wait(): Promise<void> | undefined;
}

/**
 * SQLite: apart batches sent to their thread and not answered yet. Two: one runs there while the
 * next waits, so the thread never waits for this one between two batches.
 */
const APART_IN_FLIGHT = 2;

/** Most units in one transaction: bounds the wait of the first unit of a batch. */
const MAX_UNITS = 64;
/**
 * SQLite: the longest a batch runs on the event loop before it lets the loop turn (ms). A new alert
 * with 5 observables is about 0.5 ms of statements, so a slice is a handful of units; a turn costs a
 * few tens of microseconds.
 */
const SLICE_MS = 4;

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
/** Runs of one unit that met a deadlock (or lost its key to a batch that then failed). */
const MAX_ATTEMPTS = 3;

/** Thrown out of a batch's transaction when a unit's failure left it unusable (`aborting` says which). */
const ABORTED = Symbol('batch aborted by a unit');

/** SQLite's savepoint statements, built once (they run once per unit of a batch). */
const SAVEPOINT = CompiledQuery.raw('SAVEPOINT grouped');
const RELEASE = CompiledQuery.raw('RELEASE SAVEPOINT grouped');
const ROLLBACK_TO = CompiledQuery.raw('ROLLBACK TO SAVEPOINT grouped');

/**
 * Deadlock detected, or a serialization failure: the unit did nothing wrong, run it again.
 *
 * PostgreSQL also: a unique key that a unit of another lane committed while this unit ran. The
 * unit looked for the row (a case's observable of this value, a tag) before that commit, found
 * none and inserted it, and the insert waited on the other lane's row, then failed. Run again, it
 * finds the row and takes the path for an existing one (two alerts bringing the same value merged
 * into one case at once: both succeed, one observable). An alert's own key (alert_dedup) is left
 * out: a duplicate alert is the answer, and running it again would only say so twice.
 */
const retryable = (error: unknown, pg: boolean) => {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === '40P01' || code === '40001') return true;
  if (!pg) return false;
  const constraint =
    error instanceof UniqueConflictError ? error.constraint : uniqueViolation(error)?.constraint;
  return constraint !== undefined && constraint !== ALERT_DEDUP_CONSTRAINT;
};

export class GroupCommit {
  private readonly queue: Unit[] = [];
  private running = false;
  /** SQLite: the next batch runs every unit in a savepoint, since the last one was rolled back. */
  private careful = false;
  /** SQLite: wakes the batch loop while it waits for the thread with nothing queued. */
  private arrived: (() => void) | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly afterCommit: () => void,
    private readonly dialect: 'sqlite' | 'postgres' = 'sqlite',
    /** SQLite: what to wait for before a batch (the WAL's restart, db/checkpointer.ts), if anything. */
    private readonly beforeBatch?: WriteGate,
    /** What a batch that wrote runs last, before its COMMIT (SQLite: db/fulltext-at-commit.ts). */
    private readonly beforeCommit?: (trx: Transaction<Database>) => Promise<void>,
  ) {}

  /** Units waiting or running: where `GroupCommits` sends the next one. */
  get load(): number {
    return this.queue.length + (this.running ? 1 : 0);
  }

  run<T>(fn: (trx: Transaction<Database>) => Promise<T>, options: UnitOptions = {}): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({
        fn,
        resolve: resolve as (value: unknown) => void,
        reject,
        attempts: 0,
        savepoint: options.savepoint ?? true,
        ...(options.combine && options.savepoint === false ? { combine: options.combine } : {}),
        ...(options.apart && this.dialect === 'sqlite' ? { apart: options.apart } : {}),
      });
      if (!this.running) void this.drain();
      else this.arrived?.();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    /** Apart batches sent to their thread, not answered yet. */
    const flying = new Set<Promise<void>>();
    try {
      /** Whether the event loop turned since the last batch (an apart batch awaits another thread). */
      let turned = true;
      while (this.queue.length > 0 || flying.size > 0) {
        const head = this.queue[0];
        const apart = head?.apart !== undefined && !head.alone;
        if (
          flying.size > 0 &&
          (head === undefined || !apart || flying.size >= APART_IN_FLIGHT || this.beforeBatch?.due())
        ) {
          // This connection's transaction, or the WAL's restart, waits for the thread's batches to
          // end; the next apart batch for one of them to end, or for a unit to send along.
          const arrival = head === undefined ? new Promise<void>((r) => (this.arrived = r)) : undefined;
          await Promise.race(arrival ? [...flying, arrival] : flying);
          this.arrived = undefined;
          // a unit that just arrived waits one turn for the others parsed with it
          turned = arrival === undefined;
          continue;
        }
        // SQLite: what arrived during the last batch (reads too) is served before the next one starts
        if (!turned) {
          await nextTurn();
          turned = true;
          continue;
        }
        const wait = this.beforeBatch?.wait();
        if (wait) await wait;
        if (apart) {
          const sent: Promise<void> = this.apartBatch(head.apart!.kind).finally(() => flying.delete(sent));
          flying.add(sent);
        } else {
          await this.batch();
          turned = this.dialect !== 'sqlite';
        }
      }
    } finally {
      this.running = false;
    }
  }

  /** Runs queued units in one transaction and settles them once it has committed or failed. */
  private async batch(): Promise<void> {
    const done: Array<{ unit: Unit; value: unknown }> = [];
    const failed: Array<{ unit: Unit; error: unknown }> = [];
    const again: Unit[] = [];
    /** The unit whose failure left the transaction unusable: the batch is rolled back. */
    let aborting: { unit: Unit; error: unknown } | undefined;
    /** Units whose combined run failed: the batch is rolled back, and they run again one by one. */
    let abortingCombined: Unit[] | undefined;
    const pg = this.dialect === 'postgres';
    /** SQLite: units run without savepoints; a unit's failure rolls the batch back (see above). */
    const optimistic = !pg && !this.careful;
    this.careful = false;
    /** Whether a unit was taken from the queue: if none, the transaction itself could not start. */
    let took = false;
    try {
      await this.db.transaction().execute(async (trx) => {
        /** PostgreSQL: the savepoint of the last unit that succeeded, not released yet. */
        let open = false;
        /** SQLite: when the batch last let the event loop turn, and how long it runs before the next turn. */
        let slice = performance.now();
        let budget = SLICE_MS;
        while (done.length + failed.length + again.length < MAX_UNITS) {
          // SQLite: requests are parsed in later turns of the event loop: give them one turn to join;
          // and after its budget of work, one turn for what waits (a read, a request to parse). The
          // budget is SLICE_MS, or as long as the last turn took when that was longer (reads queued
          // back to back): the writes keep about half of a contended thread instead of starving.
          if (!pg && (this.queue.length === 0 || performance.now() - slice > budget)) {
            const left = performance.now();
            await nextTurn();
            slice = performance.now();
            budget = Math.max(SLICE_MS, slice - left);
          }
          const unit = this.queue.shift();
          if (!unit) break;
          if (unit.apart && !unit.alone) {
            // committed by another connection: after this transaction, in a batch of its own
            this.queue.unshift(unit);
            break;
          }
          took = true;
          if (unit.combine && !unit.alone) {
            // this unit and the others of its kind that wait, in one call
            const kind = unit.combine.kind;
            const room = MAX_UNITS - (done.length + failed.length + again.length);
            const units = [unit, ...this.take(room - 1, (o) => o.combine?.kind === kind)];
            let results: Array<{ value: unknown } | { error: unknown }>;
            try {
              results = await unit.combine.runAll(
                trx,
                units.map((u) => u.combine!.input),
              );
            } catch {
              abortingCombined = units;
              throw ABORTED;
            }
            results.forEach((result, i) => {
              if ('value' in result) done.push({ unit: units[i]!, value: result.value });
              else failed.push({ unit: units[i]!, error: result.error });
            });
            continue;
          }
          // Alone so far, one statement, or SQLite's optimistic batch: no savepoint; a failure rolls
          // the whole transaction back.
          if (
            !unit.savepoint ||
            optimistic ||
            (done.length === 0 && failed.length === 0 && again.length === 0)
          ) {
            try {
              done.push({ unit, value: await unit.fn(trx) });
            } catch (error) {
              if ((!unit.savepoint || optimistic) && wroteNothing(error)) {
                failed.push({ unit, error });
                continue;
              }
              aborting = { unit, error };
              throw ABORTED;
            }
            continue;
          }
          if (pg)
            await sql
              .raw(open ? 'RELEASE SAVEPOINT grouped; SAVEPOINT grouped' : 'SAVEPOINT grouped')
              .execute(trx);
          else await trx.executeQuery(SAVEPOINT);
          open = false;
          try {
            const value = await unit.fn(trx);
            if (pg) open = true;
            else await trx.executeQuery(RELEASE);
            done.push({ unit, value });
          } catch (error) {
            if (pg) await sql.raw('ROLLBACK TO SAVEPOINT grouped; RELEASE SAVEPOINT grouped').execute(trx);
            else {
              await trx.executeQuery(ROLLBACK_TO);
              await trx.executeQuery(RELEASE);
            }
            if (retryable(error, pg) && unit.attempts + 1 < MAX_ATTEMPTS) again.push(unit);
            else failed.push({ unit, error });
          }
        }
        if (done.length > 0 && this.beforeCommit) await this.beforeCommit(trx);
      });
    } catch (error) {
      if (!took) {
        // No connection, or BEGIN refused (the database is down, or closed on shutdown): every unit
        // waiting would meet the same failure, and left queued they would be tried again at once,
        // forever. Each is answered with the error (nothing of theirs was written).
        for (const unit of this.queue.splice(0)) unit.reject(error);
        return;
      }
      if (error === ABORTED && abortingCombined) {
        // None of them is answered yet: each runs again by itself, so that a failure is its own.
        this.queue.unshift(...done.map((d) => d.unit));
        for (const unit of abortingCombined) unit.alone = true;
        this.queue.unshift(...abortingCombined);
      } else if (error !== ABORTED || !aborting) {
        for (const d of done) d.unit.reject(error);
      } else {
        // The units that succeeded did nothing wrong: they run again in the next batch, unanswered.
        this.queue.unshift(...done.map((d) => d.unit));
        const { unit } = aborting;
        if (retryable(aborting.error, pg) && unit.attempts + 1 < MAX_ATTEMPTS) again.push(unit);
        else if (
          !pg &&
          done.length > 0 &&
          uniqueViolation(aborting.error) &&
          unit.attempts + 1 < MAX_ATTEMPTS
        ) {
          // SQLite: the key may belong to a unit of this batch, which did not commit: run it again
          // after those, so that it meets the key only if that unit commits it
          unit.attempts++;
          this.queue.splice(done.length, 0, unit);
        } else unit.reject(aborting.error);
        if (!pg) this.careful = true;
      }
      // A unit refused for a key that another unit of this batch held: that unit did not commit
      // either, so the key may be free; run it again.
      for (const f of failed) {
        if ((uniqueViolation(f.error) || wroteNothing(f.error)) && f.unit.attempts + 1 < MAX_ATTEMPTS)
          again.push(f.unit);
        else f.unit.reject(f.error);
      }
      this.requeue(again);
      return;
    }
    if (done.length > 0) this.afterCommit();
    for (const d of done) d.unit.resolve(d.value);
    for (const f of failed) f.unit.reject(f.error);
    this.requeue(again);
  }

  /** SQLite: the waiting units of an apart kind, committed by their other connection (see above). */
  private async apartBatch(kind: object): Promise<void> {
    const units = this.take(MAX_UNITS, (u) => u.apart?.kind === kind);
    let results: Array<{ value: unknown } | { error: unknown }>;
    try {
      results = await units[0]!.apart!.commitAll(units.map((u) => u.apart!.input));
    } catch {
      // Rolled back: each runs again by itself, in batches that take savepoints, so that the unit
      // at fault fails alone.
      for (const unit of units) unit.alone = true;
      this.queue.unshift(...units);
      this.careful = true;
      return;
    }
    this.afterCommit();
    results.forEach((result, i) => {
      if ('value' in result) units[i]!.resolve(result.value);
      else units[i]!.reject(result.error);
    });
  }

  /** Takes out of the queue, in order, up to `room` waiting units of a kind (none to run alone). */
  private take(room: number, ofKind: (unit: Unit) => boolean): Unit[] {
    const units: Unit[] = [];
    for (let i = 0; i < this.queue.length && units.length < room; ) {
      const unit = this.queue[i]!;
      if (ofKind(unit) && !unit.alone) {
        units.push(unit);
        this.queue.splice(i, 1);
      } else i++;
    }
    return units;
  }

  private requeue(units: Unit[]): void {
    for (const u of units) u.attempts++;
    this.queue.unshift(...units);
  }
}

/** PostgreSQL: a few group committers side by side, each unit sent to the least busy one. */
export class GroupCommits {
  private readonly lanes: GroupCommit[];

  constructor(db: Kysely<Database>, afterCommit: () => void, lanes: number) {
    this.lanes = Array.from({ length: lanes }, () => new GroupCommit(db, afterCommit, 'postgres'));
  }

  run<T>(fn: (trx: Transaction<Database>) => Promise<T>, options?: UnitOptions): Promise<T> {
    let best = this.lanes[0]!;
    for (const lane of this.lanes) if (lane.load < best.load) best = lane;
    return best.run(fn, options);
  }
}
