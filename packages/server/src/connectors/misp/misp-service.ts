/**
 * The MISP connector of this node: a periodic pull of every import server (one node at a time per
 * server, by lease on its `misp_server` row), the pull-now of `_syncAlerts`, the status, and the
 * export targets the export command uses.
 *
 * A pull reads the events MISP modified at or after the stored cursor, page by page, stores them
 * (domain/misp/store-misp-events.ts), and only then moves the cursor to the newest event's
 * timestamp: a crash replays the pull, and events not modified since their alert was synchronised
 * are left alone, so a restart neither loses nor duplicates.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { MispServerStatusOutput } from '@propolis/core';
import { badRequest, PropolisError } from '@propolis/core';
import {
  ensureMispServers,
  type MispServerRow,
  mispServerRow,
  mispServerRows,
  recordMispError,
  recordMispSync,
} from '../../db/repositories/misp.js';
import { acquireRowLease, releaseRowLease } from '../../db/repositories/row-lease.js';
import type { Deps } from '../../domain/deps.js';
import { exportCaseToMisp, type MispExportTarget, mispGatewayError } from '../../domain/misp/export-case.js';
import { type MispEventDraft, storeMispEvents } from '../../domain/misp/store-misp-events.js';
import { MispClient, MispUnavailable } from './misp-client.js';
import { canExport, canImport, type MispServerConfig, type MispSettings } from './misp-config.js';
import {
  caseToEvent,
  eventToDraft,
  missingAttributes,
  observablesToAttributes,
  skipReason,
} from './misp-mapping.js';

type Log = (level: 'info' | 'warn' | 'error', message: string) => void;

export interface MispPullResult {
  server: string;
  events: number;
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  failures: { ref: string; reason: string }[];
}

/** One MISP server in the status (the wire shape of @propolis/core). */
export type MispServerStatus = MispServerStatusOutput;

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export class MispService {
  readonly owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private readonly clients = new Map<string, MispClient>();
  private readonly running = new Map<string, Promise<MispPullResult>>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly deps: Deps,
    private readonly settings: MispSettings,
    private readonly log: Log,
  ) {
    for (const server of settings.servers)
      this.clients.set(
        server.name,
        new MispClient(server, {
          timeoutMs: settings.timeoutSeconds * 1000,
          maxResponseBytes: settings.maxResponseBytes,
        }),
      );
  }

  get enabled(): boolean {
    return this.settings.servers.length > 0;
  }

  private get leaseMs(): number {
    return Math.max(60_000, this.settings.timeoutSeconds * 4000);
  }

  /** Adds the servers' rows; with `periodic`, pulls every import server now and every interval. */
  async start(periodic: boolean): Promise<void> {
    await ensureMispServers(
      this.deps.db,
      this.settings.servers.map((s) => s.name),
    );
    if (!periodic || !this.settings.servers.some(canImport)) return;
    const tick = () => {
      if (this.stopped) return;
      this.pullAll()
        .catch((error) => this.log('warn', `misp: pull failed: ${messageOf(error)}`))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.settings.intervalSeconds * 1000);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await Promise.allSettled([...this.running.values()]);
  }

  private async pullAll(): Promise<void> {
    for (const server of this.settings.servers.filter(canImport)) {
      if (this.stopped) return;
      await this.pull(server).catch((error) => this.log('warn', `misp ${server.name}: ${messageOf(error)}`));
    }
  }

  /** Pulls every import server now (`_syncAlerts`); a server that fails is named in a 502. A server another node is pulling is left to it. */
  async syncNow(): Promise<MispPullResult[]> {
    const results: MispPullResult[] = [];
    const failures: string[] = [];
    for (const server of this.settings.servers.filter(canImport)) {
      try {
        results.push(await this.pull(server));
      } catch (error) {
        // another node is pulling this server right now: that is the pull asked for
        if (error instanceof PropolisError && error.type === 'Locked') continue;
        failures.push(messageOf(error));
      }
    }
    if (failures.length) throw mispGatewayError(failures.join('; '));
    return results;
  }

  /** One pull of a server; joins the pull already running on this node. */
  pull(server: MispServerConfig): Promise<MispPullResult> {
    const current = this.running.get(server.name);
    if (current) return current;
    const run = this.pullOnce(server).finally(() => this.running.delete(server.name));
    this.running.set(server.name, run);
    return run;
  }

  private async pullOnce(server: MispServerConfig): Promise<MispPullResult> {
    const db = this.deps.db;
    const result: MispPullResult = {
      server: server.name,
      events: 0,
      created: 0,
      updated: 0,
      unchanged: 0,
      skipped: 0,
      failures: [],
    };
    const lease = () =>
      acquireRowLease(db, 'misp_server', server.name, this.owner, Date.now(), Date.now() + this.leaseMs);
    if (!(await lease())) {
      throw new PropolisError('Locked', `MISP server ${server.name} is being pulled by another node`);
    }
    try {
      const row = await mispServerRow(db, server.name);
      const nowSec = Math.floor(Date.now() / 1000);
      let since = row?.cursor ?? 0;
      if (server.maxAge > 0) since = Math.max(since, nowSec - server.maxAge * 86_400);
      let newest = row?.cursor ?? null;
      const client = this.clients.get(server.name)!;
      for (let page = 1; ; page++) {
        const events = await client.searchEvents(since, page, this.settings.pageSize);
        const drafts: MispEventDraft[] = [];
        for (const event of events) {
          result.events += 1;
          const modified = Number(event.timestamp);
          if (Number.isFinite(modified)) newest = Math.max(newest ?? 0, modified);
          if (skipReason(event, server, Date.now())) {
            result.skipped += 1;
            continue;
          }
          drafts.push({
            draft: eventToDraft(event, server),
            modifiedAt: Number.isFinite(modified) ? modified * 1000 : Date.now(),
          });
        }
        const stored = await storeMispEvents(this.deps, server.name, server.organisations, drafts);
        result.created += stored.created;
        result.updated += stored.updated;
        result.unchanged += stored.unchanged;
        result.failures.push(...stored.failures);
        if (events.length < this.settings.pageSize || this.stopped) break;
        if (!(await lease())) throw new PropolisError('Locked', `MISP server ${server.name}: lease lost`);
      }
      for (const f of result.failures) this.log('warn', `misp ${server.name}: ${f.ref}: ${f.reason}`);
      const recorded = await recordMispSync(db, server.name, this.owner, {
        cursor: newest,
        imported: result.created,
        updated: result.updated,
        at: Date.now(),
      });
      if (!recorded) throw new PropolisError('Locked', `MISP server ${server.name}: lease lost`);
      return result;
    } catch (error) {
      await recordMispError(db, server.name, messageOf(error), Date.now()).catch(() => {});
      throw error instanceof MispUnavailable ? mispGatewayError(error.message) : error;
    } finally {
      await releaseRowLease(db, 'misp_server', server.name, this.owner).catch(() => {});
    }
  }

  async status(): Promise<{ enabled: boolean; servers: MispServerStatus[]; syncInProgress: boolean }> {
    const rows = new Map<string, MispServerRow>((await mispServerRows(this.deps.db)).map((r) => [r.name, r]));
    const servers = await Promise.all(
      this.settings.servers.map(async (server): Promise<MispServerStatus> => {
        const row = rows.get(server.name);
        const base = {
          name: server.name,
          url: server.url,
          purpose: server.purpose,
          cursor: row?.cursor ?? null,
          importedCount: Number(row?.imported_count ?? 0),
          updatedCount: Number(row?.updated_count ?? 0),
          lastSyncAt: row?.last_sync_at ?? null,
          lastError: row?.last_error ?? null,
        };
        try {
          const version = await this.clients.get(server.name)!.version();
          return { ...base, status: 'OK', version };
        } catch (error) {
          return { ...base, status: 'ERROR', error: messageOf(error) };
        }
      }),
    );
    return { enabled: this.enabled, servers, syncInProgress: this.running.size > 0 };
  }

  /** The export target named `name`: undefined when unknown, 400 when the server only imports. */
  exportTarget(name: string): MispExportTarget | undefined {
    const server = this.settings.servers.find((s) => s.name === name);
    if (!server) return undefined;
    if (!canExport(server))
      throw badRequest(`MISP server ${name} is configured ImportOnly: it takes no exports`);
    const client = this.clients.get(name)!;
    return {
      name,
      exportOnlyIocs: server.exportOnlyIocs,
      async export(kase, observables, previousEventId) {
        const attributes = observablesToAttributes(observables);
        const event = caseToEvent(kase, server, attributes);
        try {
          const existing = previousEventId ? await client.getEvent(previousEventId).catch(gone) : undefined;
          if (!existing) {
            const created = await client.addEvent(event);
            return { eventId: String(created.id), eventUuid: created.uuid, attributes };
          }
          const { Attribute: _all, ...header } = event;
          await client.editEvent(String(existing.id), header);
          const added = missingAttributes(attributes, [
            ...(existing.Attribute ?? []),
            ...(existing.Object ?? []).flatMap((o) => o.Attribute ?? []),
          ]);
          for (const attribute of added) await client.addAttribute(String(existing.id), attribute);
          return { eventId: String(existing.id), eventUuid: existing.uuid, attributes: added };
        } catch (error) {
          if (error instanceof MispUnavailable) throw mispGatewayError(error.message);
          throw error;
        }
      },
    };
  }

  exportCase = (ctx: Parameters<typeof exportCaseToMisp>[1], caseId: string, name: string) =>
    exportCaseToMisp(this.deps, ctx, caseId, this.exportTarget(name), name);
}

/** An event deleted in MISP since the last export (404) is exported anew. */
function gone(error: unknown): undefined {
  if (error instanceof MispUnavailable && (error.status === 404 || error.status === 403)) return undefined;
  throw error;
}
