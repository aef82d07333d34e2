import { isDatabaseReachable, type Database } from '../storage/db.js';
import type { IntakeRow, IntakeSpool } from '../storage/intake-spool.js';
import {
  digestRecord,
  digestRecords,
  forgetKnownReleases,
  type DigestOutcome,
} from '../processing/pipeline.js';
import { nextClaimSize } from './claim-size.js';

export interface DigestLoopOptions {
  batchSize?: number;
  /** Stop adding records to a batch once its bodies add up to this many bytes (one always fits). */
  batchBytes?: number;
  /** Commit a batch once it has taken this long, so the transaction stays short. */
  batchMs?: number;
  /** Attempts before a record is parked with its error. */
  maxAttempts?: number;
  /** How often to look for retries that have come due when no append wakes us. */
  pollMs?: number;
  onOutcome?: (row: IntakeRow, outcome: DigestOutcome) => void;
  onError?: (row: IntakeRow, error: Error, fate: 'retry' | 'parked') => void;
  /** After each committed batch: how many records and how long the transaction took. */
  onBatch?: (records: number, seconds: number) => void;
  /** Awaited before each batch: lets the process hold the digest back (main.ts, while ingest is busy). */
  beforeBatch?: () => Promise<void>;
}

/**
 * The background digest: claims intake records in order, digests a batch in one short transaction,
 * and removes them from the spool only after that transaction commits (at-least-once; the events
 * table's unique (project, event_id) makes a redelivery harmless). A batch that fails is split into
 * single-record transactions so one poison record is retried and parked alone, never blocking others.
 */
export class DigestLoop {
  private running = false;
  private wake: (() => void) | undefined;
  private stopped = false;
  private loopDone: Promise<void> = Promise.resolve();
  private unsubscribe: (() => void) | undefined;
  /** Records to claim next: follows what the time budget lets a batch digest (claim-size.ts). */
  private claimLimit: number;
  private readonly opts: Required<
    Pick<DigestLoopOptions, 'batchSize' | 'batchBytes' | 'batchMs' | 'maxAttempts' | 'pollMs'>
  > &
    DigestLoopOptions;

  constructor(
    private readonly database: Database,
    private readonly spool: IntakeSpool,
    opts: DigestLoopOptions = {},
  ) {
    this.opts = {
      batchSize: 200,
      batchBytes: 8 * 1024 * 1024,
      batchMs: 25,
      maxAttempts: 5,
      pollMs: 1000,
      ...opts,
    };
    this.claimLimit = this.opts.batchSize;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopped = false;
    this.unsubscribe = this.spool.onAppend(() => this.wake?.());
    this.loopDone = this.run();
  }

  /** Finishes the batch in hand, then stops. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    this.unsubscribe?.();
    await this.loopDone;
    this.running = false;
  }

  /** Digests until the spool has nothing ready; returns how many records were handled. Tests use it. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.runOnce();
      if (n === 0) return total;
      total += n;
    }
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      let handled = 0;
      try {
        await this.opts.beforeBatch?.();
        handled = await this.runOnce();
      } catch {
        // The database is away (PostgreSQL restarting): records stay in the spool; try again shortly.
        handled = 0;
      }
      // On SQLite every query settles as a microtask, so without this turn of the event loop a
      // backlog would be drained without ingest (or anything else) getting a single callback in.
      if (handled > 0) await yieldToEventLoop();
      if (handled === 0 && !this.stopped) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.opts.pollMs);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = undefined;
      }
    }
  }

  /** One batch: returns the number of records claimed. */
  async runOnce(): Promise<number> {
    // The byte budget applies to the claim too: the bodies claimed are all in memory at once.
    const claimed = this.spool.claim(this.claimLimit, Date.now() / 1000, this.opts.batchBytes);
    if (claimed.length === 0) return 0;
    const started = performance.now();
    // The batch ends at its byte or time budget: on SQLite the whole transaction runs without the
    // event loop getting a turn, so a long one would hold every ingest request (and accept) up.
    // Events are stored a few dozen at a time as the batch goes; the last few after its last record.
    let rows = claimed;
    try {
      let bytes = claimed[0]!.body.length;
      const outcomes = await this.database.db.transaction().execute(async (tx) => {
        const out = await digestRecords(tx, claimed, (row) => {
          if (bytes >= this.opts.batchBytes || performance.now() - started >= this.opts.batchMs) return false;
          bytes += row.body.length;
          return true;
        });
        rows = claimed.slice(0, out.length);
        return out;
      });
      this.spool.remove(rows.map((r) => r.id));
      this.claimLimit = nextClaimSize(
        { claimed: claimed.length, digested: rows.length, limit: this.claimLimit },
        this.opts.batchSize,
      );
      this.opts.onBatch?.(rows.length, (performance.now() - started) / 1000);
      rows.forEach((row, i) => this.opts.onOutcome?.(row, outcomes[i]!));
    } catch (err) {
      forgetKnownReleases();
      // An outage is not a poison record: leave everything in the spool and let run() back off.
      if (!(await isDatabaseReachable(this.database))) throw err;
      for (const row of rows) await this.digestAlone(row);
    }
    return rows.length;
  }

  private async digestAlone(row: IntakeRow): Promise<void> {
    try {
      const outcome = await this.database.db.transaction().execute((tx) => digestRecord(tx, row));
      this.spool.remove([row.id]);
      this.opts.onOutcome?.(row, outcome);
    } catch (err) {
      forgetKnownReleases();
      if (!(await isDatabaseReachable(this.database))) throw err;
      const error = err instanceof Error ? err : new Error(String(err));
      const fate = this.spool.fail(row.id, error.message, this.opts.maxAttempts);
      this.opts.onError?.(row, error, fate);
    }
  }
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
