import path from 'node:path';
import type { BenchContext } from './lib/bench-context.js';
import { ROOT } from './lib/faultline.js';
import { runPinned } from './lib/processes.js';
import { formatCount, printHeading, printTable } from './lib/table.js';

interface DigestFigures {
  seedSeconds: number;
  seededEvents: number;
  measuredEvents: number;
  avgEventBytes: number;
  seconds: number;
  eventsPerSecond: number;
  /** User + system CPU time of the digesting process over the measured run. */
  cpuSeconds: number;
  eventsPerCpuSecond: number;
  storedEvents: number;
  issues: number;
}

/** Digest throughput on SQLite, on one core, into a database of 100,000 events in 1,000 issues. */
export async function benchDigest(ctx: BenchContext): Promise<void> {
  printHeading('digest: normalize + group + store on SQLite (one core)');
  const { code, output } = await runPinned(
    ctx.serverCpu,
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'bench/digest-run.ts')],
    600_000,
    {
      cwd: ROOT,
    },
  );
  const line = output.split('\n').find((l) => l.startsWith('{'));
  if (code !== 0 || !line) throw new Error(`digest run failed (exit ${code}):\n${output.slice(-2000)}`);
  const f = JSON.parse(line) as DigestFigures;
  printTable(
    [
      'events',
      'avg size',
      'seconds',
      'events/s (1 core)',
      'CPU s',
      'events/CPU-s',
      'target',
      'stored',
      'issues',
    ],
    [
      [
        formatCount(f.measuredEvents),
        `${(f.avgEventBytes / 1024).toFixed(1)} KB`,
        f.seconds.toFixed(2),
        formatCount(Math.round(f.eventsPerSecond)),
        f.cpuSeconds.toFixed(2),
        formatCount(Math.round(f.eventsPerCpuSecond)),
        '≥ 2,000',
        formatCount(f.storedEvents),
        formatCount(f.issues),
      ],
    ],
  );
  console.log(
    "(events/s is wall clock on a pinned core; events/CPU-s divides by the digesting process's own",
  );
  console.log('user + system CPU time, which other load on the machine dilutes far less, though a busy');
  console.log('sibling core still slows it; quote it with the load average)');
  console.log(
    `(seeded ${formatCount(f.seededEvents)} events in ${f.seedSeconds.toFixed(1)} s before measuring)`,
  );
}
