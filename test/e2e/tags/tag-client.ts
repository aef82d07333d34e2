import assert from 'node:assert/strict';
import type { TestServer } from '../../helpers/server.js';
import type { TagOverview } from '../../../web/src/api/types.js';

/** A superuser's API token and helpers to call the tag-monitoring API and ingest of a test server. */
export interface TagClient {
  api(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  ingest(
    key: string,
    payload: unknown,
    opts?: { header?: string; path?: string },
  ): Promise<{ status: number; body: unknown }>;
  createSite(
    name: string,
    thresholds?: Record<string, unknown>,
    extra?: Record<string, unknown>,
  ): Promise<{ slug: string; key: string; id: string }>;
  /** Polls the overview until `done` holds for it (the digest is asynchronous). */
  waitForOverview(
    slug: string,
    done: (o: TagOverview) => boolean,
    hours?: number,
    timeoutMs?: number,
  ): Promise<TagOverview>;
}

/** A site's overview as the dashboard reads it, so the tests and the dashboard agree on its shape. */

/** Creates the org `acme`, a superuser and a token on `server`. */
export async function tagClient(server: TestServer): Promise<TagClient> {
  await server.createProject('bootstrap');
  const email = `admin-${Math.random().toString(36).slice(2)}@example.com`;
  await server.cli(['user', 'create', '--email', email, '--password', 'a long test password', '--superuser']);
  const token = String(
    (
      await server.cli([
        'token',
        'create',
        '--email',
        email,
        '--scopes',
        'org:read project:read project:write project:admin',
      ])
    ).token,
  );
  const call = async (method: string, url: string, headers: Record<string, string>, body?: unknown) => {
    const res = await fetch(`${server.url}${url}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
  };
  const client: TagClient = {
    api: (method, path, body) => call(method, path, { authorization: `Bearer ${token}` }, body),
    ingest: (key, payload, opts = {}) =>
      call('POST', opts.path ?? '/api/ingest', { [opts.header ?? 'x-faultline-key']: key }, payload),
    async createSite(name, thresholds, extra = {}) {
      const res = await client.api('POST', '/api/0/organizations/acme/tag-sites/', {
        name,
        thresholds,
        ...extra,
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const b = res.body as { slug: string; ingest_key: string; id: string };
      return { slug: b.slug, key: b.ingest_key, id: b.id };
    },
    async waitForOverview(slug, done, hours = 2, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const res = await client.api(
          'GET',
          `/api/0/organizations/acme/tag-sites/${slug}/overview/?hours=${hours}`,
        );
        assert.equal(res.status, 200, JSON.stringify(res.body));
        const o = res.body as TagOverview;
        if (done(o)) return o;
        if (Date.now() > deadline) throw new Error(`overview never matched: ${JSON.stringify(o)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
  return client;
}

/** The seed's per-event example (docs.probr.io "POST /ingest"), at `timestampMs`. */
export function seedPerEvent(timestampMs: number): Record<string, unknown> {
  return {
    container_id: 'GTM-ABC123',
    event_name: 'purchase',
    timestamp_ms: timestampMs,
    tags: [
      { id: '15', name: 'GA4 - Event', status: 'success', execution_time: 120 },
      { id: '22', name: 'Meta CAPI', status: 'failure', execution_time: 5000 },
    ],
    user_data: {
      has_email: true,
      has_phone: false,
      has_first_name: true,
      has_last_name: true,
      has_city: false,
      has_country: true,
    },
    ecommerce: { has_value: true, has_currency: true, has_transaction_id: true, has_items: true },
  };
}

/** The seed's batched example: its tag_metrics, user_data_quality and ecommerce_quality blocks. */
export function seedBatch(windowStartMs: number): Record<string, unknown> {
  return {
    container_id: 'GTM-ABC123',
    batch: true,
    window_start_ms: windowStartMs,
    window_end_ms: windowStartMs + 30_000,
    total_events: 50,
    event_counts: { page_view: 45, purchase: 5 },
    tag_metrics: {
      'GA4 - Event': { success: 48, failure: 2, timeout: 0, exception: 0, total_exec_ms: 6240, count: 50 },
    },
    user_data_quality: { email: 42, phone: 15, address: 38, total: 50 },
    ecommerce_quality: { value: 5, currency: 5, transaction_id: 4, items: 5, total: 5 },
  };
}
