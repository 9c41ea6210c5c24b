/**
 * A file the server sends back (an attachment, or an observable's file zipped with a password):
 * its name, type and size from the answer's headers, and its bytes as a web ReadableStream, read
 * once. `bytes()`, `text()` and `blob()` read it whole; `saveDownload` of `@propolis/client/node`
 * writes it to disk as it arrives.
 */

/** The file name of a Content-Disposition header (RFC 6266 `filename*` first). */
export function dispositionName(header: string | null): string | undefined {
  if (!header) return undefined;
  const star = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header);
  if (star?.[2]) {
    try {
      return decodeURIComponent(star[2].trim());
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]+))/i.exec(header);
  return plain ? (plain[1] ?? plain[2] ?? '').replace(/\\(.)/g, '$1').trim() : undefined;
}

export class Download {
  /** The file name the server gives (Content-Disposition). */
  readonly name: string | undefined;
  /** Content-Type: `application/zip` for zipped downloads. */
  readonly contentType: string;
  /** Content-Length, when the server sends it. */
  readonly size: number | undefined;

  constructor(readonly response: Response) {
    this.name = dispositionName(response.headers.get('content-disposition'));
    this.contentType = response.headers.get('content-type') ?? 'application/octet-stream';
    const length = response.headers.get('content-length');
    this.size = length === null ? undefined : Number(length);
  }

  /** The bytes as they arrive (one reader only). */
  get stream(): ReadableStream<Uint8Array> {
    const body = this.response.body;
    if (!body) throw new Error('the download has no body');
    return body as ReadableStream<Uint8Array>;
  }

  async bytes(): Promise<Uint8Array> {
    return new Uint8Array(await this.response.arrayBuffer());
  }

  text(): Promise<string> {
    return this.response.text();
  }

  blob(): Promise<Blob> {
    return this.response.blob();
  }

  /** Drops the body unread. */
  async cancel(): Promise<void> {
    await this.response.body?.cancel();
  }
}
