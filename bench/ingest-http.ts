/**
 * Ingest over HTTP: how many realistic Node error envelopes a Faultline process acknowledges per
 * second, compared with a bare node:http server doing nothing but read the body (the floor), and
 * whether every acknowledged event is then stored by the digest.
 *
 * Every server runs pinned to one CPU and wrk to the other, so the figures share a machine and a
 * load generator and the ratio is what Faultline's own work costs. The target is ≥ 40 % of the floor
 * with p99 < 50 ms, and every 200 stored. Faultline is measured in its two topologies, each with its
 * digest on the same CPU as ingest:
 *   all-in-one  `faultline serve`: the digest in the server process, paced so ingest comes first;
 *   split       `FAULTLINE_WORKER=off faultline serve` + `nice -n 19 faultline worker` (recommended).
 * Digest work done during the load competes with ingest; the drain afterwards is timed separately.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BenchContext } from './lib/bench-context.js';
import { sampleCpuUsage, type CpuUsage } from './lib/cpu-usage.js';
import { readStorageCounts, readStoredEventIds, waitForDrain, type DrainResult } from './lib/drain.js';
import { ROOT, startFaultline, type FaultlineServer } from './lib/faultline.js';
import { freePort } from './lib/free-port.js';
import { spawnPinned } from './lib/processes.js';
import { formatCount, formatMs, formatPercent, printHeading, printTable } from './lib/table.js';
import { runWrk, type WrkResult } from './lib/wrk.js';

const CONNECTIONS = 64;
const SCRIPT = path.join(ROOT, 'bench/envelope.lua');
const TARGET_RATIO = 0.4;
const TARGET_P99_MS = 50;

/** A load run pair: the warm-up and the measured run against one server, and the CPU use while measured. */
interface LoadRuns {
  warmup: WrkResult;
  measured: WrkResult;
  cpu: CpuUsage;
}

/** Warm-up then measured run; with `ackDir`, envelope.lua writes each run's acknowledged ids there. */
async function loadRuns(
  ctx: BenchContext,
  url: string,
  serverPids: number[],
  ackDir?: string,
): Promise<LoadRuns> {
  const base = { cpu: ctx.loadCpu, url, connections: CONNECTIONS, threads: 1, script: SCRIPT };
  const ackEnv = (run: string): NodeJS.ProcessEnv =>
    ackDir ? { BENCH_ACK_FILE: path.join(ackDir, run) } : {};
  const warmup = await runWrk({ ...base, seconds: ctx.warmupSec, env: ackEnv('warmup') });
  const endSample = sampleCpuUsage(serverPids, ctx.serverCpu, ctx.loadCpu);
  const measured = await runWrk({ ...base, seconds: ctx.durationSec, env: ackEnv('measured') });
  return { warmup, measured, cpu: endSample() };
}

/** The ids envelope.lua wrote for 200 answers, across its per-thread files. */
function readAckIds(ackDir: string): string[] {
  const ids: string[] = [];
  for (const file of fs.readdirSync(ackDir)) {
    for (const line of fs.readFileSync(path.join(ackDir, file), 'utf8').split('\n')) {
      if (line) ids.push(line);
    }
  }
  return ids;
}

/** One minimal envelope sent before the load, so a broken endpoint is reported with its answer. */
async function probe(url: string): Promise<{ status: number; body: string; id: string | undefined }> {
  const eventId = crypto.randomUUID().replace(/-/g, '');
  const body = `{"event_id":"${eventId}"}\n{"type":"event"}\n{"event_id":"${eventId}","message":"bench probe","platform":"node"}\n`;
  const res = await fetch(url, { method: 'POST', body });
  const text = await res.text();
  return { status: res.status, body: text, id: res.status === 200 ? eventId : undefined };
}

/** Acknowledged ids checked one by one against the events table. */
interface Verification {
  /** Lines envelope.lua wrote: one per 200 answer it read. */
  idsWritten: number;
  acknowledged: number;
  duplicates: number;
  stored: number;
  missing: string[];
  unacknowledgedStored: number;
}

function verify(ackIds: string[], probeId: string | undefined, storedIds: Set<string>): Verification {
  const acked = new Set(ackIds);
  const duplicates = ackIds.length - acked.size;
  if (probeId) acked.add(probeId);
  const missing = [...acked].filter((id) => !storedIds.has(id));
  return {
    idsWritten: ackIds.length,
    acknowledged: acked.size,
    duplicates,
    stored: storedIds.size,
    missing,
    unacknowledgedStored: [...storedIds].filter((id) => !acked.has(id)).length,
  };
}

interface FaultlineFigures {
  topology: Topology;
  runs: LoadRuns;
  atEndOfLoad: ReturnType<typeof readStorageCounts>;
  drain: DrainResult;
  verification: Verification;
  peakRssKib: number | undefined;
  problems: string[];
}

type Topology = 'all-in-one' | 'split';

