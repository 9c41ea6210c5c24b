/**
 * Files to upload, from whatever the caller holds: a Blob or File, bytes (Uint8Array, Node's Buffer,
 * ArrayBuffer), text, a web ReadableStream or any async iterable of bytes (Node's Readable streams
 * are one). Streams are read into a Blob before sending: the server reads every upload into memory
 * up to its upload limit anyway, and a Blob lets a retried request send the same bytes again.
 * For a file on disk, `fileFromPath` of `@propolis/client/node` gives a Blob backed by the file.
 */

export type FileData =
  | Blob
  | Uint8Array
  | ArrayBuffer
  | string
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array | string>;

/** A file to upload: its name, content and (optionally) content type. */
export interface FileUpload {
  name: string;
  data: FileData;
  contentType?: string;
}

function isAsyncIterable(v: unknown): v is AsyncIterable<Uint8Array | string> {
  return typeof v === 'object' && v !== null && Symbol.asyncIterator in v;
}

async function collect(data: AsyncIterable<Uint8Array | string>, type: string): Promise<Blob> {
  const parts: Array<Uint8Array<ArrayBuffer> | string> = [];
  for await (const chunk of data) parts.push(typeof chunk === 'string' ? chunk : new Uint8Array(chunk));
  return new Blob(parts, { type });
}

async function readStream(stream: ReadableStream<Uint8Array>, type: string): Promise<Blob> {
  const reader = stream.getReader();
  const parts: Array<Uint8Array<ArrayBuffer> | string> = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(new Uint8Array(value));
  }
  return new Blob(parts, { type });
}

/** The upload as a Blob (streams are read to their end). */
export async function toBlob(file: FileUpload): Promise<Blob> {
  const type = file.contentType ?? (file.data instanceof Blob ? file.data.type : '') ?? '';
  const data = file.data;
  if (data instanceof Blob) return type && data.type !== type ? new Blob([data], { type }) : data;
  if (typeof data === 'string') return new Blob([data], { type });
  if (data instanceof Uint8Array) return new Blob([new Uint8Array(data)], { type });
  if (data instanceof ArrayBuffer) return new Blob([data], { type });
  if (typeof ReadableStream !== 'undefined' && data instanceof ReadableStream) return readStream(data, type);
  if (isAsyncIterable(data)) return collect(data, type);
  throw new TypeError(`upload ${file.name}: unsupported data (a Blob, bytes, text or a stream)`);
}

/**
 * A multipart body as TheHive clients send it: the JSON fields in a `_json` part, then one part per
 * file under its field name (`attachment`, `attachments`, or a key of an alert's attachment map).
 */
export async function multipartForm(
  json: unknown,
  files: ReadonlyArray<{ field: string; file: FileUpload }>,
): Promise<FormData> {
  const form = new FormData();
  form.append('_json', JSON.stringify(json ?? {}));
  for (const { field, file } of files) form.append(field, await toBlob(file), file.name);
  return form;
}
