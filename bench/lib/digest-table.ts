import type { DrainResult } from './drain.js';
import { formatCount, printTable } from './table.js';

/** How the digest and the server fared: during the load, in the drain after it, and overall. */
export interface DigestFigures {
  /** The first row: what the storage held when the load ended, under the benchmark's own label. */
  heldAtEndOfLoad: [label: string, count: number];
  pendingAtEndOfLoad: number;
  drain: DrainResult;
  /** What the digest folded in while draining, and its name in the rate ("events", "payloads"). */
  drained: number;
  drainedUnit: string;
  peakRssKib: number | undefined;
  problems: string[];
}

/**
 * Prints, after a blank line, the digest and server table, then the errors of parked intake records
 * and the first server warnings: the figures say that something went wrong, these lines say what.
 */
export function printDigestTable(f: DigestFigures): void {
  const drainSeconds = f.drain.waitedMs / 1000;
  console.log('');
  printTable(
    ['digest and server', 'value'],
    [
      [f.heldAtEndOfLoad[0], formatCount(f.heldAtEndOfLoad[1])],
      ['intake backlog when the load ended', formatCount(f.pendingAtEndOfLoad)],
      ['drain after the load', `${drainSeconds.toFixed(1)} s (${f.drain.ending})`],
      [
        'drain rate, no load',
        // Below a few hundred records the figure is mostly polling granularity, not digest speed.
        f.pendingAtEndOfLoad >= 500 && drainSeconds > 0
          ? `${formatCount(f.drained / drainSeconds)} ${f.drainedUnit}/s`
          : 'no backlog to measure',
      ],
      [
        'intake pending / parked at the end',
        `${formatCount(f.drain.pending)} / ${formatCount(f.drain.parked)}`,
      ],
      ['server peak RSS', f.peakRssKib ? `${formatCount(f.peakRssKib / 1024)} MiB` : '-'],
      ['server warnings/errors logged', formatCount(f.problems.length)],
    ],
  );
  for (const e of f.drain.parkedErrors) console.log(`  parked: ${e}`);
  for (const line of f.problems.slice(0, 5)) console.log(`  server: ${line.slice(0, 300)}`);
}