async function measureFaultline(ctx: BenchContext, topology: Topology): Promise<FaultlineFigures> {
  const server: FaultlineServer = await startFaultline(
    ctx.serverCpu,
    {},
    { separateWorker: topology === 'split' },
  );
  const ackDir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-bench-acks-'));
  const label = `${topology}:`.padEnd(12);
  try {
    const project = await server.createProject('bench');
    const url = server.envelopeUrl(project);
    const answer = await probe(url);
    if (!answer.id) console.log(`probe envelope answered ${answer.status}: ${answer.body.slice(0, 500)}`);
    console.log(`${label}${ctx.warmupSec} s warm-up, then ${ctx.durationSec} s measured …`);
    const runs = await loadRuns(ctx, url, server.pids(), ackDir);
    const atEndOfLoad = readStorageCounts(server.dataDir);
    console.log(
      `${label}waiting for the digest to drain ${formatCount(atEndOfLoad.pending)} pending records …`,
    );
    // The digest may be far behind: ingest comes first while the load lasts. A digest that stops
    // making progress for 15 s ends the wait early.
    const drain = await waitForDrain(server.dataDir, {
      timeoutMs: Math.max(120, ctx.durationSec * 30) * 1000,
      stallMs: 15_000,
    });
    return {
      topology,
      runs,
      atEndOfLoad,
      drain,
      verification: verify(readAckIds(ackDir), answer.id, readStoredEventIds(server.dataDir)),
      peakRssKib: server.process.peakRssKib(),
      problems: server.problems(),
    };
  } finally {
    await server.cleanup();
    fs.rmSync(ackDir, { recursive: true, force: true });
  }
}

async function measureFloor(ctx: BenchContext): Promise<LoadRuns> {
  const port = await freePort();
  const floor = spawnPinned(
    ctx.serverCpu,
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'bench/floor-server.ts'), String(port)],
    { cwd: ROOT },
  );
  try {
    await floor.waitForOutput('listening on', 20_000);
    console.log(`floor:      ${ctx.warmupSec} s warm-up, then ${ctx.durationSec} s measured …`);
    const url = `http://127.0.0.1:${port}/api/1/envelope/?sentry_key=floor&sentry_version=7`;
    return await loadRuns(ctx, url, floor.child.pid === undefined ? [] : [floor.child.pid]);
  } finally {
    await floor.stop();
  }
}

function socketErrors(r: WrkResult): number {
  const s = r.socketErrors;
  return s.connect + s.read + s.write + s.timeout;
}

function otherStatuses(r: WrkResult): string {
  const entries = Object.entries(r.script?.statuses ?? {});
  return entries.length ? entries.map(([code, n]) => `${code}×${n}`).join(' ') : '-';
}

function printLoadTable(allInOne: LoadRuns, split: LoadRuns, floorRuns: LoadRuns): void {
  const floor = floorRuns.measured;
  const all = [allInOne, split, floorRuns];
  const runs = all.map((r) => r.measured);
  const row = (
    label: string,
    cell: (r: WrkResult) => string,
    vsFloor?: (r: WrkResult) => string,
  ): string[] => [
    label,
    ...runs.map(cell),
    vsFloor ? vsFloor(allInOne.measured) : '',
    vsFloor ? vsFloor(split.measured) : '',
  ];
  const cpuRow = (label: string, pick: (c: CpuUsage) => number): string[] => [
    label,
    ...all.map((r) => formatPercent(pick(r.cpu))),
    '',
    '',
  ];
  const ratio =
    (pick: (r: WrkResult) => number) =>
    (r: WrkResult): string =>
      pick(floor) > 0 ? formatPercent(pick(r) / pick(floor)) : '-';
  const times =
    (pick: (r: WrkResult) => number) =>
    (r: WrkResult): string =>
      pick(floor) > 0 ? `${(pick(r) / pick(floor)).toFixed(1)}×` : '-';
  const bodySize = (r: WrkResult): string =>
    `${formatCount((r.script?.bytes ?? 0) / Math.max(1, r.script?.sent ?? 0))} B`;
  printTable(
    ['measured run', 'all-in-one¹', 'split²', 'floor', 'all-in-one/floor', 'split/floor'],
    [
      row(
        'requests/s',
        (r) => formatCount(r.requestsPerSec),
        ratio((r) => r.requestsPerSec),
      ),
      row(
        'latency p50',
        (r) => formatMs(r.p50Ms),
        times((r) => r.p50Ms),
      ),
      row(
        'latency p90',
        (r) => formatMs(r.p90Ms),
        times((r) => r.p90Ms),
      ),
      row(
        'latency p99',
        (r) => formatMs(r.p99Ms),
        times((r) => r.p99Ms),
      ),
      row(
        'latency max',
        (r) => formatMs(r.maxMs),
        times((r) => r.maxMs),
      ),
      row('requests', (r) => formatCount(r.requests)),
      row('non-2xx (wrk)', (r) => formatCount(r.non2xx)),
      row('other statuses', otherStatuses),
      row('socket errors', (r) => formatCount(socketErrors(r))),
      row('body size (avg)', bodySize),
      cpuRow('server CPU busy (all processes)', (c) => c.serverCpuBusy),
      cpuRow('… used by the server (+ worker)', (c) => c.serverProcess),
      cpuRow('load CPU busy (all processes)', (c) => c.loadCpuBusy),
    ],
  );
  console.log('¹ `faultline serve`: the digest in the server process, paced so that ingest comes first');
  console.log(
    '² `FAULTLINE_WORKER=off faultline serve` + `nice -n 19 faultline worker` on the same CPU (recommended)',
  );
  const interference = Math.max(...all.map((r) => r.cpu.serverCpuBusy - r.cpu.serverProcess));
  if (interference > 0.05) {
    console.log(
      `! other processes used up to ${formatPercent(interference)} of the server's CPU during a run: figures are noisy`,
    );
  }
  console.log('');
  for (const [name, r] of [
    ['split (recommended)', split.measured],
    ['all-in-one', allInOne.measured],
  ] as const) {
    const share = floor.requestsPerSec > 0 ? r.requestsPerSec / floor.requestsPerSec : 0;
    const met = share >= TARGET_RATIO && r.p99Ms < TARGET_P99_MS;
    console.log(
      `target ≥ ${formatPercent(TARGET_RATIO)} of floor with p99 < ${TARGET_P99_MS} ms, ${name}: ` +
        `${formatPercent(share)}, p99 ${formatMs(r.p99Ms)} → ${met ? 'met' : 'NOT met'}`,
    );
  }
}

