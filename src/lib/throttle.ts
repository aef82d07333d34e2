/**
 * Counts failures per key in a sliding window, in memory. Used for login throttling: a restart
 * forgets the counts, which only ever errs towards letting a user in.
 */
export class FailureThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures: number,
    private readonly windowSeconds: number,
  ) {}

  /** Seconds until `key` may try again; 0 when it is not throttled. */
  retryAfter(key: string, now = Date.now() / 1000): number {
    const recent = this.recent(key, now);
    if (recent.length < this.maxFailures) return 0;
    return Math.max(1, Math.ceil(recent[0]! + this.windowSeconds - now));
  }

  recordFailure(key: string, now = Date.now() / 1000): void {
    const recent = this.recent(key, now);
    recent.push(now);
    this.failures.set(key, recent);
    if (this.failures.size > 100_000) this.failures.delete(this.failures.keys().next().value as string);
  }

  reset(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((t) => t > now - this.windowSeconds);
  }
}
