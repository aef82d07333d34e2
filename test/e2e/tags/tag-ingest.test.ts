import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startServer, type TestServer } from '../../helpers/server.js';
import { seedBatch, seedPerEvent, tagClient, type TagClient } from './tag-client.js';

describe('tag monitoring: sites and ingest', () => {
  let server: TestServer;
  let client: TagClient;
  const minuteStart = Math.floor(Date.now() / 60_000) * 60_000 - 5 * 60_000;

  before(async () => {
    server = await startServer();
    client = await tagClient(server);
  });
  after(async () => server.cleanup());

  test('the seed examples in both modes merge into one bucket with exact aggregates', async () => {
    const site = await client.createSite('Shop');
    assert.match(site.key, /^pk_live_/);
    const one = await client.ingest(site.key, seedPerEvent(minuteStart + 1_000));
    assert.deepEqual(one, { status: 200, body: { status: 'ok' } });
    const two = await client.ingest(site.key, seedBatch(minuteStart + 20_000), { header: 'x-probr-key' });
    assert.deepEqual(two, { status: 200, body: { status: 'ok' } });

    const o = await client.waitForOverview(site.slug, (x) => x.total_events === 51);
    assert.equal(o.container_id, 'GTM-ABC123');
    assert.deepEqual(
      o.events.map((e) => [e.event_name, e.total_count]),
      [
        ['page_view', 45],
        ['purchase', 6],
      ],
    );
    assert.deepEqual(o.tags, [
      {
        tag_name: 'GA4 - Event',
        total_executions: 51,
        success_count: 49,
        failure_count: 2,
        timeout_count: 0,
        exception_count: 0,
        success_rate: 96.08,
        avg_execution_time_ms: 124.71,
      },
      {
        tag_name: 'Meta CAPI',
        total_executions: 1,
        success_count: 0,
        failure_count: 1,
        timeout_count: 0,
        exception_count: 0,
        success_rate: 0,
        avg_execution_time_ms: 5000,
      },
    ]);
    assert.deepEqual(o.user_data, {
      email_rate: 84.31,
      phone_rate: 29.41,
      address_rate: 76.47,
      total_events: 51,
    });
    assert.deepEqual(o.ecommerce, {
      value_rate: 100,
      currency_rate: 100,
      transaction_id_rate: 83.33,
      items_rate: 100,
      total_events: 6,
    });
    assert.equal(o.last_seen, new Date(minuteStart + 60_000).toISOString());

    const buckets = await client.api(
      'GET',
      `/api/0/organizations/acme/tag-sites/${site.slug}/buckets/?hours=1`,
    );
    assert.equal(buckets.status, 200);
    const list = buckets.body as Record<string, unknown>[];
    assert.equal(list.length, 1);
    assert.equal(list[0]!.window_start, new Date(minuteStart).toISOString());
    assert.equal(list[0]!.window_seconds, 60);
    assert.deepEqual(list[0]!.event_counts, { page_view: 45, purchase: 6 });
    assert.deepEqual(list[0]!.user_data_quality, { total: 51, email: 43, phone: 15, address: 39 });
    assert.deepEqual(list[0]!.ecommerce_quality, {
      value: 6,
      currency: 6,
      transaction_id: 5,
      items: 6,
      total: 6,
    });
    assert.deepEqual((list[0]!.tag_metrics as Record<string, unknown>)['GA4 - Event'], {
      success: 49,
      failure: 2,
      timeout: 0,
      exception: 0,
      total_exec_ms: 6360,
      count: 51,
    });

    const tag = await client.api(
      'GET',
      `/api/0/organizations/acme/tag-sites/${site.slug}/tags/${encodeURIComponent('Meta CAPI')}/`,
    );
    assert.equal(tag.status, 200);
    assert.equal((tag.body as { failure_count: number }).failure_count, 1);
    const none = await client.api('GET', `/api/0/organizations/acme/tag-sites/${site.slug}/tags/nope/`);
    assert.equal(none.status, 404);
  });

  test('tags without a name count as tag_<id>, unknown statuses as failures, /api/tags/ingest works too', async () => {
    const site = await client.createSite('Unnamed tags');
    const res = await client.ingest(
      site.key,
      {
        container_id: 'GTM-X',
        event_name: 'page_view',
        timestamp_ms: minuteStart,
        tags: [
          { id: 7, status: 'weird', execution_time: null },
          { id: '8', name: null, status: 'TIMEOUT' },
        ],
      },
      { path: '/api/tags/ingest' },
    );
    assert.equal(res.status, 200);
    const o = await client.waitForOverview(site.slug, (x) => x.total_events === 1);
    assert.deepEqual(
      o.tags.map((t) => [t.tag_name, t.failure_count, t.total_executions]),
      [
        ['tag_7', 1, 1],
        ['tag_8', 1, 1],
      ],
    );
    assert.deepEqual(o.user_data, { email_rate: 0, phone_rate: 0, address_rate: 0, total_events: 1 });
    assert.equal(o.ecommerce, null);
  });

  test('answers 401, 403, 400, 413 and 429 in Probr’s shape', async () => {
    const site = await client.createSite('Errors', { rateLimitPerMinute: 5 });
    const ok = seedPerEvent(minuteStart);
    assert.deepEqual(await client.ingest('pk_live_nope-nope-nope-nope', ok), {
      status: 401,
      body: { error: 'unauthorized', detail: 'invalid ingest key' },
    });
    const noKey = await fetch(`${server.url}/api/tags/ingest`, { method: 'POST', body: JSON.stringify(ok) });
    assert.equal(noKey.status, 401);
    assert.equal(((await noKey.json()) as { error: string }).error, 'unauthorized');

    const bad = await client.ingest(site.key, { container_id: 'GTM-X', tags: [] });
    assert.equal(bad.status, 400);
    assert.equal((bad.body as { error: string }).error, 'invalid_payload');
    const notJson = await client.ingest(site.key, '{not json');
    assert.equal(notJson.status, 400);
    assert.equal((notJson.body as { error: string }).error, 'invalid_payload');

    const manyTags = {
      ...ok,
      tags: Array.from({ length: 501 }, (_, i) => ({ id: String(i), status: 'success' })),
    };
    const tooMany = await client.ingest(site.key, manyTags);
    assert.equal(tooMany.status, 413);
    assert.equal((tooMany.body as { error: string }).error, 'payload_too_large');

    const huge = await client.ingest(site.key, { ...ok, event_name: 'x'.repeat(1024 * 1024 + 10) });
    assert.equal(huge.status, 413);
    assert.equal((huge.body as { error: string }).error, 'payload_too_large');

    // The four refused requests above count against the limit of 5 per minute; the fifth passes.
    assert.equal((await client.ingest(site.key, ok)).status, 200);
    const limited = await client.ingest(site.key, ok);
    assert.equal(limited.status, 429);
    assert.equal((limited.body as { error: string }).error, 'rate_limited');

    const off = await client.createSite('Disabled');
    const patch = await client.api('PATCH', `/api/0/organizations/acme/tag-sites/${off.slug}/`, {
      enabled: false,
    });
    assert.equal(patch.status, 200);
    assert.equal((patch.body as { enabled: boolean }).enabled, false);
    assert.equal('ingest_key' in (patch.body as object), false);
    const forbidden = await client.ingest(off.key, ok);
    assert.equal(forbidden.status, 403);
    assert.equal((forbidden.body as { error: string }).error, 'forbidden');
  });

  test('rotating the key retires the old one at once; the key is stored hashed', async () => {
    const site = await client.createSite('Rotate');
    const rotated = await client.api('POST', `/api/0/organizations/acme/tag-sites/${site.slug}/rotate-key/`);
    assert.equal(rotated.status, 200);
    const newKey = (rotated.body as { ingest_key: string }).ingest_key;
    assert.notEqual(newKey, site.key);
    assert.equal((await client.ingest(site.key, seedPerEvent(minuteStart))).status, 401);
    assert.equal((await client.ingest(newKey, seedPerEvent(minuteStart))).status, 200);
    const rows = await server
      .storage()
      .db.selectFrom('tag_sites')
      .select(['key_hash', 'key_prefix'])
      .execute();
    for (const r of rows) {
      assert.notEqual(r.key_hash, newKey);
      assert.equal(r.key_hash.length, 64);
    }
    const got = await client.api('GET', `/api/0/organizations/acme/tag-sites/${site.slug}/`);
    assert.equal((got.body as { ingest_key_prefix: string }).ingest_key_prefix, newKey.slice(0, 16));
    assert.equal('ingest_key' in (got.body as object), false);
  });

  test('lists, updates thresholds (merged) and deletes sites; the control room rolls up statuses', async () => {
    const site = await client.createSite('Managed', { failureRateWarning: 1 });
    const patched = await client.api('PATCH', `/api/0/organizations/acme/tag-sites/${site.slug}/`, {
      thresholds: { quality: { email: { warning: 70 } }, probe: { warningMs: 100 } },
    });
    assert.equal(patched.status, 200);
    const t = (patched.body as { thresholds: Record<string, unknown> }).thresholds as {
      failureRateWarning: number;
      quality: { email: { warning: number; critical: null } };
      probe: { warningMs: number; criticalMs: number };
    };
    assert.equal(t.failureRateWarning, 1);
    assert.deepEqual(t.quality.email, { warning: 70, critical: null });
    assert.equal(t.probe.warningMs, 100);
    assert.equal(t.probe.criticalMs, 5000);
    const list = await client.api('GET', '/api/0/organizations/acme/tag-sites/');
    assert.ok((list.body as { slug: string }[]).some((s) => s.slug === site.slug));

    const room = await client.api('GET', '/api/0/organizations/acme/tag-control-room/');
    assert.equal(room.status, 200);
    const r = room.body as {
      total_sites: number;
      total_ok: number;
      sites: { site_slug: string; overall_status: string }[];
    };
    assert.equal(r.total_sites, r.sites.length);
    assert.equal(r.sites.find((s) => s.site_slug === site.slug)?.overall_status, 'ok');

    assert.equal(
      (await client.api('DELETE', `/api/0/organizations/acme/tag-sites/${site.slug}/`)).status,
      204,
    );
    assert.equal((await client.api('GET', `/api/0/organizations/acme/tag-sites/${site.slug}/`)).status, 404);
    assert.equal((await client.ingest(site.key, seedPerEvent(minuteStart))).status, 401);
  });
});
