/**
 * Tag-monitoring ingest over HTTP: how many per-event Probr payloads (`POST /api/ingest` with
 * X-Faultline-Key, ~700 B, 5–10 tags each) a Faultline process acknowledges per second, compared
 * with the bare node:http floor server given the same payloads, and whether every acknowledged
 * payload is then counted in the site's minute buckets.
 *
 * As in ingest-http.ts: each server pinned to one CPU and wrk (-t1 -c64, bench/tag-event.lua) to the
 * other, a warm-up then the measured run, and the same target: ≥ 40 % of the floor with p99 < 50 ms.
 * Faultline runs all-in-one (`faultline serve`, the digest paced in the server process), so the
 * digest's work during the load competes with ingest; the drain afterwards is timed separately.
 * Payloads carry no id the answer echoes (`{"status":"ok"}`), so acknowledged and aggregated are
 * compared as totals: each per-event payload counts one event in its bucket.
 */
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { openDatabase } from '../src/storage/db.js';
import { createTagSite, tagSiteSettingsSchema } from '../src/storage/tag-sites.js';
import { answered200, printAcknowledgedTable } from './lib/acknowledged-table.js';
import type { BenchContext } from './lib/bench-context.js';
import { printDigestTable, type DigestFigures } from './lib/digest-table.js';
import { drainAfterLoad } from './lib/drain.js';
import { ROOT, TOPOLOGY_NOTES, startFaultline } from './lib/faultline.js';
import { printTargetLines } from './lib/ingest-target.js';
import { IN_FLIGHT_BOUND, measureFloor, runLoad, type LoadRuns } from './lib/load-runs.js';
import { printLoadTable } from './lib/load-table.js';
import { formatCount, printHeading } from './lib/table.js';

const SCRIPT = path.join(ROOT, 'bench/tag-event.lua');

/** The events the site's minute buckets hold, read straight from the server's SQLite file. */
function readAggregatedEvents(dataDir: string, siteId: number): number {
  const main = new SqliteDatabase(path.join(dataDir, 'faultline.sqlite'), {
    readonly: true,
    fileMustExist: true,
  });
  try {
    const row = main
      .prepare('SELECT COALESCE(SUM(total_events), 0) AS n FROM tag_buckets WHERE project_id = ?')
      .get(siteId) as { n: number };
    return Number(row.n);
  } finally {
    main.close();
  }
}

/** One payload sent before the load, so a broken endpoint is reported with its answer. */
async function probe(url: string, key: string): Promise<{ status: number; body: string }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-faultline-key': key },
    body: JSON.stringify({
      container_id: 'GTM-BENCH01',
      event_name: 'bench_probe',
      timestamp_ms: Date.now(),
      tags: [{ id: '11', name: 'GA4 - Config', status: 'success', execution_time: 90 }],
    }),
  });
  return { status: res.status, body: await res.text() };
}

interface FaultlineFigures {
  runs: LoadRuns;
  probeOk: boolean;
  /** Events in the site's buckets once the digest has drained. */
  aggregated: number;
  digest: DigestFigures;
}

async function measureFaultline(ctx: BenchContext): Promise<FaultlineFigures> {
  const server = await startFaultline(ctx.serverCpu);
  try {
    const storage = openDatabase({ databaseUrl: undefined, dataDir: server.dataDir });
    let created: Awaited<ReturnType<typeof createTagSite>>;
    try {
      created = await createTagSite(storage.db, {
        organizationSlug: 'bench',
        name: 'bench',
        settings: tagSiteSettingsSchema.parse({}),
      });
    } finally {
      await storage.db.destroy();
    }
    const { site, ingestKey } = created;
    const url = `${server.url}/api/ingest`;
    const answer = await probe(url, ingestKey);
    if (answer.status !== 200)
      console.log(`probe payload answered ${answer.status}: ${answer.body.slice(0, 500)}`);
    const runs = await runLoad(ctx, {
      name: 'faultline',
      url,
      script: SCRIPT,
      serverPids: server.pids(),
      env: () => ({ BENCH_TAG_KEY: ingestKey }),
    });
    const aggregatedAtEndOfLoad = readAggregatedEvents(server.dataDir, site.id);
    const { atEndOfLoad, drain } = await drainAfterLoad('faultline', server.dataDir, ctx.durationSec);
    const aggregated = readAggregatedEvents(server.dataDir, site.id);
    return {
      runs,
      probeOk: answer.status === 200,
      aggregated,
      digest: {
        heldAtEndOfLoad: ['events in the buckets when the load ended', aggregatedAtEndOfLoad],
        pendingAtEndOfLoad: atEndOfLoad.pending,
        drain,
        drained: aggregated - aggregatedAtEndOfLoad,
        drainedUnit: 'payloads',
        peakRssKib: server.process.peakRssKib(),
        problems: server.problems(),
      },
    };
  } finally {
    await server.cleanup();
  }
}

function printAggregatedTable(fig: FaultlineFigures): void {
  const acknowledged = answered200(fig.runs) + (fig.probeOk ? 1 : 0);
  const extra = fig.aggregated - acknowledged;
  console.log('\nacknowledged payloads checked against the events in the minute buckets');
  printAcknowledgedTable('acknowledged vs aggregated', fig.runs, [
    ['acknowledged (+1 probe)', acknowledged],
    ['events in the buckets', fig.aggregated],
    ['aggregated − acknowledged', extra],
  ]);
  if (extra < 0) {
    console.log(`verification: ${formatCount(-extra)} acknowledged payloads are NOT counted in the buckets`);
  } else if (extra > IN_FLIGHT_BOUND) {
    console.log(
      `verification: ${formatCount(extra)} more events counted than acknowledged: more than the ${IN_FLIGHT_BOUND} that can be in flight when wrk stops`,
    );
  } else {
    console.log(
      `verification: every acknowledged payload is counted; ${formatCount(extra)} more were spooled while wrk stopped (at most ${IN_FLIGHT_BOUND} in flight)`,
    );
  }
  printDigestTable(fig.digest);
}

/** Runs the tag ingest benchmark and prints its tables. */
export async function benchTagsIngest(ctx: BenchContext): Promise<void> {
  printHeading('tags-ingest: POST /api/ingest, per-event Probr payloads with 5–10 tags, wrk -t1 -c64');
  const faultline = await measureFaultline(ctx);
  const floor = await measureFloor(ctx, {
    urlPath: '/api/ingest',
    script: SCRIPT,
    env: () => ({ BENCH_TAG_KEY: 'floor' }),
  });
  console.log('');
  printLoadTable([{ name: 'all-in-one', footnote: TOPOLOGY_NOTES.allInOne, runs: faultline.runs }], floor);
  printTargetLines([{ name: 'all-in-one', measured: faultline.runs.measured }], floor.measured);
  printAggregatedTable(faultline);
}
