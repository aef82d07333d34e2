/**
 * Fixed-window counters for rate limits, in memory. Each Faultline process counts its own traffic:
 * with several processes behind a balancer the effective limit is per process (docs/operations.md).
 */
export class QuotaCounter {
  private readonly windows = new Map<string, { start: number; used: number }>();

  /** Seconds until the window of `key` has room again, or 0 if `quantity` more fits now. */
  retryAfter(
    key: string,
    limit: number,
    windowSeconds: number,
    quantity = 1,
    now = Date.now() / 1000,
  ): number {
    const w = this.current(key, windowSeconds, now);
    if (w.used + quantity <= limit) return 0;
    return Math.max(1, Math.ceil(w.start + windowSeconds - now));
  }

  /** Counts `quantity` against the window of `key`. */
  consume(key: string, windowSeconds: number, quantity = 1, now = Date.now() / 1000): void {
    this.current(key, windowSeconds, now).used += quantity;
  }

  private current(key: string, windowSeconds: number, now: number): { start: number; used: number } {
    const start = Math.floor(now / windowSeconds) * windowSeconds;
    let w = this.windows.get(key);
    if (!w || w.start !== start) {
      w = { start, used: 0 };
      this.windows.set(key, w);
      // Bounded memory: forget the oldest windows once there are many keys.
      if (this.windows.size > 50_000) this.windows.delete(this.windows.keys().next().value as string);
    }
    return w;
  }
}
