/**
 * Pulls of remote TAXII 2.1 collections (docs/stix-taxii.md#pulling-remote-collections): per
 * configured remote, a periodic pull (one node at a time, by lease on its `taxii_remote` row), the
 * pull-now of `POST /api/v1/connector/taxii/_pull`, and the status.
 *
 * A pull asks for the objects added after the stored cursor, page by page (`limit`, then `next`
 * while `more`); each page is checked by the STIX 2.1 rules and becomes one alert (or case) of the
 * remote's organisation through the STIX import, and only then does the cursor move to the page's
 * X-TAXII-Date-Added-Last. A page's alert is named by the ids and versions of its objects, so a
 * page replayed after a crash is recognised (counted as a duplicate) instead of stored twice.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { PropolisError, type TaxiiPullResultOutput, type TaxiiRemoteStatusOutput } from '@propolis/core';
import { organisationByName } from '../../db/repositories/organisations.js';
import { acquireRowLease, releaseRowLease } from '../../db/repositories/row-lease.js';
import {
  ensureTaxiiRemotes,
  recordTaxiiError,
  recordTaxiiPage,
  type TaxiiRemoteRow,
  taxiiRemoteRow,
  taxiiRemoteRows,
} from '../../db/repositories/taxii.js';
import type { Deps } from '../../domain/deps.js';
import { feederContext } from '../../domain/feeders/feeder-context.js';
import { importStixBundle } from '../../domain/intel/import-stix.js';
import { uuidv5 } from '../../intel/stix-bundle.js';
import { checkStixBundle } from '../../intel/stix-import.js';
import { TaxiiClient, TaxiiUnavailable } from './taxii-client.js';
import type { TaxiiRemoteConfig, TaxiiSettings } from './taxii-config.js';

type Log = (level: 'info' | 'warn' | 'error', message: string) => void;

const NAMESPACE = '2f0e8c7a-4b1d-5e6f-8a9b-0c1d2e3f4a5b';
/** Pages read in one pull at most (a remote that never ends its paging is cut short). */
const MAX_PAGES = 10_000;

/** What a pull did, and a remote's state, as the connector routes answer them (core wire/taxii.ts). */
export type TaxiiPullResult = TaxiiPullResultOutput;
export type TaxiiRemoteStatus = TaxiiRemoteStatusOutput;

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
const gateway = (message: string) => new PropolisError('BadGateway', message);

