import type { CpuUsage } from './cpu-usage.js';
import type { LoadRuns } from './load-runs.js';
import { formatCount, formatMs, formatPercent, printTable } from './table.js';
import type { WrkResult } from './wrk.js';

/** One Faultline topology in the load table: its column name, its footnote and its runs. */
export interface LoadColumn {
  name: string;
  footnote: string;
  runs: LoadRuns;
  /** The digest runs in a worker process of its own, whose CPU use is counted with the server's. */
  hasWorker?: boolean;
}

const MARKS = ['¹', '²', '³', '⁴'];

function socketErrors(r: WrkResult): number {
  const s = r.socketErrors;
  return s.connect + s.read + s.write + s.timeout;
}

function otherStatuses(r: WrkResult): string {
  const entries = Object.entries(r.script?.statuses ?? {});
  return entries.length ? entries.map(([code, n]) => `${code}×${n}`).join(' ') : '-';
}

function bodySize(r: WrkResult): string {
  return `${formatCount((r.script?.bytes ?? 0) / Math.max(1, r.script?.sent ?? 0))} B`;
}

/**
 * Prints the measured runs of each Faultline column beside the floor's, then each column as a share
 * (throughput) or a multiple (latency) of the floor: the absolute figures depend on the machine, the
 * ratios are what Faultline's own work costs. Ends with the footnotes and a warning when other
 * processes took the server's CPU.
 */
export function printLoadTable(columns: LoadColumn[], floorRuns: LoadRuns): void {
  const floor = floorRuns.measured;
  const all = [...columns.map((c) => c.runs), floorRuns];
  const row = (
    label: string,
    cell: (r: WrkResult) => string,
    vsFloor?: (r: WrkResult) => string,
  ): string[] => [
    label,
    ...all.map((r) => cell(r.measured)),
    ...columns.map((c) => (vsFloor ? vsFloor(c.runs.measured) : '')),
  ];
  const cpuRow = (label: string, pick: (c: CpuUsage) => number): string[] => [
    label,
    ...all.map((r) => formatPercent(pick(r.cpu))),
    ...columns.map(() => ''),
  ];
  const latencyRow = (label: string, pick: (r: WrkResult) => number): string[] =>
    row(
      label,
      (r) => formatMs(pick(r)),
      (r) => (pick(floor) > 0 ? `${(pick(r) / pick(floor)).toFixed(1)}×` : '-'),
    );
  const server = columns.some((c) => c.hasWorker) ? 'the server (+ worker)' : 'the server';
  printTable(
    [
      'measured run',
      ...columns.map((c, i) => `${c.name}${MARKS[i] ?? ''}`),
      'floor',
      ...columns.map((c) => `${c.name}/floor`),
    ],
    [
      row(
        'requests/s',
        (r) => formatCount(r.requestsPerSec),
        (r) => (floor.requestsPerSec > 0 ? formatPercent(r.requestsPerSec / floor.requestsPerSec) : '-'),
      ),
      latencyRow('latency p50', (r) => r.p50Ms),
      latencyRow('latency p90', (r) => r.p90Ms),
      latencyRow('latency p99', (r) => r.p99Ms),
      latencyRow('latency max', (r) => r.maxMs),
      row('requests', (r) => formatCount(r.requests)),
      row('non-2xx (wrk)', (r) => formatCount(r.non2xx)),
      row('other statuses', otherStatuses),
      row('socket errors', (r) => formatCount(socketErrors(r))),
      row('body size (avg)', bodySize),
      cpuRow('server CPU busy (all processes)', (c) => c.serverCpuBusy),
      cpuRow(`… used by ${server}`, (c) => c.serverProcess),
      cpuRow('load CPU busy (all processes)', (c) => c.loadCpuBusy),
    ],
  );
  columns.forEach((c, i) => console.log(`${MARKS[i] ?? ''} ${c.footnote}`));
  const interference = Math.max(...all.map((r) => r.cpu.serverCpuBusy - r.cpu.serverProcess));
  if (interference > 0.05) {
    console.log(
      `! other processes used up to ${formatPercent(interference)} of the server's CPU during a run: figures are noisy`,
    );
  }
}
