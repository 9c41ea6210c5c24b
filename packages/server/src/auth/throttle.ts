/**
 * Login throttling. Failed attempts are counted per account (in the database, so all nodes agree)
 * and per client address (in memory, per node). Past the limit, logins are refused until the
 * window has passed since the last failure.
 */
export class AddressThrottle {
  private readonly failures = new Map<string, { count: number; last: number }>();

  constructor(
    private readonly maxFailures: number,
    private readonly windowMs: number,
  ) {}

  /** Milliseconds the address must still wait, or 0. */
  retryAfter(address: string, now = Date.now()): number {
    const entry = this.failures.get(address);
    if (!entry) return 0;
    if (now - entry.last > this.windowMs) {
      this.failures.delete(address);
      return 0;
    }
    return entry.count >= this.maxFailures ? this.windowMs - (now - entry.last) : 0;
  }

  fail(address: string, now = Date.now()): void {
    const entry = this.failures.get(address);
    if (!entry || now - entry.last > this.windowMs) this.failures.set(address, { count: 1, last: now });
    else this.failures.set(address, { count: entry.count + 1, last: now });
    if (this.failures.size > 100_000) this.prune(now);
  }

  succeed(address: string): void {
    this.failures.delete(address);
  }

  private prune(now: number): void {
    for (const [k, v] of this.failures) if (now - v.last > this.windowMs) this.failures.delete(k);
  }
}

/** Milliseconds an account must still wait given its stored failure count and last failure time. */
export function accountRetryAfter(
  failedAttempts: number,
  lastFailedAt: number | null,
  maxFailures: number,
  windowMs: number,
  now = Date.now(),
): number {
  if (failedAttempts < maxFailures || lastFailedAt === null) return 0;
  const elapsed = now - lastFailedAt;
  return elapsed >= windowMs ? 0 : windowMs - elapsed;
}
