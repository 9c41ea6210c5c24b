/**
 * The local list lookup on lists written to a temporary folder: a MISP warninglist of hostnames, one
 * of CIDRs, a CSV of bad hashes with its own level, a regex list that is skipped, and a list changed
 * on disk that is read again.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkerInput, WorkerResult } from '../runner/worker-io.js';
import { listLookupAnalyzer } from './list-lookup.js';

let dir: string;
const signal = new AbortController().signal;
const input = (dataType: string, data?: string): WorkerInput => ({
  dataType,
  data,
  tlp: 2,
  pap: 2,
  message: '',
  parameters: {},
  config: {},
});

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'propolis-lists-'));
  await writeFile(
    path.join(dir, 'cloud.json'),
    JSON.stringify({
      name: 'List of known cloud domains',
      description: 'hosting',
      type: 'hostname',
      matching_attributes: ['domain', 'hostname', 'url'],
      list: ['.example-cloud.net', 'cdn.example'],
    }),
  );
  await writeFile(
    path.join(dir, 'ranges.json'),
    JSON.stringify({ name: 'Private ranges', type: 'cidr', list: ['10.0.0.0/8', '192.0.2.7'] }),
  );
  await writeFile(
    path.join(dir, 'regex.json'),
    JSON.stringify({ name: 'Regexes', type: 'regex', list: ['(a+)+$'] }),
  );
  await writeFile(
    path.join(dir, 'bad-hashes.csv'),
    '# level: malicious\n# description: hashes from the last incident\nvalue,comment\n' +
      '44D88612FEA8A8F36DE82E1278ABB02F,eicar md5\n"evil.example",domain\n',
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('Propolis_ListLookup', () => {
  const run = async (i: WorkerInput, file?: Buffer): Promise<WorkerResult> =>
    listLookupAnalyzer(() => [dir])({
      input: i,
      signal,
      file: file && { filename: 'x', contentType: 'application/octet-stream', bytes: file },
    });

  it('matches hosts and their subdomains, URLs and mail domains against hostname lists', async () => {
    for (const [type, value] of [
      ['domain', 'api.eu.example-cloud.net'],
      ['url', 'https://CDN.example/x?y=1'],
      ['mail', 'someone@cdn.example'],
    ] as const) {
      const out = await run(input(type, value));
      expect(out).toMatchObject({
        success: true,
        summary: {
          taxonomies: [{ level: 'info', namespace: 'ListLookup', predicate: 'List of known cloud domains' }],
        },
      });
    }
    const miss = await run(input('domain', 'example-cloud.net.evil.org'));
    expect(miss).toMatchObject({ summary: { taxonomies: [{ predicate: 'Lists', value: 'no hit in 3' }] } });
    if (miss.success) expect(miss.full.problems).toEqual([expect.stringMatching(/regex.*not supported/)]);
  });

  it('matches IPs in CIDR lists, and hashes and files in a CSV with its own level', async () => {
    expect(await run(input('ip', '10.20.30.40'))).toMatchObject({
      summary: { taxonomies: [{ predicate: 'Private ranges' }] },
    });
    expect(await run(input('ip', '192.0.2.7'))).toMatchObject({
      summary: { taxonomies: [{ predicate: 'Private ranges' }] },
    });
    expect(await run(input('ip', '192.0.2.8'))).toMatchObject({
      summary: { taxonomies: [{ predicate: 'Lists' }] },
    });
    expect(await run(input('hash', '44d88612fea8a8f36de82e1278abb02f'))).toMatchObject({
      summary: { taxonomies: [{ level: 'malicious', predicate: 'bad-hashes' }] },
    });
    // the EICAR test file: its MD5 is in the CSV
    const eicar = Buffer.from('X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*');
    expect(await run(input('file'), eicar)).toMatchObject({
      summary: { taxonomies: [{ level: 'malicious', predicate: 'bad-hashes' }] },
    });
  });

  it('reads a list again when it changes, and fails clearly without lists', async () => {
    expect(await run(input('domain', 'new.example'))).toMatchObject({
      summary: { taxonomies: [{ predicate: 'Lists' }] },
    });
    await writeFile(path.join(dir, 'extra.txt'), 'new.example\n');
    expect(await run(input('domain', 'www.new.example'))).toMatchObject({
      summary: { taxonomies: [{ level: 'suspicious', predicate: 'extra' }] },
    });
    const none = await listLookupAnalyzer(() => [path.join(dir, 'missing')])({
      input: input('ip', '1.1.1.1'),
      signal,
    });
    expect(none).toMatchObject({ success: false, errorMessage: expect.stringMatching(/listPaths/) });
  });
});
