/**
 * Reads a MISP feed in the standard feed format (as PyMISP's feed generator and MISP's "export to
 * feed" write it): `manifest.json` maps each event uuid to its header and `timestamp`, and
 * `<uuid>.json` holds the event (`{"Event": …}`). The feed is an http(s) URL (through the MISP
 * client, with its TLS options and limits) or a local directory.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { MispClient, type MispClientOptions, MispUnavailable } from './misp-client.js';
import type { MispFeedConfig } from './misp-config.js';
import type { MispEvent } from './misp-mapping.js';

export interface FeedEntry {
  uuid: string;
  /** When the event was last modified (MISP timestamp, seconds). */
  timestamp: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class MispFeedReader {
  private readonly client?: MispClient;

  constructor(
    readonly feed: MispFeedConfig,
    private readonly options: MispClientOptions,
  ) {
    if (feed.url)
      this.client = new MispClient({ name: feed.name, url: feed.url, key: '', tls: feed.tls }, options);
  }

  close(): void {
    this.client?.close();
  }

  private fail(message: string): MispUnavailable {
    return new MispUnavailable(this.feed.name, `MISP feed ${this.feed.name}: ${message}`);
  }

  private async read(file: string): Promise<unknown> {
    if (this.client) {
      try {
        return await this.client.getJson(`/${file}`);
      } catch (error) {
        if (error instanceof MispUnavailable) throw this.fail(error.message.replace(/^MISP server \S+ /, ''));
        throw error;
      }
    }
    const full = path.join(this.feed.path!, file);
    let text: string;
    try {
      const info = await stat(full);
      if (info.size > this.options.maxResponseBytes)
        throw this.fail(`${file} is bigger than ${this.options.maxResponseBytes} bytes`);
      text = await readFile(full, 'utf8');
    } catch (error) {
      if (error instanceof MispUnavailable) throw error;
      throw this.fail(
        `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      );
    }
    try {
      return JSON.parse(text);
    } catch {
      throw this.fail(`${file} is not JSON`);
    }
  }

  /** The feed's events modified at or after `since`, oldest first. */
  async entries(since: number): Promise<FeedEntry[]> {
    const manifest = await this.read('manifest.json');
    if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest))
      throw this.fail('manifest.json is not an object of events by uuid');
    const out: FeedEntry[] = [];
    for (const [uuid, header] of Object.entries(manifest as Record<string, { timestamp?: unknown }>)) {
      if (!UUID.test(uuid)) continue;
      const timestamp = Number(header?.timestamp);
      if (!Number.isFinite(timestamp) || timestamp < since) continue;
      out.push({ uuid, timestamp });
    }
    return out.sort((a, b) => a.timestamp - b.timestamp || a.uuid.localeCompare(b.uuid));
  }

  /** One event of the feed; its uuid stands for its id (feeds carry no MISP ids). */
  async event(entry: FeedEntry): Promise<MispEvent> {
    const doc = (await this.read(`${entry.uuid}.json`)) as { Event?: MispEvent } | null;
    const event = doc?.Event;
    if (!event || typeof event !== 'object' || typeof event.info !== 'string')
      throw this.fail(`${entry.uuid}.json holds no MISP event`);
    return { ...event, id: entry.uuid, uuid: entry.uuid, timestamp: event.timestamp ?? entry.timestamp };
  }
}
