/**
 * Order-free checksums of a table's rows, computed the same way from SQLite and from PostgreSQL: each
 * row (its columns in name order, values normalised: numbers as numbers, bytes as hex) is hashed, the
 * row hashes are sorted and hashed together. Sorting in JavaScript keeps the databases' collations
 * out of it.
 */
import { createHash } from 'node:crypto';

export function normalise(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Uint8Array) return `x${Buffer.from(value).toString('hex')}`;
  return value;
}

export class TableChecksum {
  private readonly rows: string[] = [];

  constructor(private readonly columns: string[]) {}

  add(row: Record<string, unknown>): void {
    const values = this.columns.map((c) => normalise(row[c]));
    this.rows.push(createHash('sha256').update(JSON.stringify(values)).digest('base64'));
  }

  get count(): number {
    return this.rows.length;
  }

  digest(): string {
    const hash = createHash('sha256');
    for (const r of this.rows.sort()) hash.update(r);
    return hash.digest('hex');
  }
}
