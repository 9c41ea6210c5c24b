/**
 * A client of an external Cortex server (Cortex 3/4, or another Propolis's `/cortex`), the calls
 * TheHive's connector makes: list analyzers and responders, run one, follow a job with
 * `waitreport?atMost=1second`. Failures become clear errors naming the server.
 */
import { PropolisError } from '@propolis/core';
import type { CortexServer } from '../config.js';

export interface RemoteWorker {
  id: string;
  name: string;
  version?: string;
  description?: string;
  dataTypeList: string[];
  workerDefinitionId?: string;
  analyzerDefinitionId?: string;
  responderDefinitionId?: string;
}

export interface RemoteJob {
  id: string;
  status: string;
  errorMessage?: string;
  report?: unknown;
  analyzerDefinitionId?: string;
  workerDefinitionId?: string;
}

const TIMEOUT_MS = 30_000;

export class CortexClient {
  constructor(readonly server: CortexServer) {}

  private async call<T>(method: string, route: string, body?: unknown, form?: FormData): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.server.url}/api${route}`, {
        method,
        headers: {
          authorization: `Bearer ${this.server.key}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: form ?? (body !== undefined ? JSON.stringify(body) : undefined),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw new PropolisError(
        'InternalError',
        `Cortex server ${this.server.name} is unreachable: ${(error as Error).message}`,
        {
          status: 502,
        },
      );
    }
    const text = await res.text();
    if (res.status === 404)
      throw new PropolisError('NotFoundError', `Cortex server ${this.server.name}: ${route} not found`);
    if (res.status === 429)
      throw new PropolisError('RateLimitExceeded', `Cortex server ${this.server.name}: ${text}`);
    if (res.status >= 400)
      throw new PropolisError(
        'BadRequest',
        `Cortex server ${this.server.name} answered ${res.status}: ${text.slice(0, 500)}`,
        {
          status: res.status >= 500 ? 502 : 400,
        },
      );
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new PropolisError(
        'InternalError',
        `Cortex server ${this.server.name} answered something that is not JSON`,
        {
          status: 502,
        },
      );
    }
  }

  private allowed(name: string): boolean {
    const { includedAnalyzers: inc, excludedAnalyzers: exc } = this.server;
    return (!inc || inc.includes(name)) && !exc?.includes(name);
  }

  async analyzers(): Promise<RemoteWorker[]> {
    const list = await this.call<RemoteWorker[]>('POST', '/analyzer/_search?range=all', { query: {} });
    return list.filter((w) => this.allowed(w.name));
  }

  async responders(): Promise<RemoteWorker[]> {
    return this.call<RemoteWorker[]>('POST', '/responder/_search?range=all', { query: {} });
  }

  /** By id, else by name (TheHive's fallback). */
  async worker(type: 'analyzer' | 'responder', idOrName: string): Promise<RemoteWorker> {
    const list = type === 'analyzer' ? await this.analyzers() : await this.responders();
    const found = list.find((w) => w.id === idOrName) ?? list.find((w) => w.name === idOrName);
    if (!found)
      throw new PropolisError(
        'NotFoundError',
        `${type} ${idOrName} not found on Cortex server ${this.server.name}`,
      );
    return found;
  }

  async run(
    type: 'analyzer' | 'responder',
    workerId: string,
    fields: Record<string, unknown>,
    file?: { filename: string; contentType: string; bytes: Buffer },
  ): Promise<RemoteJob> {
    const route = `/${type}/${encodeURIComponent(workerId)}/run`;
    if (!file) return this.call<RemoteJob>('POST', route, fields);
    const form = new FormData();
    form.append('_json', JSON.stringify(fields));
    form.append('data', new Blob([file.bytes], { type: file.contentType }), file.filename);
    return this.call<RemoteJob>('POST', route, undefined, form);
  }

  /** A file of that server's datastore (a file artifact's `attachment.id`), refused beyond `maxBytes`. */
  async download(id: string, maxBytes: number): Promise<Buffer> {
    let res: Response;
    try {
      res = await fetch(`${this.server.url}/api/datastore/${encodeURIComponent(id)}`, {
        headers: { authorization: `Bearer ${this.server.key}` },
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw new Error(`Cortex server ${this.server.name} is unreachable: ${(error as Error).message}`);
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new Error(`Cortex server ${this.server.name} answered ${res.status} for file ${id}`);
    }
    const declared = Number(res.headers.get('content-length') ?? 0);
    if (declared > maxBytes) {
      await res.body?.cancel();
      throw new Error(`the file ${id} is larger than the limit of ${maxBytes} bytes`);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body ?? []) {
      size += chunk.length;
      if (size > maxBytes) throw new Error(`the file ${id} is larger than the limit of ${maxBytes} bytes`);
      chunks.push(Buffer.from(chunk));
    }
    return Buffer.concat(chunks);
  }

  async waitReport(jobId: string): Promise<RemoteJob> {
    return this.call<RemoteJob>('GET', `/job/${encodeURIComponent(jobId)}/waitreport?atMost=1second`);
  }
}
