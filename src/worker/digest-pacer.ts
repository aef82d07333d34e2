/** What the pacer knows when it decides how long the digest waits before its next batch. */
export interface PaceInput {
  /** How long the last batch held the event loop, in ms. */
  batchMs: number;
  /** Whether ingest committed an append recently (it shares the event loop with the digest). */
  ingestBusy: boolean;
  /** Share of the last pause the event loop spent busy (0–1), or undefined if there was none. */
  loopBusyDuringPause: number | undefined;
}

/** The share of the event loop the digest keeps while ingest needs all the rest. */
export const DIGEST_SHARE_UNDER_LOAD = 0.2;
/** A pause this busy means ingest had work waiting for the whole of it. */
const SATURATED = 0.9;

/**
 * How long the digest waits after a batch, in ms, when it runs in the ingest process. Ingest comes
 * first: while ingest keeps the event loop saturated, the digest gets DIGEST_SHARE_UNDER_LOAD of it
 * (a batch of t ms, then 4t for ingest) and the spool absorbs the difference, up to the backlog
 * limit that answers 503. While ingest leaves the loop idle part of the time, the digest waits only
 * a quarter of its batch, and with no ingest at all it does not wait.
 */
export function digestPauseMs(input: PaceInput): number {
  if (!input.ingestBusy || input.batchMs <= 0) return 0;
  const saturated = input.loopBusyDuringPause === undefined || input.loopBusyDuringPause >= SATURATED;
  return saturated
    ? (input.batchMs * (1 - DIGEST_SHARE_UNDER_LOAD)) / DIGEST_SHARE_UNDER_LOAD
    : input.batchMs / 4;
}

/**
 * Holds the in-process digest back while ingest is busy (see digestPauseMs). main.ts wires it:
 * `noteIngest` on every spool commit, `noteBatch` after every digest batch, and `beforeBatch` as
 * the digest loop's hook. A worker in its own process needs none of this: the OS schedules it.
 */
export class DigestPacer {
  private lastIngestAt = Number.NEGATIVE_INFINITY;
  private lastBatchMs = 0;
  private loopBusyDuringPause: number | undefined;

  constructor(private readonly busyWindowMs = 100) {}

  /** Ingest has just committed an append. */
  noteIngest(): void {
    this.lastIngestAt = performance.now();
  }

  /** The digest has just committed a batch that took `seconds`. */
  noteBatch(seconds: number): void {
    this.lastBatchMs = seconds * 1000;
  }

  /** Waits as long as digestPauseMs says, measuring how busy ingest kept the loop meanwhile. */
  async beforeBatch(): Promise<void> {
    const ms = digestPauseMs({
      batchMs: this.lastBatchMs,
      ingestBusy: performance.now() - this.lastIngestAt < this.busyWindowMs,
      loopBusyDuringPause: this.loopBusyDuringPause,
    });
    this.lastBatchMs = 0;
    if (ms <= 0) {
      this.loopBusyDuringPause = undefined;
      return;
    }
    const before = performance.eventLoopUtilization();
    await new Promise((resolve) => setTimeout(resolve, ms));
    this.loopBusyDuringPause = performance.eventLoopUtilization(before).utilization;
  }
}
