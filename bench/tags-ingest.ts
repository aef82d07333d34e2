/**
 * Tag-monitoring ingest: per-event Probr payloads acknowledged per second over HTTP (keep-alive,
 * 48 in flight), each durable in the intake spool before its 200, then the time the digest takes
 * to fold them all into minute buckets. SQLite, server pinned to its own CPU.
 */
import http from 'node:http';
import { openDatabase } from '../src/storage/db.js';
import { createTagSite, tagSiteSettingsSchema } from '../src/storage/tag-sites.js';
import type { BenchContext } from './lib/bench-context.js';
import { startFaultline } from './lib/faultline.js';
import { formatCount, formatMs, printHeading, printTable } from './lib/table.js';

const IN_FLIGHT = 48;

function payload(i: number): string {
  return JSON.stringify({
    container_id: 'GTM-BENCH',
    event_name: i % 10 === 0 ? 'purchase' : 'page_view',
    timestamp_ms: Date.now(),
    tags: [
      { id: '1', name: 'GA4', status: 'success', execution_time: 100 },
      { id: '2', name: 'Meta CAPI', status: i % 20 === 0 ? 'failure' : 'success', execution_time: 200 },
    ],
    user_data: { has_email: i % 2 === 0 },
  });
}

/** Runs the benchmark and prints its figures. */
export async function benchTagsIngest(ctx: BenchContext): Promise<void> {
  const server = await startFaultline(ctx.serverCpu);
  const storage = openDatabase({ databaseUrl: undefined, dataDir: server.dataDir });
  try {
    const { site, ingestKey } = await createTagSite(storage.db, {
      organizationSlug: 'bench',
      name: 'bench',
      settings: tagSiteSettingsSchema.parse({}),
    });
    const agent = new http.Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
    const latencies: number[] = [];
    let ok = 0;
    let failed = 0;
    let i = 0;
    const deadline = performance.now() + ctx.durationSec * 1000;
    const send = (body: string) =>
      new Promise<number>((resolve) => {
        const req = http.request(
          `${server.url}/api/ingest`,
          {
            method: 'POST',
            agent,
            headers: { 'content-type': 'application/json', 'x-faultline-key': ingestKey },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', () => resolve(0));
        req.end(body);
      });
    const started = performance.now();
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (performance.now() < deadline) {
          const t = performance.now();
          const status = await send(payload(i++));
          latencies.push(performance.now() - t);
          if (status === 200) ok++;
          else failed++;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    agent.destroy();
    const drainStart = performance.now();
    for (;;) {
      const r = await storage.db
        .selectFrom('tag_buckets')
        .select((eb) => eb.fn.sum<number>('total_events').as('n'))
        .where('project_id', '=', site.id)
        .executeTakeFirst();
      if (Number(r?.n ?? 0) >= ok) break;
      if (performance.now() - drainStart > 300_000) throw new Error('digest did not catch up in 5 minutes');
      await new Promise((res) => setTimeout(res, 100));
    }
    latencies.sort((a, b) => a - b);
    const p = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
    printHeading('tags-ingest: per-event Probr payloads over HTTP (SQLite)');
    printTable(
      ['acknowledged/s', 'refused', 'p50', 'p99', 'digest drain after load'],
      [
        [
          formatCount(Math.round(ok / seconds)),
          formatCount(failed),
          formatMs(p(0.5)),
          formatMs(p(0.99)),
          formatMs(performance.now() - drainStart),
        ],
      ],
    );
  } finally {
    await storage.db.destroy();
    await server.cleanup();
  }
}
