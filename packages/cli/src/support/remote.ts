/**
 * A running Propolis server reached over HTTP by the commands that post, export, import and
 * migrate: URL, API key and organisation come from flags, else PROPOLIS_URL, PROPOLIS_API_KEY and
 * PROPOLIS_ORGANISATION. JSON calls go through packages/client (PropolisClient); uploads and
 * downloads of files use fetch here until the client's namespaces cover them (TODO(client): replace
 * `upload` and `download` with the client's file helpers once merged).
 */
import { PropolisApiError, PropolisClient } from '@propolis/client';
import type { Command } from 'commander';
import { UsageError } from './errors.js';

export interface RemoteOptions {
  url?: string;
  key?: string;
  organisation?: string;
}

export const withRemoteOptions = (command: Command, prefix = ''): Command =>
  command
    .option(
      `--${prefix}url <url>`,
      `URL of the ${prefix ? 'target ' : ''}Propolis server (else PROPOLIS_URL)`,
    )
    .option(`--${prefix}key <key>`, 'API key (else PROPOLIS_API_KEY; prefer the variable: flags show in ps)')
    .option(`--${prefix}organisation <name>`, 'organisation to act in (else PROPOLIS_ORGANISATION)');

export interface FileUpload {
  name: string;
  bytes: Uint8Array;
  contentType?: string;
}

export class Remote {
  readonly client: PropolisClient;
  private readonly authorization: string;

  constructor(
    readonly url: string,
    private readonly key: string,
    readonly organisation?: string,
  ) {
    this.url = url.replace(/\/+$/, '');
    this.client = new PropolisClient({ url: this.url, apiKey: key, organisation });
    this.authorization = `Bearer ${key}`;
  }

  static fromOptions(options: RemoteOptions, env = process.env): Remote {
    const url = options.url ?? env.PROPOLIS_URL;
    const key = options.key ?? env.PROPOLIS_API_KEY;
    if (!url) throw new UsageError('no server URL: give --url or set PROPOLIS_URL');
    if (!/^https?:\/\//.test(url)) throw new UsageError(`--url must be an http(s) URL, got "${url}"`);
    if (!key) throw new UsageError('no API key: give --key or set PROPOLIS_API_KEY');
    return new Remote(url, key, options.organisation ?? env.PROPOLIS_ORGANISATION);
  }

  /** The same server and key, acting in another organisation. */
  inOrganisation(organisation: string | undefined): Remote {
    return new Remote(this.url, this.key, organisation);
  }

  json<T>(method: string, path: string, body?: unknown): Promise<T> {
    return this.client.request<T>(method, path, body);
  }

  private headers(): Record<string, string> {
    const headers: Record<string, string> = { authorization: this.authorization };
    if (this.organisation) headers['x-organisation'] = this.organisation;
    return headers;
  }

  /** POSTs a multipart body (`_json` part plus files), TheHive's upload shape. */
  async upload<T>(path: string, fields: unknown, files: Array<{ field: string } & FileUpload>): Promise<T> {
    const form = new FormData();
    form.append('_json', JSON.stringify(fields));
    for (const f of files)
      form.append(
        f.field,
        new Blob([f.bytes as Uint8Array<ArrayBuffer>], { type: f.contentType ?? 'application/octet-stream' }),
        f.name,
      );
    const response = await fetch(`${this.url}${path}`, {
      method: 'POST',
      headers: this.headers(),
      body: form,
    });
    return answer<T>(response);
  }

  async download(path: string): Promise<Buffer> {
    const response = await fetch(`${this.url}${path}`, { headers: this.headers() });
    if (!response.ok) await answer(response);
    return Buffer.from(await response.arrayBuffer());
  }
}

async function answer<T>(response: Response): Promise<T> {
  const text = await response.text();
  if (!response.ok) {
    let type = 'HttpError';
    let message = text;
    try {
      const parsed = JSON.parse(text) as { type?: string; message?: string };
      type = parsed.type ?? type;
      message = parsed.message ?? message;
    } catch {
      // not JSON
    }
    throw new PropolisApiError(response.status, type, message);
  }
  return (text ? JSON.parse(text) : undefined) as T;
}

export { PropolisApiError };
