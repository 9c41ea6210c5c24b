/**
 * A short-lived cache of who an API key is: (key hash, requested organisation) → the actor built
 * for it (user, membership, profile permissions, visibility flags). Scripts and feeders send one
 * key per request; without the cache each request reads the user, the membership with its profile
 * and the visibility flags (four statements) before doing anything.
 *
 * Staleness: an entry lives at most `KEY_CACHE_TTL_MS`. In this process every committed change
 * that can alter an actor drops the whole cache at once: audit entries on users (key renewal or
 * revocation, lock, membership and profile changes, deletion), profiles and organisations
 * (events/audit.ts calls `authChanged`), and writes of shares and case restrictions (their
 * repository calls it). The drop happens when the change is written and again after its
 * commit, and an entry built by a lookup that started before the last drop is never used, so a
 * lookup that read the old state concurrently with the change cannot bring it back. Another
 * process sharing the PostgreSQL database does not see this process's drops: there the TTL bounds
 * how long a revoked key or a locked user is still accepted (docs/performance.md).
 */
import { onCommit } from '../events/commit-signal.js';
import type { Actor } from './actor.js';

export const KEY_CACHE_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

let generation = 0;
let changedInTransaction = false;

/** A change that can alter an actor was written: drop the cache now and after the next commit. */
export function authChanged(): void {
  generation++;
  changedInTransaction = true;
}

onCommit(() => {
  if (!changedInTransaction) return;
  changedInTransaction = false;
  generation++;
});

interface Entry {
  actor: Actor;
  expires: number;
  generation: number;
}

export class KeyCache {
  private readonly entries = new Map<string, Entry>();

  /** The generation a lookup starts in: pass it to `set` with what the lookup found. */
  get generation(): number {
    return generation;
  }

  get(keyHash: string, organisation: string | undefined, now: number): Actor | undefined {
    const id = `${keyHash}\u0000${organisation ?? ''}`;
    const e = this.entries.get(id);
    if (!e) return undefined;
    if (e.expires < now || e.generation !== generation) {
      this.entries.delete(id);
      return undefined;
    }
    return e.actor;
  }

  set(keyHash: string, organisation: string | undefined, actor: Actor, startedIn: number, now: number): void {
    if (startedIn !== generation) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(`${keyHash}\u0000${organisation ?? ''}`, {
      actor,
      expires: now + KEY_CACHE_TTL_MS,
      generation,
    });
  }
}
