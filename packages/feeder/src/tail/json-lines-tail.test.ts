import {
  appendFileSync,
  mkdtempSync,
  renameSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readNext } from './json-lines-tail.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'propolis-tail-'));
  file = path.join(dir, 'eve.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const texts = (chunk: { lines: Array<{ text: string }> }) => chunk.lines.map((l) => l.text);

describe('readNext', () => {
  it('reads complete lines only and resumes after them', async () => {
    writeFileSync(file, 'a\nb\nc-partial');
    const first = await readNext(file, undefined, 10);
    expect(texts(first)).toEqual(['a', 'b']);
    expect(first.cursor).toEqual({ ino: statSync(file).ino, offset: 4 });
    expect(first.lag).toBe('c-partial'.length);
    appendFileSync(file, '\nd\n');
    expect(texts(await readNext(file, first.cursor, 10))).toEqual(['c-partial', 'd']);
  });

  it('stops at the batch size', async () => {
    writeFileSync(file, '1\n2\n3\n4\n');
    const chunk = await readNext(file, undefined, 3);
    expect(texts(chunk)).toEqual(['1', '2', '3']);
    expect(texts(await readNext(file, chunk.cursor, 3))).toEqual(['4']);
  });

  it('finishes a rotated file before reading the new one from its start', async () => {
    writeFileSync(file, 'old-1\n');
    const first = await readNext(file, undefined, 10);
    appendFileSync(file, 'old-2\n');
    renameSync(file, `${file}.1`);
    writeFileSync(file, 'new-1\n');
    const second = await readNext(file, first.cursor, 10);
    expect(texts(second)).toEqual(['old-2']);
    const third = await readNext(file, second.cursor, 10);
    expect(texts(third)).toEqual(['new-1']);
    expect(third.cursor.ino).toBe(statSync(file).ino);
  });

  it('starts over a file truncated in place', async () => {
    writeFileSync(file, 'one\ntwo\n');
    const first = await readNext(file, undefined, 10);
    truncateSync(file, 0);
    appendFileSync(file, 'three\n');
    expect(texts(await readNext(file, first.cursor, 10))).toEqual(['three']);
  });

  it('waits for a file that does not exist yet', async () => {
    const chunk = await readNext(file, undefined, 10);
    expect(chunk.lines).toEqual([]);
    writeFileSync(file, 'x\n');
    expect(texts(await readNext(file, chunk.cursor, 10))).toEqual(['x']);
  });
});