function printStoredTable(f: FaultlineFigures): void {
  console.log(`\n${f.topology}: acknowledged ids checked against stored events`);
  const { warmup, measured } = f.runs;
  const v = f.verification;
  const sum = (pick: (r: WrkResult) => number): string[] => [
    formatCount(pick(warmup)),
    formatCount(pick(measured)),
    formatCount(pick(warmup) + pick(measured)),
  ];
  printTable(
    ['acknowledged vs stored', 'warm-up', 'measured', 'total'],
    [
      ['requests built by wrk', ...sum((r) => r.script?.sent ?? 0)],
      ['answered 200', ...sum((r) => r.script?.ok ?? 0)],
      ['answered otherwise', ...sum((r) => r.script?.other ?? 0)],
      ['acknowledged ids (+1 probe)', '', '', formatCount(v.acknowledged)],
      ['stored events', '', '', formatCount(v.stored)],
      ['acknowledged, NOT stored', '', '', formatCount(v.missing.length)],
      ['stored, 200 never read by wrk', '', '', formatCount(v.unacknowledgedStored)],
    ],
  );
  const answered200 = (warmup.script?.ok ?? 0) + (measured.script?.ok ?? 0);
  const notes: string[] = [];
  if (v.missing.length > 0) {
    notes.push(
      `${formatCount(v.missing.length)} acknowledged events are NOT stored, e.g. ${v.missing.slice(0, 3).join(', ')}`,
    );
  } else {
    notes.push('every acknowledged event id is stored');
  }
  if (v.duplicates > 0)
    notes.push(`${formatCount(v.duplicates)} ids were acknowledged twice (generator collision?)`);
  if (v.idsWritten !== answered200) {
    notes.push(
      `wrk counted ${formatCount(answered200)} answers 200 but wrote ${formatCount(v.acknowledged)} ids`,
    );
  }
  // wrk stops with requests in flight; the server may spool those without wrk reading the 200.
  if (v.unacknowledgedStored > 2 * CONNECTIONS) {
    notes.push(
      `${formatCount(v.unacknowledgedStored)} stored events were never acknowledged: more than the ${2 * CONNECTIONS} that can be in flight when wrk stops`,
    );
  }
  for (const n of notes) console.log(`verification: ${n}`);

  const drainSeconds = f.drain.waitedMs / 1000;
  const digested = f.drain.stored - f.atEndOfLoad.stored;
  console.log('');
  printTable(
    ['digest and server', 'value'],
    [
      ['stored when the load ended', formatCount(f.atEndOfLoad.stored)],
      ['intake backlog when the load ended', formatCount(f.atEndOfLoad.pending)],
      ['drain after the load', `${drainSeconds.toFixed(1)} s (${f.drain.ending})`],
      [
        'drain rate, no load',
        // Below a few hundred records the figure is mostly polling granularity, not digest speed.
        f.atEndOfLoad.pending >= 500 && drainSeconds > 0
          ? `${formatCount(digested / drainSeconds)} events/s`
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

/** Runs the ingest benchmark and prints its tables. */
export async function benchIngestHttp(ctx: BenchContext): Promise<void> {
  printHeading('ingest-http: POST /api/<id>/envelope/, ~4 KB Node error events, wrk -t1 -c64');
  const allInOne = await measureFaultline(ctx, 'all-in-one');
  const split = await measureFaultline(ctx, 'split');
  const floor = await measureFloor(ctx);
  console.log('');
  printLoadTable(allInOne.runs, split.runs, floor);
  printStoredTable(split);
  printStoredTable(allInOne);
}
