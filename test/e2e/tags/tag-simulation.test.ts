import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import { startServer, type TestServer } from '../../helpers/server.js';
import { getTagSite } from '../../../src/storage/tag-sites.js';
import { evaluateSiteHealth } from '../../../src/worker/tag-health-job.js';
import { tagClient, type TagClient } from './tag-client.js';

// 100,000 per-event payloads by default; TAGS_SIM_EVENTS lowers it on a slow machine.
const TOTAL = Number(process.env.TAGS_SIM_EVENTS ?? 100_000);
const CONCURRENCY = 48;
const FAILING = 'Meta CAPI';

/** Payload i of the simulated hour: minute i·60/TOTAL; Meta CAPI fails one time in five in minutes 30–44. */
function payload(i: number, base: number): { body: string; minute: number; metaFails: boolean } {
  const minute = Math.floor((i * 60) / TOTAL);
  const metaFails = minute >= 30 && minute < 45 && i % 5 === 0;
  const body = JSON.stringify({
    container_id: 'GTM-SIM',
    event_name: i % 10 === 0 ? 'purchase' : 'page_view',
    timestamp_ms: base + minute * 60_000 + (i % 59_000),
    tags: [
      { id: '1', name: 'GA4', status: 'success', execution_time: 100 },
      { id: '2', name: FAILING, status: metaFails ? 'failure' : 'success', execution_time: 200 },
    ],
    user_data: { has_email: i % 2 === 0, has_phone: i % 4 === 0 },
  });
  return { body, minute, metaFails };
}

describe('tag monitoring: a simulated hour', () => {
  let server: TestServer;
  let client: TagClient;

  before(async () => {
    server = await startServer();
    client = await tagClient(server);
  });
  after(async () => server.cleanup());

  test(`${TOTAL} per-event payloads over HTTP with a kill -9 mid-stream: exact rates, an alert opens at minute 31 and closes at 46`, async () => {
    const site = await client.createSite('Simulated', {
      windowMinutes: 1,
      minExecutions: 10,
      failureRateWarning: 5,
      failureRateCritical: 15,
      noDataMinutes: null,
    });
    // The simulated hour ends two minutes ago, so the server's own real-time evaluations never
    // judge its minutes (their window is the last complete minute) and cannot race ours.
    const base = Math.floor(Date.now() / 60_000) * 60_000 - 62 * 60_000;
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const send = (body: string) =>
      new Promise<number>((resolve) => {
        const req = http.request(
          `${server.url}/api/ingest`,
          {
            method: 'POST',
            agent,
            headers: { 'content-type': 'application/json', 'x-faultline-key': site.key },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', () => resolve(0));
        req.end(body);
      });

    const acked = { events: 0, metaFails: 0, byMinute: new Array<number>(60).fill(0) };
    let failedAttempts = 0;
    let next = 0;
    let restarting: Promise<void> | undefined;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (;;) {
          const i = next++;
          if (i >= TOTAL) return;
          if (i === Math.floor(TOTAL / 2)) restarting = server.restart();
          if (restarting && i > TOTAL / 2 + CONCURRENCY) await restarting;
          const p = payload(i, base);
          const status = await send(p.body);
          if (status === 200) {
            acked.events++;
            acked.byMinute[p.minute]!++;
            if (p.metaFails) acked.metaFails++;
          } else {
            failedAttempts++;
          }
        }
      }),
    );
    agent.destroy();
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `tag sim: ${TOTAL} payloads in ${seconds.toFixed(1)} s (${Math.round(TOTAL / seconds)}/s), ` +
        `${acked.events} acknowledged, ${failedAttempts} refused or cut off by the kill -9`,
    );
    assert.ok(failedAttempts <= CONCURRENCY * 2, `too many failed attempts: ${failedAttempts}`);

    // Every acknowledged payload is counted; at most the cut-off ones (appended, answer lost) on top.
    const o = await client.waitForOverview(site.slug, (x) => x.total_events >= acked.events, 3, 400_000);
    await new Promise((r) => setTimeout(r, 1500));
    const settled = await client.waitForOverview(site.slug, () => true, 3);
    assert.ok(settled.total_events >= acked.events && settled.total_events <= acked.events + failedAttempts);
    assert.equal(o.container_id, 'GTM-SIM');
    const meta = settled.tags.find((t) => t.tag_name === FAILING)!;
    assert.equal(meta.total_executions, settled.total_events);
    assert.ok(
      meta.failure_count >= acked.metaFails && meta.failure_count <= acked.metaFails + failedAttempts,
    );
    // One payload in five fails over 15 of 60 minutes: 5 % of all executions.
    assert.ok(Math.abs(meta.success_rate - 95) < 0.1, `success rate ${meta.success_rate}`);
    assert.equal(meta.avg_execution_time_ms, 200);
    const ga4 = settled.tags.find((t) => t.tag_name === 'GA4')!;
    assert.equal(ga4.success_rate, 100);
    assert.ok(Math.abs(settled.user_data!.email_rate - 50) < 0.1);
    assert.ok(Math.abs(settled.user_data!.phone_rate - 25) < 0.1);

    const buckets = await client.api(
      'GET',
      `/api/0/organizations/acme/tag-sites/${site.slug}/buckets/?hours=3`,
    );
    const list = buckets.body as { window_start: string; total_events: number }[];
    assert.equal(list.length, 60);
    list.forEach((b, m) => {
      assert.equal(b.window_start, new Date(base + m * 60_000).toISOString());
      assert.ok(
        b.total_events >= acked.byMinute[m]! && b.total_events <= acked.byMinute[m]! + failedAttempts,
      );
    });

    // Rules evaluated against simulated time, minute by minute.
    const storage = server.storage();
    const stored = (await getTagSite(storage.db, Number(site.id)))!;
    const opened: number[] = [];
    const resolved: number[] = [];
    for (let m = 0; m <= 62; m++) {
      const changes = await evaluateSiteHealth(storage.db, stored, base / 1000 + m * 60);
      if (changes.opened.includes(`tag_failure_rate:${FAILING}`)) opened.push(m);
      if (changes.resolved.includes(`tag_failure_rate:${FAILING}`)) resolved.push(m);
    }
    assert.deepEqual(opened, [31]);
    assert.deepEqual(resolved, [46]);
    const alerts = await client.api('GET', `/api/0/organizations/acme/tag-sites/${site.slug}/alerts/`);
    const a = (
      alerts.body as {
        rule_key: string;
        severity: string;
        status: string;
        opened_at: string;
        resolved_at: string;
      }[]
    ).find((x) => x.rule_key === `tag_failure_rate:${FAILING}`)!;
    assert.equal(a.severity, 'critical');
    assert.equal(a.status, 'resolved');
    assert.equal(a.opened_at, new Date(base + 31 * 60_000).toISOString());
    assert.equal(a.resolved_at, new Date(base + 46 * 60_000).toISOString());
  });
});
