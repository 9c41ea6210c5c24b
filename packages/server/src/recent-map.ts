/**
 * A map of at most `capacity` entries that forgets the least recently used one first (a Map keeps
 * insertion order: reading an entry moves it to the end). The caches of rendered similar cases
 * (api/presenters/similar-case-json.ts) and of case rows by version (db/repositories/case-row-cache.ts).
 */
export class RecentMap<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.entries.size;
  }

  /** The value kept for this key, which is now the most recently used. */
  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  /** Keeps the value as the most recently used, forgetting the least recently used past the capacity. */
  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }
}
