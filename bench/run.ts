/**
 * `npm run bench`: runs each benchmark in turn and prints its figures; asserts nothing.
 *
 *   BENCH_DURATION=<seconds>  measured load per run (default 10)
 *   BENCH_ONLY=<name>[,<name>]  run only these benchmarks
 *
 * Everything listens on 127.0.0.1. The system under test is pinned to CPU 1 and the load generator
 * to CPU 0, so the two do not share a core and the figures are comparable run to run.
 */
import os from 'node:os';
import type { BenchContext, Benchmark } from './lib/bench-context.js';
import { benchDigest } from './digest.js';
import { benchIngestHttp } from './ingest-http.js';
import { benchTagsIngest } from './tags-ingest.js';
import { benchIssueSearch } from './issue-search.js';
import { canPin } from './lib/processes.js';

const benchmarks: Benchmark[] = [
  {
    name: 'ingest-http',
    description: 'envelopes/s and latency vs a bare node:http floor; every 200 checked against storage',
    run: benchIngestHttp,
  },
  {
    name: 'digest',
    description:
      'events/s through normalize + group + store on SQLite holding 100,000 events in 1,000 issues',
    run: benchDigest,
  },
  {
    name: 'tags-ingest',
    description:
      'per-event tag payloads/s and latency vs a bare node:http floor; every 200 checked against the buckets',
    run: benchTagsIngest,
  },
  {
    name: 'issue-search',
    description: 'p50/p95 of the issue list with searches on SQLite holding 100,000 events in 1,000 issues',
    run: benchIssueSearch,
  },
];

function readContext(env: NodeJS.ProcessEnv): BenchContext {
  const duration = Number(env.BENCH_DURATION ?? 10);
  if (!Number.isFinite(duration) || duration < 1)
    throw new Error(`BENCH_DURATION must be seconds ≥ 1, got "${env.BENCH_DURATION}"`);
  return { durationSec: Math.round(duration), warmupSec: 3, serverCpu: 1, loadCpu: 0 };
}

function selectBenchmarks(only: string | undefined): Benchmark[] {
  if (!only) return benchmarks;
  const names = only
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !benchmarks.some((b) => b.name === n));
  if (unknown.length > 0) {
    throw new Error(
      `unknown benchmark ${unknown.join(', ')}; known: ${benchmarks.map((b) => b.name).join(', ')}`,
    );
  }
  return benchmarks.filter((b) => names.includes(b.name));
}

async function main(): Promise<void> {
  let ctx: BenchContext;
  let selected: Benchmark[];
  try {
    ctx = readContext(process.env);
    selected = selectBenchmarks(process.env.BENCH_ONLY);
  } catch (err) {
    console.error(`bench: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 2;
    return;
  }
  // A backstop, not a schedule: each step has its own bound, this one catches what they miss.
  const budgetMs = (60 + selected.length * (ctx.durationSec + ctx.warmupSec) * 8) * 1000;
  setTimeout(() => {
    console.error(`bench: still running after ${budgetMs / 1000} s; giving up`);
    process.exit(1);
  }, budgetMs).unref();

  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(`Faultline bench — node ${process.version}, ${os.availableParallelism()} × ${cpu}`);
  console.log(
    canPin()
      ? `server pinned to CPU ${ctx.serverCpu}, load generator to CPU ${ctx.loadCpu}; ${ctx.durationSec} s per measured run`
      : 'fewer than two CPUs: nothing is pinned and the figures mix server and load generator',
  );
  const started = Date.now();
  for (const b of selected) {
    const t0 = Date.now();
    try {
      await b.run(ctx);
    } catch (err) {
      console.log(`\n${b.name} failed: ${err instanceof Error ? err.message : String(err)}`);
      process.exitCode = 1;
    }
    console.log(`\n(${b.name}: ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  }
  console.log(`\nbench finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

await main();
