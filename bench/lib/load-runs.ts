import path from 'node:path';
import type { BenchContext } from './bench-context.js';
import { sampleCpuUsage, type CpuUsage } from './cpu-usage.js';
import { ROOT } from './faultline.js';
import { freePort } from './free-port.js';
import { spawnPinned } from './processes.js';
import { runWrk, type WrkResult } from './wrk.js';

/** wrk's connections, on one thread: enough in flight to keep one pinned server busy. */
export const CONNECTIONS = 64;

/**
 * How many requests the server may have taken without wrk reading their answer: wrk stops with up
 * to one request per connection in flight, in each of its two runs, and the server may keep those.
 */
export const IN_FLIGHT_BOUND = 2 * CONNECTIONS;

/** A warm-up and a measured run against one server, and the CPU use while measured. */
export interface LoadRuns {
  warmup: WrkResult;
  measured: WrkResult;
  cpu: CpuUsage;
}

/** What one wrk run pair loads: the script, where, and the processes whose CPU use is the server's. */
export interface LoadTarget {
  /** Names the server in the progress line ("all-in-one", "floor"). */
  name: string;
  url: string;
  script: string;
  serverPids: number[];
  /** Extra environment for the script in each run (os.getenv in Lua). */
  env?: (run: 'warmup' | 'measured') => NodeJS.ProcessEnv;
}

/** "split" → "split:" padded, so the progress lines of one benchmark line up. */
export function progressLabel(name: string): string {
  return `${name}:`.padEnd(12);
}

/**
 * A warm-up run, then the measured run with the CPU use sampled. The warm-up lets the JIT, caches
 * and keep-alive connections settle, so the measured figures are the steady state.
 */
export async function runLoad(ctx: BenchContext, target: LoadTarget): Promise<LoadRuns> {
  console.log(
    `${progressLabel(target.name)}${ctx.warmupSec} s warm-up, then ${ctx.durationSec} s measured …`,
  );
  const base = {
    cpu: ctx.loadCpu,
    url: target.url,
    connections: CONNECTIONS,
    threads: 1,
    script: target.script,
  };
  const warmup = await runWrk({ ...base, seconds: ctx.warmupSec, env: target.env?.('warmup') });
  const endSample = sampleCpuUsage(target.serverPids, ctx.serverCpu, ctx.loadCpu);
  const measured = await runWrk({ ...base, seconds: ctx.durationSec, env: target.env?.('measured') });
  return { warmup, measured, cpu: endSample() };
}

/**
 * The same load against bench/floor-server.ts, a bare node:http server pinned to the same CPU. The
 * ratio to it says what Faultline's own work costs, rather than how fast the machine is.
 */
export async function measureFloor(
  ctx: BenchContext,
  load: { urlPath: string; script: string; env?: LoadTarget['env'] },
): Promise<LoadRuns> {
  const port = await freePort();
  const floor = spawnPinned(
    ctx.serverCpu,
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'bench/floor-server.ts'), String(port)],
    { cwd: ROOT },
  );
  try {
    await floor.waitForOutput('listening on', 20_000);
    return await runLoad(ctx, {
      ...load,
      name: 'floor',
      url: `http://127.0.0.1:${port}${load.urlPath}`,
      serverPids: floor.child.pid === undefined ? [] : [floor.child.pid],
    });
  } finally {
    await floor.stop();
  }
}
