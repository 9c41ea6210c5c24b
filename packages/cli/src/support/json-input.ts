/**
 * Reads records from a JSON file, a JSON-lines file or stdin: a JSON array or a single object is one
 * document; otherwise each non-blank line is one object. Each record keeps its line number for
 * error reports.
 */
import { readFile } from 'node:fs/promises';
import { UsageError } from './errors.js';

export interface InputRecord {
  line: number;
  value: unknown;
  /** Set when the line is not JSON. */
  error?: string;
}

export async function readInput(file: string | undefined): Promise<string> {
  if (file && file !== '-') return readFile(file, 'utf8');
  if (process.stdin.isTTY) throw new UsageError('no input: give a file, or pipe JSON on standard input');
  let text = '';
  process.stdin.setEncoding('utf8');
  for await (const chunk of process.stdin) text += chunk;
  return text;
}

export function parseRecords(text: string): InputRecord[] {
  const trimmed = text.trim();
  if (!trimmed) return [];
  if (trimmed.startsWith('[')) {
    const parsed = JSON.parse(trimmed) as unknown;
    if (!Array.isArray(parsed)) throw new UsageError('the input starts with [ but is not a JSON array');
    return parsed.map((value, i) => ({ line: i + 1, value }));
  }
  try {
    return [{ line: 1, value: JSON.parse(trimmed) as unknown }];
  } catch {
    // not one document: JSON lines
  }
  const out: InputRecord[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    try {
      out.push({ line: i + 1, value: JSON.parse(line) as unknown });
    } catch (error) {
      out.push({ line: i + 1, value: undefined, error: `not JSON: ${(error as Error).message}` });
    }
  });
  return out;
}

/** Runs `fn` over the items with at most `limit` at a time, in order of start. */
export async function eachLimited<T>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
