/**
 * Observable types by name, as observable creation looks them up (several times per alert): kept
 * per process for 10 seconds. Only found types are kept, so a type created on another node is usable
 * at once; a type deleted here is forgotten at once, and one deleted on another node (possible only
 * while no observable uses it) stays usable here for at most 10 seconds.
 */
import type { Kysely } from 'kysely';
import { findObservableType, type ObservableTypeRow } from '../../db/repositories/observable-types.js';
import type { Database } from '../../db/schema.js';

const TTL_MS = 10_000;

const caches = new WeakMap<Kysely<Database>, Map<string, { row: ObservableTypeRow; until: number }>>();

export async function observableTypeByName(
  db: Kysely<Database>,
  name: string,
): Promise<ObservableTypeRow | undefined> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  const now = Date.now();
  const hit = cache.get(name);
  if (hit && hit.until > now) return hit.row;
  const row = await findObservableType(db, name);
  if (row && row.name === name) cache.set(name, { row, until: now + TTL_MS });
  else cache.delete(name);
  return row;
}

/** Drops what this process keeps (after a type is deleted). */
export function forgetObservableTypes(db: Kysely<Database>): void {
  caches.delete(db);
}
