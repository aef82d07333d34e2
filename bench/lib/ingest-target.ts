import { formatMs, formatPercent } from './table.js';
import type { WrkResult } from './wrk.js';

/** The ingest target, for every ingest endpoint: ≥ 40 % of the floor's requests/s with p99 < 50 ms. */
const TARGET_RATIO = 0.4;
const TARGET_P99_MS = 50;

/** Prints, after a blank line, whether each named measured run met the target against the floor. */
export function printTargetLines(runs: { name: string; measured: WrkResult }[], floor: WrkResult): void {
  console.log('');
  for (const { name, measured: r } of runs) {
    const share = floor.requestsPerSec > 0 ? r.requestsPerSec / floor.requestsPerSec : 0;
    const met = share >= TARGET_RATIO && r.p99Ms < TARGET_P99_MS;
    console.log(
      `target ≥ ${formatPercent(TARGET_RATIO)} of floor with p99 < ${TARGET_P99_MS} ms, ${name}: ` +
        `${formatPercent(share)}, p99 ${formatMs(r.p99Ms)} → ${met ? 'met' : 'NOT met'}`,
    );
  }
}
