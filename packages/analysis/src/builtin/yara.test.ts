/**
 * Propolis_Yara with Debian's yara program (.ci/run installs it): rules in two files (namespaces),
 * a match with its meta severity, tags and strings, no match, and a rules file that does not compile.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkerInput } from '../runner/worker-io.js';
import { parseYaraOutput, yaraAnalyzer } from './yara.js';

let dir: string;
const signal = new AbortController().signal;
const input: WorkerInput = { dataType: 'file', tlp: 2, pap: 2, message: '', parameters: {}, config: {} };
const file = (text: string) => ({
  filename: 'sample.bin',
  contentType: 'application/octet-stream',
  bytes: Buffer.from(text),
});
const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'propolis-yara-rules-'));
  await writeFile(
    path.join(dir, 'test-files.yar'),
    'rule Eicar : test av {\n meta:\n  description = "EICAR test file"\n  severity = "malicious"\n' +
      ' strings:\n  $a = "EICAR-STANDARD-ANTIVIRUS-TEST-FILE"\n condition:\n  $a\n}\n',
  );
  await writeFile(
    path.join(dir, 'scripts.yara'),
    'rule PowerShellDownload {\n strings:\n  $a = "DownloadString" nocase\n condition:\n  $a\n}\n' +
      'rule Eicar { strings: $x = "$EICAR" condition: $x }\n',
  );
  await writeFile(path.join(dir, 'README.txt'), 'not a rules file');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('Propolis_Yara', () => {
  it('reports the matching rules of every rules file, with meta, tags and strings', async () => {
    const out = await yaraAnalyzer(() => [dir])({ input, file: file(EICAR), signal });
    if (!out.success) throw new Error(out.errorMessage);
    expect(out.full.rulesFiles).toEqual(['scripts.yara', 'test-files.yar']);
    expect(out.full.matches).toEqual(
      expect.arrayContaining([
        {
          namespace: 'test-files',
          rule: 'Eicar',
          tags: ['test', 'av'],
          meta: { description: 'EICAR test file', severity: 'malicious' },
          strings: [{ offset: 28, identifier: '$a', data: 'EICAR-STANDARD-ANTIVIRUS-TEST-FILE' }],
        },
        expect.objectContaining({ namespace: 'scripts', rule: 'Eicar', meta: {} }),
      ]),
    );
    expect(out.summary.taxonomies).toEqual(
      expect.arrayContaining([
        { level: 'malicious', namespace: 'Yara', predicate: 'Match', value: 'Eicar' },
        { level: 'suspicious', namespace: 'Yara', predicate: 'Match', value: 'Eicar' },
      ]),
    );
  });

  it('says so when nothing matches, and fails clearly on bad rules or none', async () => {
    const clean = await yaraAnalyzer(() => [dir])({ input, file: file('just a text'), signal });
    expect(clean).toMatchObject({
      success: true,
      summary: { taxonomies: [{ level: 'safe', value: 'none' }] },
    });
    const bad = path.join(dir, 'broken', 'bad.yar');
    await import('node:fs/promises').then((fs) => fs.mkdir(path.dirname(bad)));
    await writeFile(bad, 'rule broken {');
    const failed = await yaraAnalyzer(() => [bad])({ input, file: file(EICAR), signal });
    expect(failed).toMatchObject({
      success: false,
      errorMessage: expect.stringMatching(/^YARA: .*syntax error/),
    });
    const none = await yaraAnalyzer(() => [path.join(dir, 'README.txt')])({
      input,
      file: file(EICAR),
      signal,
    });
    expect(none).toMatchObject({ success: false, errorMessage: expect.stringMatching(/yaraRulePaths/) });
  });

  it('parses meta values with commas, quotes and numbers', () => {
    expect(
      parseYaraOutput('ns:R [] [author="a, b",note="say \\"hi\\"",score=80] /tmp/x\n0x10:$s: abc\n'),
    ).toEqual([
      {
        namespace: 'ns',
        rule: 'R',
        tags: [],
        meta: { author: 'a, b', note: 'say "hi"', score: '80' },
        strings: [{ offset: 16, identifier: '$s', data: 'abc' }],
      },
    ]);
  });
});
