import type { LoadRuns } from './load-runs.js';
import { formatCount, printTable } from './table.js';
import type { WrkResult } from './wrk.js';

/** The 200 answers the wrk script read, warm-up and measured together. */
export function answered200(runs: LoadRuns): number {
  return (runs.warmup.script?.ok ?? 0) + (runs.measured.script?.ok ?? 0);
}

/**
 * Prints what the wrk script counted in each run (built, answered 200, answered otherwise) above
 * `totals`, the rows that set what was acknowledged against what the storage holds. Both runs count:
 * the warm-up's acknowledged requests must be stored as much as the measured run's.
 */
export function printAcknowledgedTable(
  title: string,
  runs: LoadRuns,
  totals: [label: string, count: number][],
): void {
  const { warmup, measured } = runs;
  const sum = (pick: (r: WrkResult) => number): string[] => [
    formatCount(pick(warmup)),
    formatCount(pick(measured)),
    formatCount(pick(warmup) + pick(measured)),
  ];
  printTable(
    [title, 'warm-up', 'measured', 'total'],
    [
      ['requests built by wrk', ...sum((r) => r.script?.sent ?? 0)],
      ['answered 200', ...sum((r) => r.script?.ok ?? 0)],
      ['answered otherwise', ...sum((r) => r.script?.other ?? 0)],
      ...totals.map(([label, count]) => [label, '', '', formatCount(count)]),
    ],
  );
}
