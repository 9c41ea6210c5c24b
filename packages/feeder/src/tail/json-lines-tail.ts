/**
 * Follows a JSON-lines file the way Suricata and Wazuh write them, through rotation.
 *
 * The cursor is the file's inode and the byte offset after the last complete line handed over.
 * When the path names a new inode, the rotated file (a sibling whose inode is the cursor's, e.g.
 * eve.json.1) is read to its end first, then the new file from its start; a file shorter than the
 * offset was truncated in place (copytruncate) and is read again from its start. A last line without
 * its newline is still being written: it waits for the next poll.
 */
import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';

export interface TailCursor {
  ino: number;
  offset: number;
}

export interface TailLine {
  /** `<inode>:<offset>` of the line's start: what a failure names. */
  ref: string;
  text: string;
}

export interface TailChunk {
  lines: TailLine[];
  cursor: TailCursor;
  /** Bytes left to read in the current file after this chunk. */
  lag: number;
}

const CHUNK = 1024 * 1024;

export function isTailCursor(v: unknown): v is TailCursor {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as TailCursor).ino === 'number' &&
    typeof (v as TailCursor).offset === 'number'
  );
}

async function statOrNull(file: string) {
  try {
    return await stat(file);
  } catch {
    return null;
  }
}

/** A sibling of `file` (same folder, name starting with its name) with the given inode. */
async function findRotated(file: string, ino: number): Promise<string | null> {
  const dir = path.dirname(file);
  const base = path.basename(file);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return null;
  }
  for (const name of names) {
    if (name === base || !name.startsWith(base)) continue;
    const s = await statOrNull(path.join(dir, name));
    if (s && s.ino === ino) return path.join(dir, name);
  }
  return null;
}

async function readLines(file: string, cursor: TailCursor, maxLines: number): Promise<TailChunk> {
  const handle = await open(file, 'r');
  try {
    const size = (await handle.stat()).size;
    const lines: TailLine[] = [];
    let offset = cursor.offset;
    while (lines.length < maxLines && offset < size) {
      const length = Math.min(CHUNK, size - offset);
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, offset);
      const data = buffer.subarray(0, bytesRead);
      let start = 0;
      while (lines.length < maxLines) {
        const nl = data.indexOf(0x0a, start);
        if (nl < 0) break;
        const text = data.subarray(start, nl).toString('utf8').trim();
        if (text !== '') lines.push({ ref: `${cursor.ino}:${offset + start}`, text });
        start = nl + 1;
      }
      if (start === 0) {
        // No newline in a whole chunk: a runaway line is skipped as one failure rather than blocking.
        if (bytesRead === CHUNK) {
          lines.push({ ref: `${cursor.ino}:${offset}`, text: '' });
          offset += bytesRead;
          continue;
        }
        break;
      }
      offset += start;
    }
    return { lines, cursor: { ino: cursor.ino, offset }, lag: size - offset };
  } finally {
    await handle.close();
  }
}

/** Reads the next lines after `cursor` (undefined: from the start of the current file). */
export async function readNext(
  file: string,
  cursor: TailCursor | undefined,
  maxLines: number,
): Promise<TailChunk> {
  const current = await statOrNull(file);
  if (cursor && (!current || current.ino !== cursor.ino)) {
    // Rotated: finish the old file if it is still there.
    const rotated = await findRotated(file, cursor.ino);
    if (rotated) {
      const chunk = await readLines(rotated, cursor, maxLines);
      // A partial last line in a rotated file will never be completed: it is left behind.
      if (chunk.lines.length > 0) return chunk;
    }
    if (!current) return { lines: [], cursor, lag: 0 };
    cursor = undefined;
  }
  if (!current) return { lines: [], cursor: { ino: 0, offset: 0 }, lag: 0 };
  let from: TailCursor = cursor ?? { ino: current.ino, offset: 0 };
  if (current.size < from.offset) from = { ino: current.ino, offset: 0 };
  return readLines(file, from, maxLines);
}
