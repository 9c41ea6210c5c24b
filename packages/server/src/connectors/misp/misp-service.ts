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
import { badRequest, notFound, PropolisError } from '@propolis/core';
import {
  ensureMispServers,
  type MispServerRow,
  mispServerRow,
  mispServerRows,
  recordMispError,
  recordMispSync,
} from '../../db/repositories/misp.js';
import { acquireRowLease, releaseRowLease } from '../../db/repositories/row-lease.js';
import { createCaseFromDraft } from '../../domain/cases/case-from-draft.js';
import type { CaseView } from '../../domain/cases/case-view.js';
import { type RequestContext, requirePermission } from '../../domain/context.js';
import type { Deps } from '../../domain/deps.js';
import { exportCaseToMisp, type MispExportTarget, mispGatewayError } from '../../domain/misp/export-case.js';
import { type MispEventDraft, storeMispEvents } from '../../domain/misp/store-misp-events.js';
import { MispClient, MispUnavailable } from './misp-client.js';
import { canExport, canImport, type MispFeedConfig, type MispSettings } from './misp-config.js';
import { MispFeedReader } from './misp-feed.js';
import {
  caseToEvent,
  eventToDraft,
  type MispAttributeDraft,
  type MispEvent,
  type MispOrigin,
  missingAttributes,
  observablesToAttributes,
  parseMispEventFile,
  skipReason,
} from './misp-mapping.js';
import { unpackMalwareSamples } from './misp-samples.js';

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

/** Where a pull reads events from: a MISP server's restSearch or a feed's manifest. */
interface PullSource {
  /** Its row in `misp_server` (cursor, lease, figures): the server's name, `feed:<name>` for a feed. */
  row: string;
  /** How messages name it. */
  label: string;
  /** Who the alerts are created by (`misp-<actor>`). */
  actor: string;
  config: Pick<
    MispFeedConfig,
    'organisations' | 'whitelistTags' | 'excludeTags' | 'excludeOrganisations' | 'maxAge' | 'maxAttributes'
  >;
  origin: MispOrigin;
  /** The events modified at or after `since`, page by page, oldest first. */
  pages(since: number): AsyncIterable<MispEvent[]>;
}

const feedRow = (name: string) => `feed:${name}`;

export interface MispFeedStatus {
  name: string;
  /** The feed's URL or directory. */
  source: string;
  cursor: number | null;
  importedCount: number;
  updatedCount: number;
  lastSyncAt: number | null;
  lastError: string | null;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export class MispService {
  readonly owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private readonly clients = new Map<string, MispClient>();
  private readonly feeds = new Map<string, MispFeedReader>();
  private readonly running = new Map<string, Promise<MispPullResult>>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly deps: Deps,
    private readonly settings: MispSettings,
    private readonly log: Log,
  ) {
    const limits = { timeoutMs: settings.timeoutSeconds * 1000, maxResponseBytes: settings.maxResponseBytes };
    for (const server of settings.servers) this.clients.set(server.name, new MispClient(server, limits));
    for (const feed of settings.feeds) this.feeds.set(feed.name, new MispFeedReader(feed, limits));
  }

  get enabled(): boolean {
    return this.settings.servers.length > 0 || this.settings.feeds.length > 0;
  }

  private get leaseMs(): number {
    return Math.max(60_000, this.settings.timeoutSeconds * 4000);
  }

  /** Adds the servers' rows; with `periodic`, pulls every import server now and every interval. */
  async start(periodic: boolean): Promise<void> {
    await ensureMispServers(this.deps.db, [
      ...this.settings.servers.map((s) => s.name),
      ...this.settings.feeds.map((f) => feedRow(f.name)),
    ]);
    for (const source of [...this.settings.servers, ...this.settings.feeds].filter((s) => s.tls.skipVerify))
      this.log('warn', `misp ${source.name}: tls.skipVerify is set, its certificate is not checked`);
    if (!periodic || this.sources().length === 0) return;
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
    for (const client of this.clients.values()) client.close();
    for (const reader of this.feeds.values()) reader.close();
  }

