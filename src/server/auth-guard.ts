/**
 * Token guessing, limited per client address: after `maxFailures` wrong tokens within `windowMs`
 * an address gets 429 with Retry-After for every request until the window ends, right token or
 * not, so a guesser cannot tell a hit from a miss. A valid token's requests are limited
 * separately (serve.rate_limit_per_minute).
 */
export class AuthGuard {
  private readonly failures = new Map<string, { count: number; since: number }>();

  constructor(
    private readonly maxFailures: number,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until this address may try again, or 0 when it may now. */
  blockedFor(address: string): number {
    const entry = this.current(address);
    if (!entry || entry.count < this.maxFailures) return 0;
    return Math.max(1, Math.ceil((entry.since + this.windowMs - this.now()) / 1000));
  }

  fail(address: string): void {
    const entry = this.current(address);
    if (entry) entry.count++;
    else this.failures.set(address, { count: 1, since: this.now() });
    // Many addresses that tried once: forget those whose window has passed (bounded memory).
    if (this.failures.size > 10_000) for (const key of this.failures.keys()) this.current(key);
  }

  private current(address: string): { count: number; since: number } | undefined {
    const entry = this.failures.get(address);
    if (entry && this.now() - entry.since >= this.windowMs) {
      this.failures.delete(address);
      return undefined;
    }
    return entry;
  }
}
