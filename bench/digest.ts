import path from 'node:path';
import type { DigestFigures, DigestRound } from './digest-run.js';
import type { BenchContext } from './lib/bench-context.js';
import { ROOT } from './lib/faultline.js';
import { runPinned } from './lib/processes.js';
import { formatCount, printHeading, printTable } from './lib/table.js';

const TARGET = 2000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Digest throughput on SQLite, on one core, into a database of 100,000 events in 1,000 issues. */
export async function benchDigest(ctx: BenchContext): Promise<void> {
  printHeading('digest: normalize + group + store on SQLite (one core)');
  const { code, output } = await runPinned(
    ctx.serverCpu,
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'bench/digest-run.ts')],
    600_000,
    { cwd: ROOT },
  );
  const line = output.split('\n').find((l) => l.startsWith('{'));
  if (code !== 0 || !line) throw new Error(`digest run failed (exit ${code}):\n${output.slice(-2000)}`);
  const f = JSON.parse(line) as DigestFigures;
  const row = (label: string, r: DigestRound): string[] => [
    label,
    formatCount(r.drained),
    r.seconds.toFixed(2),
    formatCount(Math.round(r.eventsPerSecond)),
    r.cpuSeconds.toFixed(2),
    formatCount(Math.round(r.eventsPerCpuSecond)),
    r.batches > 0 ? String(Math.round(r.drained / r.batches)) : '—',
  ];
  const med: DigestRound = {
    drained: median(f.rounds.map((r) => r.drained)),
    seconds: median(f.rounds.map((r) => r.seconds)),
    eventsPerSecond: median(f.rounds.map((r) => r.eventsPerSecond)),
    cpuSeconds: median(f.rounds.map((r) => r.cpuSeconds)),
    eventsPerCpuSecond: median(f.rounds.map((r) => r.eventsPerCpuSecond)),
    batches: median(f.rounds.map((r) => r.batches)),
  };
  printTable(
    ['round', 'events', 'seconds', 'events/s (1 core)', 'CPU s', 'events/CPU-s', 'per batch'],
    [...f.rounds.map((r, i) => row(String(i + 1), r)), row('median', med)],
  );
  const met = med.eventsPerSecond >= TARGET;
  console.log(
    `target ≥ ${formatCount(TARGET)} events/s per core (median, wall clock): ` +
      `${formatCount(Math.round(med.eventsPerSecond))} → ${met ? 'met' : 'NOT met'}`,
  );
  console.log(
    `(${(f.avgEventBytes / 1024).toFixed(1)} KB events; ${formatCount(f.storedEvents)} events in ` +
      `${formatCount(f.issues)} issues at the end; seeded ${formatCount(f.seededEvents)} in ${f.seedSeconds.toFixed(1)} s)`,
  );
  console.log(
    "(each round: a backlog in the intake spool drained by the server's own DigestLoop — claim, digest",
  );
  console.log('in its batch and time budgets, remove after commit. events/s is wall clock on a pinned core;');
  console.log(
    "events/CPU-s divides by the process's own CPU time, which other load dilutes less; quote the load)",
  );
}