  /** Every import server and every feed, as pull sources. */
  private sources(): PullSource[] {
    const pageSize = this.settings.pageSize;
    const servers = this.settings.servers.filter(canImport).map((server): PullSource => {
      const client = this.clients.get(server.name)!;
      return {
        row: server.name,
        label: `MISP server ${server.name}`,
        actor: server.name,
        config: server,
        origin: server,
        async *pages(since) {
          for (let page = 1; ; page++) {
            const events = await client.searchEvents(since, page, pageSize);
            yield events;
            if (events.length < pageSize) return;
          }
        },
      };
    });
    const feeds = this.settings.feeds.map((feed): PullSource => {
      const reader = this.feeds.get(feed.name)!;
      return {
        row: feedRow(feed.name),
        label: `MISP feed ${feed.name}`,
        actor: `feed-${feed.name}`,
        config: feed,
        origin: { name: `feed ${feed.name}`, caseTemplate: feed.caseTemplate },
        async *pages(since) {
          const entries = await reader.entries(since);
          for (let i = 0; i < entries.length; i += pageSize) {
            const events: MispEvent[] = [];
            for (const entry of entries.slice(i, i + pageSize)) events.push(await reader.event(entry));
            yield events;
          }
        },
      };
    });
    return [...servers, ...feeds];
  }

  private async pullAll(): Promise<void> {
    for (const source of this.sources()) {
      if (this.stopped) return;
      await this.pull(source).catch((error) => this.log('warn', `${source.label}: ${messageOf(error)}`));
    }
  }

  /** Pulls every import server and feed now (`_syncAlerts`); one that fails is named in a 502. One another node is pulling is left to it. */
  async syncNow(): Promise<MispPullResult[]> {
    const results: MispPullResult[] = [];
    const failures: string[] = [];
    for (const source of this.sources()) {
      try {
        results.push(await this.pull(source));
      } catch (error) {
        // another node is pulling this source right now: that is the pull asked for
        if (error instanceof PropolisError && error.type === 'Locked') continue;
        failures.push(messageOf(error));
      }
    }
    if (failures.length) throw mispGatewayError(failures.join('; '));
    return results;
  }

  /** One pull of a source; joins the pull already running on this node. */
  private pull(source: PullSource): Promise<MispPullResult> {
    const current = this.running.get(source.row);
    if (current) return current;
    const run = this.pullOnce(source).finally(() => this.running.delete(source.row));
    this.running.set(source.row, run);
    return run;
  }

  private async pullOnce(source: PullSource): Promise<MispPullResult> {
    const db = this.deps.db;
    const { config, label } = source;
    const result: MispPullResult = {
      server: source.row,
      events: 0,
      created: 0,
      updated: 0,
      unchanged: 0,
      skipped: 0,
      failures: [],
    };
    const lease = () =>
      acquireRowLease(db, 'misp_server', source.row, this.owner, Date.now(), Date.now() + this.leaseMs);
    if (!(await lease())) {
      throw new PropolisError('Locked', `${label} is being pulled by another node`);
    }
    try {
      const row = await mispServerRow(db, source.row);
      const nowSec = Math.floor(Date.now() / 1000);
      let since = row?.cursor ?? 0;
      if (config.maxAge > 0) since = Math.max(since, nowSec - config.maxAge * 86_400);
      let newest = row?.cursor ?? null;
      for await (const events of source.pages(since)) {
        const drafts: MispEventDraft[] = [];
        for (const event of events) {
          result.events += 1;
          const modified = Number(event.timestamp);
          if (Number.isFinite(modified)) newest = Math.max(newest ?? 0, modified);
          if (skipReason(event, config, Date.now())) {
            result.skipped += 1;
            continue;
          }
          drafts.push({
            draft: await unpackMalwareSamples(
              eventToDraft(event, source.origin),
              this.deps.config.uploadLimit,
            ),
            modifiedAt: Number.isFinite(modified) ? modified * 1000 : Date.now(),
          });
        }
        const stored = await storeMispEvents(this.deps, source.actor, config.organisations, drafts);
        result.created += stored.created;
        result.updated += stored.updated;
        result.unchanged += stored.unchanged;
        result.failures.push(...stored.failures);
        if (this.stopped) break;
        if (!(await lease())) throw new PropolisError('Locked', `${label}: lease lost`);
      }
      for (const f of result.failures) this.log('warn', `${label}: ${f.ref}: ${f.reason}`);
      const recorded = await recordMispSync(db, source.row, this.owner, {
        cursor: newest,
        imported: result.created,
        updated: result.updated,
        at: Date.now(),
      });
      if (!recorded) throw new PropolisError('Locked', `${label}: lease lost`);
      return result;
    } catch (error) {
      await recordMispError(db, source.row, messageOf(error), Date.now()).catch(() => {});
      throw error instanceof MispUnavailable ? mispGatewayError(error.message) : error;
    } finally {
      await releaseRowLease(db, 'misp_server', source.row, this.owner).catch(() => {});
    }
  }

