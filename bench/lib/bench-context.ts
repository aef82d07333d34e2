/** What every benchmark receives from run.ts: the settings, resolved once from the environment. */
export interface BenchContext {
  /** Seconds of measured load per run (BENCH_DURATION, default 10). */
  durationSec: number;
  /** Seconds of unmeasured load before each measured run. */
  warmupSec: number;
  /** The CPU the system under test is pinned to, and the one the load generator is pinned to. */
  serverCpu: number;
  loadCpu: number;
}

/** One entry in run.ts's list: a name for BENCH_ONLY and the function that runs and prints it. */
export interface Benchmark {
  name: string;
  description: string;
  run(ctx: BenchContext): Promise<void>;
}
