import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { createMobileProject, inParallel, postJson, registerUser } from '../../helpers/seed-client.js';
import { backend, startServer, type TestServer } from '../../helpers/server.js';
import { seedBatch, seedPerEvent, tagClient, type TagClient } from './tag-client.js';

/** An answer as the wire carried it: status, header lines in order (without Date), body text. */
interface WireAnswer {
  status: number;
  headers: string[];
  body: string;
}

/** One POST (keep-alive, as the listener tag's client), keeping the raw header lines in their order. */
function post(
  server: TestServer,
  path: string,
  headers: Record<string, string>,
  body: string,
  agent: http.Agent = http.globalAgent,
): Promise<WireAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${server.url}${path}`,
      { method: 'POST', headers: { 'content-length': String(Buffer.byteLength(body)), ...headers }, agent },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => {
          const lines: string[] = [];
          for (let i = 0; i < res.rawHeaders.length; i += 2) {
            const name = res.rawHeaders[i]!;
            if (name.toLowerCase() !== 'date') lines.push(`${name}: ${res.rawHeaders[i + 1]}`);
          }
          resolve({ status: res.statusCode ?? 0, headers: lines, body: text });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Runs one statement as the PostgreSQL superuser the test servers' databases are created with. */
async function pgAdmin(statement: string): Promise<void> {
  const client = new pg.Client({
    connectionString: process.env.FAULTLINE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

const SEED_CORS = [
  'vary: Origin',
  'access-control-allow-methods: GET, POST, OPTIONS',
  'access-control-allow-headers: x-sentry-auth, x-requested-with, x-forwarded-for, origin, referer, accept, ' +
    'authentication, authorization, content-encoding, content-type, transfer-encoding, sentry-trace, baggage, ' +
    'x-faultline-token, x-pionne-token, x-faultline-key, x-probr-key',
  'access-control-expose-headers: x-sentry-error, x-sentry-rate-limits, retry-after',
  'access-control-max-age: 3600',
];

/** The header lines the Fastify route wrote for a tag answer before the node:http path existed. */
function expectedHeaders(body: string, extra: string[] = [], origin = '*'): string[] {
  const closes = extra.includes('connection: close');
  return [
    `access-control-allow-origin: ${origin}`,
    ...SEED_CORS,
    ...extra,
    'content-type: application/json; charset=utf-8',
    `content-length: ${Buffer.byteLength(body)}`,
    ...(closes ? [] : ['Connection: keep-alive', 'Keep-Alive: timeout=65']),
  ];
}

describe('tag ingest on the lean node:http path', () => {
  let server: TestServer;
  let client: TagClient;
  const minuteStart = Math.floor(Date.now() / 60_000) * 60_000 - 5 * 60_000;
  const payload = JSON.stringify(seedPerEvent(minuteStart));

  before(async () => {
    server = await startServer();
    client = await tagClient(server);
  });
  after(async () => server.cleanup());

  test('answers every outcome byte for byte as the Fastify route does', async () => {
    const site = await client.createSite('Lean');
    const off = await client.createSite('Lean off');
    await client.api('PATCH', `/api/0/organizations/acme/tag-sites/${off.slug}/`, { enabled: false });
    const key = { 'x-faultline-key': site.key, 'content-type': 'application/json' };
    const tooManyTags = JSON.stringify({
      ...seedPerEvent(minuteStart),
      tags: Array.from({ length: 501 }, (_, i) => ({ id: String(i), status: 'success' })),
    });
    const overOneMb = JSON.stringify({ ...seedPerEvent(minuteStart), event_name: 'x'.repeat(1024 * 1024) });
    const cases: [string, string, Record<string, string>, string, number, string, string[]][] = [
      ['ok', '/api/ingest', key, payload, 200, '{"status":"ok"}', []],
      ['ok without /api, with a query', '/ingest/?v=1', key, payload, 200, '{"status":"ok"}', []],
      [
        'ok on the tags-only path by X-Probr-Key',
        '/api/tags/ingest',
        { 'x-probr-key': site.key },
        payload,
        200,
        '{"status":"ok"}',
        [],
      ],
      [
        'invalid JSON',
        '/api/ingest',
        key,
        '{not json',
        400,
        '{"error":"invalid_payload","detail":"payload is not valid JSON","causes":["Expected property name or \'}\' in JSON at position 1"]}',
        [],
      ],
      [
        'invalid payload',
        '/api/ingest',
        key,
        '{"container_id":"GTM-X","tags":[]}',
        400,
        '{"error":"invalid_payload","detail":"invalid payload","causes":["event_name: Invalid input: expected string, received undefined","timestamp_ms: Invalid input: expected number, received undefined"]}',
        [],
      ],
      [
        'an empty body without a Content-Type',
        '/api/ingest',
        { 'x-faultline-key': site.key },
        '',
        400,
        '{"error":"invalid_payload","detail":"payload is not valid JSON","causes":["Unexpected end of JSON input"]}',
        [],
      ],
      [
        'no key',
        '/api/tags/ingest',
        { 'content-type': 'application/json' },
        payload,
        401,
        '{"error":"unauthorized","detail":"send the ingest key in X-Faultline-Key or X-Probr-Key"}',
        [],
      ],
      [
        'unknown key',
        '/api/ingest',
        { 'x-faultline-key': 'pk_live_nope-nope-nope-nope' },
        payload,
        401,
        '{"error":"unauthorized","detail":"invalid ingest key"}',
        [],
      ],
      [
        'disabled site',
        '/api/ingest',
        { 'x-faultline-key': off.key },
        payload,
        403,
        '{"error":"forbidden","detail":"the site is disabled"}',
        [],
      ],
      [
        'more than 500 tags',
        '/api/ingest',
        key,
        tooManyTags,
        413,
        '{"error":"payload_too_large","detail":"501 tags in one payload (at most 500)"}',
        ['connection: close'],
      ],
      [
        'over 1 MB',
        '/api/ingest',
        key,
        overOneMb,
        413,
        '{"error":"payload_too_large","detail":"request body exceeds 1048576 bytes"}',
        ['connection: close'],
      ],
    ];
    for (const [name, path, headers, body, status, answer, extra] of cases) {
      const lean = await post(server, path, headers, body);
      assert.deepEqual(lean, { status, headers: expectedHeaders(answer, extra), body: answer }, name);
      // An encoded character sends the same request through Fastify's router to the route itself.
      const viaFastify = await post(server, path.replace('ingest', '%69ngest'), headers, body);
      assert.deepEqual(viaFastify, lean, `${name}, through Fastify`);
    }
  });

  test('answers 429 with Retry-After past the site’s rate limit, as the Fastify route does', async () => {
    const site = await client.createSite('Lean limited', { rateLimitPerMinute: 1 });
    const key = { 'x-faultline-key': site.key };
    assert.equal((await post(server, '/api/ingest', key, payload)).status, 200);
    const body = '{"error":"rate_limited","detail":"rate limited"}';
    const lean = await post(server, '/api/ingest', key, payload);
    const retryAfter = lean.headers.find((h) => h.startsWith('retry-after: '));
    assert.match(retryAfter ?? '', /^retry-after: \d+$/);
    assert.deepEqual(lean, { status: 429, headers: expectedHeaders(body, [retryAfter!]), body });
    const viaFastify = await post(server, '/api/%69ngest', key, payload);
    assert.equal(viaFastify.status, 429);
    assert.equal(viaFastify.body, body);
  });

  test('takes the payload before Fastify: a Content-Type its router would refuse is ignored', async () => {
    const site = await client.createSite('Lean content type');
    const headers = { 'x-faultline-key': site.key, 'content-type': ';;' };
    // Tag ingest reads the body in any content type; Fastify refuses this one before its route runs.
    assert.equal((await post(server, '/api/ingest', headers, payload)).status, 200);
    assert.equal((await post(server, '/api/%69ngest', headers, payload)).status, 415);
  });

  test('echoes a browser’s origin in the CORS headers', async () => {
    const site = await client.createSite('Lean CORS');
    const origin = 'https://shop.example.com';
    const res = await post(server, '/api/ingest', { 'x-faultline-key': site.key, origin }, payload);
    assert.deepEqual(res.headers, expectedHeaders('{"status":"ok"}', [], origin));
  });

  test('a mobile token on /api/ingest still selects the mobile crash product', async () => {
    const site = await client.createSite('Lean and mobile');
    const project = await createMobileProject(await registerUser(server));
    const res = await postJson(
      `${server.url}/api/ingest`,
      {
        exception_type: 'Error',
        message: 'manual test',
        level: 'info',
        platform: 'ios',
        app_id: 'com.acme.app',
      },
      { 'x-pionne-token': project.token, 'x-faultline-key': site.key },
    );
    assert.equal(res.status, 202, res.text);
    const eventId = String(res.json().event_id);
    assert.equal((await server.waitForEvent(project.id, eventId)).title, 'Error: manual test');
  });

  test('disabling a site, or rotating its key, takes effect on the very next request', async () => {
    const site = await client.createSite('Lean toggled');
    const url = `/api/0/organizations/acme/tag-sites/${site.slug}/`;
    const ingest = async (key = site.key) =>
      (await post(server, '/api/ingest', { 'x-faultline-key': key }, payload)).status;
    // The first answer puts the site in the process's cache; the API write must drop it.
    assert.equal(await ingest(), 200);
    assert.equal((await client.api('PATCH', url, { enabled: false })).status, 200);
    assert.equal(await ingest(), 403);
    assert.equal((await client.api('PATCH', url, { enabled: true })).status, 200);
    assert.equal(await ingest(), 200);
    const rotated = await client.api('POST', `${url}rotate-key/`);
    assert.equal(rotated.status, 200);
    assert.equal(await ingest(), 401);
    assert.equal(await ingest((rotated.body as { ingest_key: string }).ingest_key), 200);
  });

  test('every acknowledged payload, per event or batched, is aggregated', async () => {
    const site = await client.createSite('Lean aggregated');
    const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
    try {
      const sent = Array.from({ length: 300 }, (_, i) =>
        i % 100 === 99
          ? JSON.stringify(seedBatch(minuteStart + i))
          : JSON.stringify({ ...seedPerEvent(minuteStart + i * 100), event_name: `event_${i % 3}` }),
      );
      // Both doors carry part of the load.
      const answers = await inParallel(sent, 16, (body, n) =>
        post(
          server,
          n % 2 ? '/api/tags/ingest/' : '/api/ingest',
          { 'x-faultline-key': site.key },
          body,
          agent,
        ),
      );
      assert.deepEqual(
        answers.map((a) => a.status),
        sent.map(() => 200),
      );
      // 297 single events and three batches of 50.
      const o = await client.waitForOverview(site.slug, (x) => x.total_events >= 297 + 150);
      assert.equal(o.total_events, 297 + 150);
      const tag = o.tags.find((t) => t.tag_name === 'GA4 - Event');
      assert.equal(tag?.total_executions, 297 + 150);
    } finally {
      agent.destroy();
    }
  });

  test(
    'keeps accepting a known site’s payloads while PostgreSQL is unreachable; an unknown key gets 503',
    { skip: backend !== 'postgres' && 'PostgreSQL only: an embedded SQLite database cannot go away' },
    async () => {
      const site = await client.createSite('Lean outage');
      const key = { 'x-faultline-key': site.key };
      assert.equal((await post(server, '/api/ingest', key, payload)).status, 200);
      const dbName = new URL(String(server.env.DATABASE_URL)).pathname.slice(1);
      await pgAdmin(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS false`);
      await pgAdmin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${dbName}'`);
      try {
        // Past the answer's second of freshness: ingest asks, fails, and goes by the last answer.
        await sleep(1100);
        assert.equal((await post(server, '/api/ingest', key, payload)).status, 200);
        const unknown = await post(
          server,
          '/api/ingest',
          { 'x-faultline-key': 'pk_live_never-seen-here' },
          payload,
        );
        assert.equal(unknown.status, 503);
        assert.equal(unknown.body, '{"error":"unavailable","detail":"cannot verify the key right now"}');
        assert.ok(unknown.headers.includes('retry-after: 30'));
      } finally {
        await pgAdmin(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS true`);
      }
      const o = await client.waitForOverview(site.slug, (x) => x.total_events === 2, 2, 30_000);
      assert.equal(o.total_events, 2);
    },
  );
});