  async status(): Promise<{
    enabled: boolean;
    servers: MispServerStatus[];
    feeds: MispFeedStatus[];
    syncInProgress: boolean;
  }> {
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
    const feeds = this.settings.feeds.map((feed): MispFeedStatus => {
      const row = rows.get(feedRow(feed.name));
      return {
        name: feed.name,
        source: feed.url ?? feed.path!,
        cursor: row?.cursor ?? null,
        importedCount: Number(row?.imported_count ?? 0),
        updatedCount: Number(row?.updated_count ?? 0),
        lastSyncAt: row?.last_sync_at ?? null,
        lastError: row?.last_error ?? null,
      };
    });
    return { enabled: this.enabled, servers, feeds, syncInProgress: this.running.size > 0 };
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
            return {
              eventId: String(created.id),
              eventUuid: created.uuid,
              attributes: withoutData(attributes),
            };
          }
          const { Attribute: _all, ...header } = event;
          await client.editEvent(String(existing.id), header);
          const added = missingAttributes(attributes, [
            ...(existing.Attribute ?? []),
            ...(existing.Object ?? []).flatMap((o) => o.Attribute ?? []),
          ]);
          for (const attribute of added) await client.addAttribute(String(existing.id), attribute);
          return { eventId: String(existing.id), eventUuid: existing.uuid, attributes: withoutData(added) };
        } catch (error) {
          if (error instanceof MispUnavailable) throw mispGatewayError(error.message);
          throw error;
        }
      },
    };
  }

  exportCase = (ctx: RequestContext, caseId: string, name: string) =>
    exportCaseToMisp(this.deps, ctx, caseId, this.exportTarget(name), name);

  /**
   * `POST /connector/misp/case/import`: a MISP event file becomes a case of the caller's
   * organisation. `mispName`, when given, names the configured server it came from (its URL and
   * case template apply).
   */
  async importCase(
    ctx: RequestContext,
    file: Uint8Array | undefined,
    options: { caseTemplate?: string; mispName?: string },
  ): Promise<CaseView> {
    requirePermission(ctx, 'manageCase');
    if (!file) throw badRequest('file: send the MISP event (JSON, as MISP exports it) as the "file" part');
    const server = options.mispName
      ? this.settings.servers.find((s) => s.name === options.mispName)
      : undefined;
    if (options.mispName && !server) throw notFound(`MISP server ${options.mispName} not found`);
    const event = parseMispEventFile(file);
    if (!event) throw badRequest('Could not convert json to MISP event');
    const origin = server ?? { name: 'file', caseTemplate: undefined };
    const draft = await unpackMalwareSamples(eventToDraft(event, origin), this.deps.config.uploadLimit);
    return createCaseFromDraft(this.deps, ctx, draft, {
      caseTemplate: options.caseTemplate ?? server?.caseTemplate,
      extraTags: event.uuid ? [`misp:event=${event.uuid}`] : [],
    });
  }
}

/** The attributes as answered to the client: a file's content is not sent back. */
const withoutData = (attributes: MispAttributeDraft[]) => attributes.map(({ data: _data, ...rest }) => rest);

/** An event deleted in MISP since the last export (404) is exported anew. */
function gone(error: unknown): undefined {
  if (error instanceof MispUnavailable && (error.status === 404 || error.status === 403)) return undefined;
  throw error;
}
