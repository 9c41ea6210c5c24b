/**
 * The live stream (TheHive's `/api/stream` long poll): streams of audit events per user, fed by ONE
 * reader per process that reads the audit outbox by increasing id and hands each row to the streams
 * of its organisation.
 *
 * The reader runs when a write commits in this process (events/commit-signal.ts) and every
 * POLL_MS, which also brings writes made by other Propolis processes sharing a PostgreSQL
 * database. Reads never overlap: a commit signal during a read makes one more read after it.
 *
 * On PostgreSQL, ids come from a sequence and a transaction may commit after another that took a
 * later id: a reader that had moved past the later id would miss the earlier one. So on PostgreSQL
 * the reader always re-reads the last REREAD_IDS ids before its cursor and skips the ids it already
 * dispatched. An event is missed only if more than REREAD_IDS audit rows were written between its
 * own write and its commit. SQLite has one writer: ids are visible in order.
 *
 * Memory is bounded: at most `maxBuffered` events wait in a stream (the oldest are dropped, and the
 * log says so), at most `maxStreamsPerUser` streams per user (creating one more drops the user's
 * least recently polled), and a stream nobody polled for `keepAliveMs` is removed.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Dialect } from '../db/database.js';
import { type AuditRow, auditsAfter, lastAuditId } from '../db/repositories/audit-feed.js';
import type { Database } from '../db/schema.js';
import { onCommit } from './commit-signal.js';

const POLL_MS = 1000;
const READ_BATCH = 1000;
const REREAD_IDS = 1000;
const SWEEP_MS = 30_000;
const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export interface StreamOptions {
  /** Longest wait of a poll before it answers an empty list. */
  refreshMs: number;
  /** A stream not polled for this long is removed. */
  keepAliveMs: number;
  maxBuffered: number;
  maxStreamsPerUser: number;
}

interface Stream {
  id: string;
  userId: number;
  organisationId: number;
  /** Only events with a higher id are delivered (the outbox's end when the stream was created). */
  startId: number;
  buffer: AuditRow[];
  dropped: number;
  lastSeen: number;
  waiter?: { resolve: (rows: AuditRow[]) => void; timer: NodeJS.Timeout };
}

export function newStreamId(): string {
  const bytes = randomBytes(20);
  return Array.from(bytes, (b) => ID_ALPHABET[b % ID_ALPHABET.length]).join('');
}

export class StreamHub {
  private readonly streams = new Map<string, Stream>();
  private cursor = 0;
  /** Ids dispatched within the re-read window (PostgreSQL only). */
  private readonly seen = new Set<number>();
  private reading = false;
  private again = false;
  private stopped = false;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly unsubscribe: () => void;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
    private readonly options: StreamOptions,
    private readonly warn: (message: string) => void,
  ) {
    this.unsubscribe = onCommit(() => this.wake());
    this.timers.push(setInterval(() => this.wake(), POLL_MS).unref());
    this.timers.push(setInterval(() => this.sweep(), SWEEP_MS).unref());
  }

  /** Opens a stream for a user in an organisation; it receives what is written from now on. */
  async create(userId: number, organisationId: number): Promise<string> {
    const startId = await lastAuditId(this.db);
    // With no stream open nothing was read: start reading at the end, not where reading last stopped.
    if (this.streams.size === 0) {
      this.cursor = startId;
      this.seen.clear();
    }
    const mine = [...this.streams.values()].filter((s) => s.userId === userId);
    if (mine.length >= this.options.maxStreamsPerUser) {
      const oldest = mine.reduce((a, b) => (a.lastSeen <= b.lastSeen ? a : b));
      this.remove(oldest);
    }
    const id = newStreamId();
    this.streams.set(id, {
      id,
      userId,
      organisationId,
      startId,
      buffer: [],
      dropped: 0,
      lastSeen: Date.now(),
    });
    return id;
  }

  /**
   * Waits for the stream's next events: answers at once with what is buffered, else when events
   * arrive, else with [] after the refresh period. Undefined when the stream does not exist (or is
   * another user's).
   */
  poll(id: string, userId: number): Promise<AuditRow[]> | undefined {
    const stream = this.streams.get(id);
    if (!stream || stream.userId !== userId || this.stopped) return undefined;
    stream.lastSeen = Date.now();
    // A second poll on the same stream takes over: the first one answers empty.
    this.settle(stream, []);
    if (stream.buffer.length > 0) return Promise.resolve(this.drain(stream));
    return new Promise<AuditRow[]>((resolve) => {
      const timer = setTimeout(() => this.settle(stream, []), this.options.refreshMs);
      stream.waiter = { resolve, timer };
    });
  }

  /** Answers every waiting poll and stops reading. */
  stop(): void {
    this.stopped = true;
    this.unsubscribe();
    for (const t of this.timers) clearInterval(t);
    for (const s of this.streams.values()) this.settle(s, []);
    this.streams.clear();
  }

  private wake(): void {
    if (this.stopped || this.streams.size === 0) return;
    if (this.reading) {
      this.again = true;
      return;
    }
    void this.read();
  }

  private async read(): Promise<void> {
    this.reading = true;
    try {
      do {
        this.again = false;
        const reread = this.dialect === 'postgres' ? REREAD_IDS : 0;
        let from = Math.max(0, this.cursor - reread);
        for (;;) {
          const rows = await auditsAfter(this.db, from, READ_BATCH);
          this.dispatch(rows);
          if (rows.length < READ_BATCH) break;
          from = rows[rows.length - 1]!.id;
        }
      } while (this.again && !this.stopped);
    } catch (error) {
      this.warn(`live stream: reading the audit outbox failed (${String(error)}); retrying`);
    } finally {
      this.reading = false;
    }
  }

  private dispatch(rows: AuditRow[]): void {
    const touched = new Set<Stream>();
    for (const row of rows) {
      if (this.seen.has(row.id) || (this.dialect !== 'postgres' && row.id <= this.cursor)) continue;
      if (this.dialect === 'postgres') this.seen.add(row.id);
      if (row.id > this.cursor) this.cursor = row.id;
      for (const s of this.streams.values()) {
        if (s.organisationId !== row.organisation_id || row.id <= s.startId) continue;
        s.buffer.push(row);
        if (s.buffer.length > this.options.maxBuffered) {
          s.buffer.shift();
          if (s.dropped++ === 0)
            this.warn(
              `live stream ${s.id}: more than ${this.options.maxBuffered} events waiting, oldest dropped`,
            );
        }
        touched.add(s);
      }
    }
    if (this.dialect === 'postgres') {
      for (const id of this.seen) if (id <= this.cursor - REREAD_IDS) this.seen.delete(id);
    }
    for (const s of touched) if (s.waiter) this.settle(s, this.drain(s));
  }

  private drain(stream: Stream): AuditRow[] {
    const rows = stream.buffer;
    stream.buffer = [];
    stream.dropped = 0;
    return rows;
  }

  private settle(stream: Stream, rows: AuditRow[]): void {
    const waiter = stream.waiter;
    if (!waiter) return;
    stream.waiter = undefined;
    clearTimeout(waiter.timer);
    stream.lastSeen = Date.now();
    waiter.resolve(rows);
  }

  private remove(stream: Stream): void {
    this.settle(stream, []);
    this.streams.delete(stream.id);
  }

  private sweep(): void {
    const now = Date.now();
    for (const s of this.streams.values()) {
      if (!s.waiter && now - s.lastSeen > this.options.keepAliveMs) this.remove(s);
    }
  }
}
