/**
 * Column helpers that hide the two dialects' differences from migrations.
 */
import type { CreateTableBuilder } from 'kysely';
import type { Dialect } from '../database.js';

/** An auto-incremented integer primary key named `id`; ids are never reused. */
export function withId<T extends string>(table: CreateTableBuilder<T, never>, dialect: Dialect) {
  return dialect === 'postgres'
    ? table.addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

/** Integer type used for foreign keys and epoch-millisecond dates. */
export const bigint = (dialect: Dialect) => (dialect === 'postgres' ? 'bigint' : 'integer');
