/**
 * Server-Sent Events (`GET /api/v1/events`): the audit rows of the caller's organisation as they are
 * committed, for browsers (EventSource) and scripts. One hub per process with one OutboxReader (the
 * live stream's, with its handling of ids committed out of order), reading only while a client is
 * connected. A client that reconnects with `Last-Event-ID` (the last audit id it received) first gets
 * what it missed, read from the database (at most `maxCatchUp` rows), then the live rows, none twice.
 */
import type { Kysely } from 'kysely';
import { type AuditRow, lastAuditId, organisationAuditsAfter } from '../../db/repositories/audit-feed.js';
import type { Database } from '../../db/schema.js';
import type { Scope } from '../../db/scope.js';
import { defaultReaderOptions, OutboxReader } from '../stream/outbox-reader.js';
import { ShareAudience } from '../stream/share-audience.js';

export const MAX_CATCH_UP = 10_000;

interface Client {
  organisationId: number;
  /** Rows wait here while the client catches up. */
  buffer: AuditRow[] | undefined;
  sent: Set<number> | undefined;
  send(rows: AuditRow[]): void;
}

export class EventHub {
  private readonly clients = new Set<Client>();
  private readonly reader: OutboxReader;
  private readonly closers = new Set<() => void>();
  /** Set by stop: a connection that subscribes after (or while) the hub stops is ended at once. */
  private stopped = false;
  /** Organisations with shares: they are also offered other organisations' case rows. */
  private readonly shares: ShareAudience;

  constructor(
    private readonly db: Kysely<Database>,
    warn: (message: string) => void,
  ) {
    this.shares = new ShareAudience(db);
    this.reader = new OutboxReader(
      db,
      (rows) => this.dispatch(rows),
      () => this.clients.size > 0,
      (m) => warn(`events: ${m.replace(/^live stream: /, '')}`),
      defaultReaderOptions,
    );
  }

  /**
   * Starts sending the organisation's rows to `send` (after `lastEventId` when given: the rows the
   * read scope sees, shared cases' included, checked again by the caller); returns the
   * function that stops. `close` is called when the hub stops (the server is stopping).
   */
  async subscribe(
    scope: Scope,
    lastEventId: number | undefined,
    send: (rows: AuditRow[]) => void,
    close: () => void,
  ): Promise<() => void> {
    if (this.clients.size === 0) {
      const from = await lastAuditId(this.db);
      if (!this.stopped) this.reader.restart(from);
    }
    await this.shares.load();
    if (this.stopped) {
      close();
      return () => {};
    }
    const organisationId = scope.organisationId;
    const client: Client = {
      organisationId,
      buffer: lastEventId !== undefined ? [] : undefined,
      sent: lastEventId !== undefined ? new Set() : undefined,
      send,
    };
    this.clients.add(client);
    this.closers.add(close);
    const unsubscribe = () => {
      this.clients.delete(client);
      this.closers.delete(close);
    };
    if (lastEventId !== undefined) {
      try {
        let after = lastEventId;
        let read = 0;
        while (read < MAX_CATCH_UP && this.clients.has(client)) {
          const rows = await organisationAuditsAfter(this.db, scope, after, 500);
          if (rows.length === 0) break;
          for (const r of rows) client.sent!.add(r.id);
          send(rows);
          read += rows.length;
          after = rows[rows.length - 1]!.id;
          if (rows.length < 500) break;
        }
      } finally {
        const waiting = (client.buffer ?? []).filter((r) => !client.sent!.has(r.id));
        client.buffer = undefined;
        client.sent = undefined;
        if (waiting.length > 0) send(waiting);
      }
    }
    return unsubscribe;
  }

  /** Ends every connection (the server is stopping). */
  stop(): void {
    this.stopped = true;
    this.reader.stop();
    for (const close of [...this.closers]) close();
    this.clients.clear();
    this.closers.clear();
  }

  private dispatch(rows: readonly AuditRow[]): void {
    const byOrg = new Map<number, AuditRow[]>();
    for (const r of rows) {
      this.shares.note(r);
      if (r.organisation_id === null) continue;
      const list = byOrg.get(r.organisation_id) ?? [];
      list.push(r);
      byOrg.set(r.organisation_id, list);
    }
    for (const c of this.clients) {
      const mine = this.shares.has(c.organisationId)
        ? rows.filter((r) => r.organisation_id === c.organisationId || r.root_id !== null)
        : byOrg.get(c.organisationId);
      if (!mine || mine.length === 0) continue;
      if (c.buffer) c.buffer.push(...mine);
      else c.send(mine);
    }
  }
}