export class TaxiiPullService {
  readonly owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private readonly clients = new Map<string, TaxiiClient>();
  private readonly running = new Map<string, Promise<TaxiiPullResult>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly deps: Deps,
    private readonly settings: TaxiiSettings,
    private readonly log: Log,
  ) {
    for (const remote of settings.remotes)
      this.clients.set(
        remote.name,
        new TaxiiClient(remote, {
          timeoutMs: settings.timeoutSeconds * 1000,
          maxResponseBytes: settings.maxResponseBytes,
        }),
      );
  }

  private leaseMs(): number {
    return Math.max(60_000, this.settings.timeoutSeconds * 4000);
  }

  /** Adds the remotes' rows; with `periodic`, pulls every remote now and every its interval. */
  async start(periodic: boolean): Promise<void> {
    await ensureTaxiiRemotes(
      this.deps.db,
      this.settings.remotes.map((r) => r.name),
    );
    for (const remote of this.settings.remotes.filter((r) => r.tls.skipVerify))
      this.log('warn', `taxii remote ${remote.name}: tls.skipVerify is set, its certificate is not checked`);
    if (!periodic) return;
    for (const remote of this.settings.remotes) {
      const tick = () => {
        if (this.stopped) return;
        this.pull(remote)
          .catch((error) => {
            if (!(error instanceof PropolisError && error.type === 'Locked'))
              this.log('warn', `taxii remote ${remote.name}: ${messageOf(error)}`);
          })
          .finally(() => {
            if (!this.stopped) this.timers.set(remote.name, setTimeout(tick, remote.intervalSeconds * 1000));
          });
      };
      this.timers.set(remote.name, setTimeout(tick, 0));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    await Promise.allSettled([...this.running.values()]);
    for (const client of this.clients.values()) client.close();
  }

  /** Pulls one remote (by name) or every remote now; a remote that fails is named in a 502. */
  async pullNow(name?: string): Promise<TaxiiPullResult[]> {
    const remotes = name ? this.settings.remotes.filter((r) => r.name === name) : this.settings.remotes;
    if (name && remotes.length === 0)
      throw new PropolisError('NotFoundError', `TAXII remote ${name} is not configured (taxii.remotes)`);
    const results: TaxiiPullResult[] = [];
    const failures: string[] = [];
    for (const remote of remotes) {
      try {
        results.push(await this.pull(remote));
      } catch (error) {
        // another node is pulling this remote right now: that is the pull asked for
        if (error instanceof PropolisError && error.type === 'Locked') continue;
        failures.push(messageOf(error));
      }
    }
    if (failures.length) throw gateway(failures.join('; '));
    return results;
  }

  /** One pull of a remote; joins the pull already running on this node. */
  private pull(remote: TaxiiRemoteConfig): Promise<TaxiiPullResult> {
    const current = this.running.get(remote.name);
    if (current) return current;
    const run = this.pullOnce(remote).finally(() => this.running.delete(remote.name));
    this.running.set(remote.name, run);
    return run;
  }

  private async pullOnce(remote: TaxiiRemoteConfig): Promise<TaxiiPullResult> {
    const db = this.deps.db;
    const name = remote.name;
    const lease = () =>
      acquireRowLease(db, 'taxii_remote', name, this.owner, Date.now(), Date.now() + this.leaseMs());
    if (!(await lease()))
      throw new PropolisError('Locked', `TAXII remote ${name} is being pulled by another node`);
    try {
      const organisation = await organisationByName(db, remote.organisation);
      if (!organisation)
        throw new PropolisError(
          'BadRequest',
          `TAXII remote ${name}: the organisation ${remote.organisation} does not exist (taxii.remotes[${name}].organisation)`,
        );
      const ctx = feederContext(`taxii-${name}`, organisation, `taxii:${name}`);
      const client = this.clients.get(name)!;
      const row = await taxiiRemoteRow(db, name);
      const since = row?.cursor ?? undefined;
      const result: TaxiiPullResult = {
        remote: name,
        pages: 0,
        objects: 0,
        created: 0,
        duplicates: 0,
        cursor: since ?? null,
      };
      let next: string | undefined;
      for (let n = 0; n < MAX_PAGES && !this.stopped; n++) {
        const page = await client.objects(since, next);
        let created = 0;
        if (page.objects.length) {
          const key = page.objects
            .map((o) => {
              const obj = (typeof o === 'object' && o !== null ? o : {}) as Record<string, unknown>;
              return `${String(obj.id)}@${String(obj.modified ?? obj.created ?? '')}`;
            })
            .sort()
            .join(',');
          const bundle = {
            type: 'bundle',
            id: `bundle--${uuidv5(`${name}:${key}`, NAMESPACE)}`,
            objects: page.objects,
          };
          const problems = checkStixBundle(bundle);
          if (problems.length)
            throw gateway(
              `TAXII remote ${name}: page ${n + 1} is not valid STIX 2.1 (${problems.join('; ')}); the cursor stays before it`,
            );
          try {
            await importStixBundle(this.deps, ctx, bundle, {
              as: remote.as,
              caseTemplate: remote.caseTemplate,
              origin: { type: 'taxii', source: name, sourceRef: bundle.id },
            });
            created = 1;
          } catch (error) {
            if (!(error instanceof PropolisError && error.type === 'ConflictError')) throw error;
            result.duplicates += 1;
          }
        }
        result.pages += 1;
        result.objects += page.objects.length;
        result.created += created;
        if (page.dateAddedLast) result.cursor = page.dateAddedLast;
        const recorded = await recordTaxiiPage(db, name, this.owner, {
          cursor: page.dateAddedLast ?? null,
          imported: created,
          objects: page.objects.length,
          at: Date.now(),
        });
        if (!recorded) throw new PropolisError('Locked', `TAXII remote ${name}: lease lost`);
        if (!page.more || !page.next) break;
        next = page.next;
        if (!(await lease())) throw new PropolisError('Locked', `TAXII remote ${name}: lease lost`);
      }
      return result;
    } catch (error) {
      await recordTaxiiError(db, name, messageOf(error), Date.now()).catch(() => {});
      throw error instanceof TaxiiUnavailable ? gateway(error.message) : error;
    } finally {
      await releaseRowLease(db, 'taxii_remote', name, this.owner).catch(() => {});
    }
  }

  async status(): Promise<{ remotes: TaxiiRemoteStatus[] }> {
    const rows = new Map<string, TaxiiRemoteRow>(
      (await taxiiRemoteRows(this.deps.db)).map((r) => [r.name, r]),
    );
    return {
      remotes: this.settings.remotes.map((remote) => {
        const row = rows.get(remote.name);
        return {
          name: remote.name,
          url: remote.url,
          collection: remote.collection,
          organisation: remote.organisation,
          as: remote.as,
          intervalSeconds: remote.intervalSeconds,
          cursor: row?.cursor ?? null,
          importedCount: Number(row?.imported_count ?? 0),
          objectsCount: Number(row?.objects_count ?? 0),
          lastSyncAt:
            row?.last_sync_at === null || row?.last_sync_at === undefined ? null : Number(row.last_sync_at),
          lastError: row?.last_error ?? null,
          pulling: this.running.has(remote.name),
        };
      }),
    };
  }
}
