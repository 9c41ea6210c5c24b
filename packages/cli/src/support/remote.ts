/**
 * A running Propolis (or TheHive) server reached over HTTP by the commands that post, export, import
 * and migrate: URL, API key and organisation come from flags, else PROPOLIS_URL, PROPOLIS_API_KEY and
 * PROPOLIS_ORGANISATION, else the connection profile (--profile, PROPOLIS_PROFILE or the profiles
 * file's default: support/profiles.ts). Everything goes through packages/client: its resource namespaces where the
 * target is Propolis, `request` and the transport for the raw paths a TheHive source is read with.
 */
import { PropolisApiError, PropolisClient } from '@propolis/client';
import type { Command } from 'commander';
import { UsageError } from './errors.js';
import { loadProfile, type Profile } from './profiles.js';

export interface RemoteOptions {
  url?: string;
  key?: string;
  organisation?: string;
  /** A connection profile's name (support/profiles.ts). */
  profile?: string;
}

export const withRemoteOptions = (command: Command, prefix = ''): Command =>
  command
    .option(
      `--${prefix}url <url>`,
      `URL of the ${prefix ? 'target ' : ''}Propolis server (else PROPOLIS_URL)`,
    )
    .option(`--${prefix}key <key>`, 'API key (else PROPOLIS_API_KEY; prefer the variable: flags show in ps)')
    .option(`--${prefix}organisation <name>`, 'organisation to act in (else PROPOLIS_ORGANISATION)')
    .option(
      `--${prefix}profile <name>`,
      'connection profile of the profiles file for what the flags and variables leave out (else PROPOLIS_PROFILE, else its default)',
    );

export class Remote {
  readonly client: PropolisClient;

  constructor(
    readonly url: string,
    private readonly key: string,
    readonly organisation?: string,
  ) {
    this.url = url.replace(/\/+$/, '');
    // POSTs are never retried by the client (not idempotent); reads are, on network failures.
    this.client = new PropolisClient({ url: this.url, apiKey: key, organisation });
  }

  static fromOptions(options: RemoteOptions, env = process.env): Remote {
    let url = options.url ?? env.PROPOLIS_URL;
    let key = options.key ?? env.PROPOLIS_API_KEY;
    let organisation = options.organisation ?? env.PROPOLIS_ORGANISATION;
    // a profile named is always read (a wrong name is an error); the default one only when needed
    if (options.profile || !url || !key) {
      const profile: Profile | undefined = loadProfile(options.profile, env);
      url ??= profile?.url;
      key ??= profile?.apiKey;
      organisation ??= profile?.organisation;
    }
    if (!url) throw new UsageError('no server URL: give --url, set PROPOLIS_URL or use a --profile');
    if (!/^https?:\/\//.test(url)) throw new UsageError(`--url must be an http(s) URL, got "${url}"`);
    if (!key) throw new UsageError('no API key: give --key, set PROPOLIS_API_KEY or use a --profile');
    return new Remote(url, key, organisation);
  }

  /** The same server and key, acting in another organisation. */
  inOrganisation(organisation: string | undefined): Remote {
    return new Remote(this.url, this.key, organisation);
  }

  /** A raw JSON call, for the paths a TheHive source is read with. */
  json<T>(method: string, path: string, body?: unknown): Promise<T> {
    return this.client.request<T>(method, path, body);
  }

  /** The bytes at a path (attachments, TheHive's v0 datastore). */
  async download(path: string): Promise<Buffer> {
    const response = await this.client.transport.stream({ method: 'GET', path });
    return Buffer.from(await response.arrayBuffer());
  }
}

export { PropolisApiError };
