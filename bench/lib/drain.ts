import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { countLogRecords, readCursors } from '../../src/storage/intake-log-import.js';
import { progressLabel } from './load-runs.js';
import { sleep } from './processes.js';
import { formatCount } from './table.js';

/** What the storage held when the wait for the digest ended. */
export interface DrainResult {
  stored: number;
  /** Intake records still waiting for digest (not parked). */
  pending: number;
  /** Intake records the worker gave up on, with a sample of their errors. */
  parked: number;
  parkedErrors: string[];
  /** Why the wait ended. */
  ending: 'drained' | 'stalled' | 'timeout';
  waitedMs: number;
}

/** What the storage holds at one moment: stored events and the intake spool's records. */
export type StorageCounts = Omit<DrainResult, 'ending' | 'waitedMs'>;

/** Reads the counts the bench needs straight from the server's SQLite files, read-only. */
export function readStorageCounts(dataDir: string): StorageCounts {
  const main = new SqliteDatabase(path.join(dataDir, 'faultline.sqlite'), {
    readonly: true,
    fileMustExist: true,
  });
  const intakeFile = path.join(dataDir, 'intake.sqlite');
  try {
    const stored = (main.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
    if (!fs.existsSync(intakeFile)) return { stored, pending: 0, parked: 0, parkedErrors: [] };
    const intake = new SqliteDatabase(intakeFile, { readonly: true, fileMustExist: true });
    try {
      const counts = intake
        .prepare(
          `SELECT SUM(CASE WHEN parked_at IS NULL THEN 1 ELSE 0 END) AS pending,
                  SUM(CASE WHEN parked_at IS NULL THEN 0 ELSE 1 END) AS parked FROM intake`,
        )
        .get() as { pending: number | null; parked: number | null };
      const errors = intake
        .prepare('SELECT DISTINCT last_error AS e FROM intake WHERE parked_at IS NOT NULL LIMIT 5')
        .all() as { e: string | null }[];
      // Acknowledged records wait in the intake log until the digesting process imports them.
      const inLog = countLogRecords(path.join(dataDir, 'intake-log'), readCursors(intake));
      return {
        stored,
        pending: (counts.pending ?? 0) + inLog,
        parked: counts.parked ?? 0,
        parkedErrors: errors.map((r) => r.e ?? '(no error text)'),
      };
    } finally {
      intake.close();
    }
  } finally {
    main.close();
  }
}

/** Every stored event id (32 hex), for checking acknowledged ids one by one. */
export function readStoredEventIds(dataDir: string): Set<string> {
  const main = new SqliteDatabase(path.join(dataDir, 'faultline.sqlite'), {
    readonly: true,
    fileMustExist: true,
  });
  try {
    const rows = main.prepare('SELECT event_id AS id FROM events').all() as { id: string }[];
    return new Set(rows.map((r) => r.id));
  } finally {
    main.close();
  }
}

/**
 * Polls until the digest has caught up: the intake spool has nothing pending and the events count
 * has stopped growing. Ends early as "stalled" when nothing moves for `stallMs` while work is
 * pending, and as "timeout" after `timeoutMs`.
 */
export async function waitForDrain(
  dataDir: string,
  opts: { timeoutMs: number; stallMs: number; pollMs?: number },
): Promise<DrainResult> {
  const start = Date.now();
  const pollMs = opts.pollMs ?? 250;
  let last = readStorageCounts(dataDir);
  let lastChange = Date.now();
  for (;;) {
    await sleep(pollMs);
    const now = readStorageCounts(dataDir);
    const moved = now.stored !== last.stored || now.pending !== last.pending;
    if (moved) lastChange = Date.now();
    const waitedMs = Date.now() - start;
    if (now.pending === 0 && !moved) return { ...now, ending: 'drained', waitedMs };
    if (Date.now() - lastChange > opts.stallMs) return { ...now, ending: 'stalled', waitedMs };
    if (waitedMs > opts.timeoutMs) return { ...now, ending: 'timeout', waitedMs };
    last = now;
  }
}

/**
 * Reads the storage as a load left it, then waits for the digest to catch up. It may be far behind:
 * ingest comes first while the load lasts. A digest that stops making progress for 15 s ends the
 * wait early; a generous timeout, scaled with the load, ends it otherwise.
 */
export async function drainAfterLoad(
  name: string,
  dataDir: string,
  loadSec: number,
): Promise<{ atEndOfLoad: StorageCounts; drain: DrainResult }> {
  const atEndOfLoad = readStorageCounts(dataDir);
  console.log(
    `${progressLabel(name)}waiting for the digest to drain ${formatCount(atEndOfLoad.pending)} pending records …`,
  );
  const drain = await waitForDrain(dataDir, {
    timeoutMs: Math.max(120, loadSec * 30) * 1000,
    stallMs: 15_000,
  });
  return { atEndOfLoad, drain };
}
