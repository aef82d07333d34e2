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
import { answered200, printAcknowledgedTable } from './lib/acknowledged-table.js';
import type { BenchContext } from './lib/bench-context.js';
import { printDigestTable, type DigestFigures } from './lib/digest-table.js';
import { drainAfterLoad, readStoredEventIds } from './lib/drain.js';
import { ROOT, TOPOLOGY_NOTES, startFaultline, type FaultlineServer } from './lib/faultline.js';
import { printTargetLines } from './lib/ingest-target.js';
import { IN_FLIGHT_BOUND, measureFloor, runLoad, type LoadRuns } from './lib/load-runs.js';
import { printLoadTable } from './lib/load-table.js';
import { formatCount, printHeading } from './lib/table.js';

const SCRIPT = path.join(ROOT, 'bench/envelope.lua');

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
  verification: Verification;
  digest: DigestFigures;
}

type Topology = 'all-in-one' | 'split';

async function measureFaultline(ctx: BenchContext, topology: Topology): Promise<FaultlineFigures> {
  const server: FaultlineServer = await startFaultline(
    ctx.serverCpu,
    {},
    { separateWorker: topology === 'split' },
  );
  const ackDir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-bench-acks-'));
  try {
    const project = await server.createProject('bench');
    const url = server.envelopeUrl(project);
    const answer = await probe(url);
    if (!answer.id) console.log(`probe envelope answered ${answer.status}: ${answer.body.slice(0, 500)}`);
    // envelope.lua writes each run's acknowledged ids to a file of its own.
    const runs = await runLoad(ctx, {
      name: topology,
      url,
      script: SCRIPT,
      serverPids: server.pids(),
      env: (run) => ({ BENCH_ACK_FILE: path.join(ackDir, run) }),
    });
    const { atEndOfLoad, drain } = await drainAfterLoad(topology, server.dataDir, ctx.durationSec);
    return {
      topology,
      runs,
      verification: verify(readAckIds(ackDir), answer.id, readStoredEventIds(server.dataDir)),
      digest: {
        heldAtEndOfLoad: ['stored when the load ended', atEndOfLoad.stored],
        pendingAtEndOfLoad: atEndOfLoad.pending,
        drain,
        drained: drain.stored - atEndOfLoad.stored,
        drainedUnit: 'events',
        peakRssKib: server.process.peakRssKib(),
        problems: server.problems(),
      },
    };
  } finally {
    await server.cleanup();
    fs.rmSync(ackDir, { recursive: true, force: true });
  }
}

function printStoredTable(f: FaultlineFigures): void {
  console.log(`\n${f.topology}: acknowledged ids checked against stored events`);
  const v = f.verification;
  printAcknowledgedTable('acknowledged vs stored', f.runs, [
    ['acknowledged ids (+1 probe)', v.acknowledged],
    ['stored events', v.stored],
    ['acknowledged, NOT stored', v.missing.length],
    ['stored, 200 never read by wrk', v.unacknowledgedStored],
  ]);
  const answered = answered200(f.runs);
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
  if (v.idsWritten !== answered) {
    notes.push(
      `wrk counted ${formatCount(answered)} answers 200 but wrote ${formatCount(v.acknowledged)} ids`,
    );
  }
  if (v.unacknowledgedStored > IN_FLIGHT_BOUND) {
    notes.push(
      `${formatCount(v.unacknowledgedStored)} stored events were never acknowledged: more than the ${IN_FLIGHT_BOUND} that can be in flight when wrk stops`,
    );
  }
  for (const n of notes) console.log(`verification: ${n}`);
  printDigestTable(f.digest);
}

/** Runs the ingest benchmark and prints its tables. */
export async function benchIngestHttp(ctx: BenchContext): Promise<void> {
  printHeading('ingest-http: POST /api/<id>/envelope/, ~4 KB Node error events, wrk -t1 -c64');
  const allInOne = await measureFaultline(ctx, 'all-in-one');
  const split = await measureFaultline(ctx, 'split');
  const floor = await measureFloor(ctx, {
    urlPath: '/api/1/envelope/?sentry_key=floor&sentry_version=7',
    script: SCRIPT,
  });
  console.log('');
  printLoadTable(
    [
      { name: 'all-in-one', footnote: TOPOLOGY_NOTES.allInOne, runs: allInOne.runs },
      { name: 'split', footnote: TOPOLOGY_NOTES.split, runs: split.runs, hasWorker: true },
    ],
    floor,
  );
  printTargetLines(
    [
      { name: 'split (recommended)', measured: split.runs.measured },
      { name: 'all-in-one', measured: allInOne.runs.measured },
    ],
    floor.measured,
  );
  printStoredTable(split);
  printStoredTable(allInOne);
}
