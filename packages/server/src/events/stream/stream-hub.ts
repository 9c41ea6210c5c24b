/**
 * The live streams of this process (TheHive's `/api/stream` long poll): each belongs to one user in
 * one organisation and buffers that organisation's audit rows written after it was opened, until
 * its user polls. Rows come from the process's one outbox reader (outbox-reader.ts); a waiting poll
 * is answered as soon as rows for it arrive.
 *
 * Memory is bounded: at most `maxBuffered` rows wait in a stream (the oldest are dropped, and the
 * log says so), at most `maxStreamsPerUser` streams per user (opening one more closes the user's
 * least recently polled), and a stream nobody polled for `keepAliveMs` is closed.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { type AuditRow, lastAuditId } from '../../db/repositories/audit-feed.js';
import type { Database } from '../../db/schema.js';
import { defaultReaderOptions, OutboxReader, type OutboxReaderOptions } from './outbox-reader.js';
import { ShareAudience } from './share-audience.js';

const SWEEP_MS = 30_000;
const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
export const STREAM_ID = /^[a-zA-Z0-9]{20}$/;

export interface StreamOptions {
  /** Longest wait of a poll before it answers an empty list. */
  refreshMs: number;
  /** A stream not polled for this long is closed. */
  keepAliveMs: number;
  maxBuffered: number;
  maxStreamsPerUser: number;
  reader?: OutboxReaderOptions;
}

interface Stream {
  id: string;
  userId: number;
  organisationId: number;
  /** Rows with a higher id are delivered (the outbox's end when the stream was opened)... */
  startId: number;
  /** ...and these lower ones, which were not committed yet when it was opened (PostgreSQL). */
  lateAtStart: Set<number>;
  buffer: AuditRow[];
  dropped: number;
  lastSeen: number;
  /** Polls received: the latest one is answered, earlier ones get []. */
  polls: number;
  waiter?: { resolve: (rows: AuditRow[]) => void; timer: NodeJS.Timeout };
}

export function newStreamId(): string {
  // 62 letters: rejecting bytes from 248 up keeps every letter equally likely.
  let id = '';
  while (id.length < 20) {
    for (const b of randomBytes(32)) {
      if (b < 248 && id.length < 20) id += ID_ALPHABET[b % ID_ALPHABET.length];
    }
  }
  return id;
}

export class StreamHub {
  private readonly streams = new Map<string, Stream>();
  private readonly byOrganisation = new Map<number, Set<Stream>>();
  private readonly reader: OutboxReader;
  private readonly sweeper: NodeJS.Timeout;
  private stopped = false;
  /** Organisations with shares: their streams also buffer other organisations' case rows. */
  private readonly shares: ShareAudience;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly options: StreamOptions,
    private readonly warn: (message: string) => void,
  ) {
    this.shares = new ShareAudience(db);
    this.reader = new OutboxReader(
      db,
      (rows) => this.dispatch(rows),
      () => this.streams.size > 0,
      warn,
      options.reader ?? defaultReaderOptions,
    );
    this.sweeper = setInterval(() => this.sweep(), Math.min(SWEEP_MS, options.keepAliveMs)).unref();
  }

  /** Opens a stream for a user in an organisation; it receives what is written from now on. */
  async create(userId: number, organisationId: number): Promise<string> {
    const startId = await lastAuditId(this.db);
    await this.shares.load();
    // With no stream open nothing was read: start reading at the end, not where reading last stopped.
    if (this.streams.size === 0) this.reader.restart(startId);
    const mine = [...this.streams.values()].filter((s) => s.userId === userId);
    if (mine.length >= this.options.maxStreamsPerUser) {
      const oldest = mine.reduce((a, b) => (a.lastSeen <= b.lastSeen ? a : b));
      this.remove(oldest);
    }
    const stream: Stream = {
      id: newStreamId(),
      userId,
      organisationId,
      startId,
      lateAtStart: new Set(this.reader.awaitedUpTo(startId)),
      buffer: [],
      dropped: 0,
      lastSeen: Date.now(),
      polls: 0,
    };
    this.streams.set(stream.id, stream);
    const audience = this.byOrganisation.get(organisationId) ?? new Set<Stream>();
    audience.add(stream);
    this.byOrganisation.set(organisationId, audience);
    return stream.id;
  }

  /**
   * Waits for the stream's next rows: answers at once with what is buffered, else when rows arrive,
   * else with [] after the refresh period. Undefined when there is no such stream for this user in
   * this organisation (never opened, closed, expired, another user's or another organisation's).
   */
  poll(id: string, userId: number, organisationId: number): Promise<AuditRow[]> | undefined {
    const stream = this.streams.get(id);
    if (!stream || stream.userId !== userId || stream.organisationId !== organisationId || this.stopped)
      return undefined;
    if (!stream.waiter && Date.now() - stream.lastSeen > this.options.keepAliveMs) {
      this.remove(stream);
      return undefined;
    }
    stream.lastSeen = Date.now();
    // A second poll on the same stream takes over: the first one answers empty.
    this.settle(stream, []);
    return this.answer(stream, ++stream.polls);
  }

  /**
   * Reads the outbox first, so that everything committed before the poll arrived is in the answer
   * (a commit's wake-up read may still be under way), then answers or waits.
   */
  private async answer(stream: Stream, poll: number): Promise<AuditRow[]> {
    await this.reader.wake();
    // Stopped, closed, or taken over by a later poll meanwhile.
    if (this.stopped || stream.polls !== poll || !this.streams.has(stream.id)) return [];
    if (stream.buffer.length > 0) return this.drain(stream);
    return new Promise<AuditRow[]>((resolve) => {
      const timer = setTimeout(() => this.settle(stream, []), this.options.refreshMs);
      stream.waiter = { resolve, timer };
    });
  }

  /** Answers every waiting poll and stops reading (the server is stopping). */
  stop(): void {
    this.stopped = true;
    this.reader.stop();
    clearInterval(this.sweeper);
    for (const s of this.streams.values()) this.settle(s, []);
    this.streams.clear();
    this.byOrganisation.clear();
  }

  private dispatch(rows: readonly AuditRow[]): void {
    const touched = new Set<Stream>();
    for (const row of rows) {
      this.shares.note(row);
      const audience =
        row.organisation_id === null ? undefined : this.byOrganisation.get(row.organisation_id);
      const others =
        row.root_id === null
          ? []
          : [...this.streams.values()].filter(
              (s) => s.organisationId !== row.organisation_id && this.shares.has(s.organisationId),
            );
      for (const s of [...(audience ?? []), ...others]) {
        if (row.id <= s.startId && !s.lateAtStart.delete(row.id)) continue;
        s.buffer.push(row);
        touched.add(s);
      }
    }
    for (const s of touched) {
      const excess = s.buffer.length - this.options.maxBuffered;
      if (excess > 0) {
        s.buffer = s.buffer.slice(excess);
        if (s.dropped === 0)
          this.warn(
            `live stream ${s.id}: more than ${this.options.maxBuffered} events waiting, oldest dropped until its next poll`,
          );
        s.dropped += excess;
      }
      if (s.waiter) this.settle(s, this.drain(s));
    }
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
    const audience = this.byOrganisation.get(stream.organisationId);
    audience?.delete(stream);
    if (audience?.size === 0) this.byOrganisation.delete(stream.organisationId);
  }

  private sweep(): void {
    const now = Date.now();
    for (const s of this.streams.values()) {
      if (!s.waiter && now - s.lastSeen > this.options.keepAliveMs) this.remove(s);
    }
  }
}
