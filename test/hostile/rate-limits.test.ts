import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseRateLimitsHeader } from '../../src/protocol/rate-limits.js';
import { getEvent } from '../../src/storage/events.js';
import {
  apiRequest,
  assertErrorBody,
  eventEnvelope,
  expectRefusal,
  metric,
  rawRequest,
  sampleEvent,
  sleep,
  startTarget,
  waitForDrain,
  storageOf,
  storedRows,
  superuserToken,
  targetFor,
  type RawResponse,
  type Target,
} from './helpers.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A transaction as SDKs send it. */
const transaction = () => ({
  event_id: sampleEvent().event_id,
  type: 'transaction',
  transaction: 'GET /checkout',
  start_timestamp: Date.now() / 1000 - 1,
  timestamp: Date.now() / 1000,
  contexts: { trace: { trace_id: 'a'.repeat(32), span_id: 'b'.repeat(16), op: 'http.server' } },
  spans: [],
});

/** Waits, when a minute is about to turn, for the next one: per-minute limits count in fixed windows. */
async function freshMinute(): Promise<void> {
  const second = (Date.now() / 1000) % 60;
  if (second > 48) await sleep((60 - second) * 1000 + 200);
}

/** Asserts a 429 in Sentry's shape, with Retry-After equal to the longest X-Sentry-Rate-Limits entry. */
function assertRateLimited(res: RawResponse, header: RegExp): void {
  assertErrorBody(res, 429, /rate limited/);
  const limits = String(res.headers['x-sentry-rate-limits']);
  assert.match(limits, header);
  const longest = Math.max(...parseRateLimitsHeader(limits).map((l) => l.retryAfterSeconds));
  assert.equal(res.headers['retry-after'], String(longest));
}

describe('hostile rate limiting', { timeout: 180_000 }, () => {
  let t: Target;
  let token: string;
  const projectPath = (p: Target) => `/api/0/projects/${p.project.organization}/${p.project.slug}`;

  /** A fresh project with its own key, limited by `settings` and `keyLimit`. */
  async function limitedProject(
    name: string,
    settings: Record<string, unknown>,
    keyLimit?: { count: number; window: number },
  ): Promise<Target> {
    const p = targetFor(t.server, await t.server.createProject(name));
    const res = await apiRequest(t.server, 'PUT', `${projectPath(p)}/settings/`, token, settings);
    assert.equal(res.status, 200, res.text);
    if (keyLimit) {
      const key = await apiRequest(t.server, 'PUT', `${projectPath(p)}/keys/${p.project.publicKey}/`, token, {
        rateLimit: keyLimit,
      });
      assert.equal(key.status, 200, key.text);
    }
    return p;
  }

  /** Outcome totals of a project from the API, once they include what `ready` looks for. */
  async function outcomesOf(
    p: Target,
    ready: (groups: { outcome: string; category: string; reason: string; quantity: number }[]) => boolean,
  ) {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const res = await apiRequest(t.server, 'GET', `${projectPath(p)}/outcomes/?statsPeriod=1h`, token);
      assert.equal(res.status, 200, res.text);
      const groups = res.json().groups as {
        outcome: string;
        category: string;
        reason: string;
        quantity: number;
      }[];
      if (ready(groups)) return groups;
      if (Date.now() > deadline) assert.fail(`outcomes never got there: ${JSON.stringify(groups)}`);
      await sleep(250);
    }
  }

  before(async () => {
    t = await startTarget();
    token = (await superuserToken(t.server)).token;
  });
  after(async () => t.server.cleanup());

  test('answers 429 past a key limit, with Retry-After and X-Sentry-Rate-Limits in Sentry’s format', async () => {
    // A day-long window, so that no window boundary passes during the test.
    const limited = await limitedProject('key-limited', {}, { count: 2, window: 86_400 });
    for (let i = 0; i < 2; i++) {
      const res = await rawRequest(limited.envelopeUrl(), { body: eventEnvelope(sampleEvent()) });
      assert.equal(res.status, 200, res.text);
    }
    await expectRefusal(t, async () => {
      for (const url of [limited.envelopeUrl(), limited.storeUrl()]) {
        const res = await rawRequest(url, {
          body: url.includes('/store/') ? JSON.stringify(sampleEvent()) : eventEnvelope(sampleEvent()),
        });
        assertRateLimited(res, /^\d+::key:key_quota$/);
        assert.ok(Number(res.headers['retry-after']) > 0 && Number(res.headers['retry-after']) <= 86_400);
      }
    });
    assert.equal((await storedRows(t.server, limited.project.id)).events, 2);
  });

  test('answers 429 past a project limit per minute, naming the project scope', async () => {
    const limited = await limitedProject('project-limited', { rateLimitPerMinute: 3 });
    await freshMinute();
    for (let i = 0; i < 3; i++) {
      assert.equal(
        (await rawRequest(limited.envelopeUrl(), { body: eventEnvelope(sampleEvent()) })).status,
        200,
      );
    }
    await expectRefusal(t, async () => {
      const res = await rawRequest(limited.envelopeUrl(), { body: eventEnvelope(sampleEvent()) });
      assertRateLimited(res, /^\d+::project:project_quota$/);
      assert.ok(Number(res.headers['retry-after']) <= 60);
    });
  });

  test('drops only the limited category, answering 200 with the header, and 429 when nothing is left', async () => {
    const limited = await limitedProject('no-transactions', { categoryLimitsPerMinute: { transaction: 0 } });
    const tx = transaction();
    const checkIn = { check_in_id: 'b'.repeat(32), monitor_slug: 'nightly', status: 'ok' };
    const res = await rawRequest(limited.envelopeUrl(), {
      body:
        `{"event_id":"${tx.event_id}"}\n{"type":"transaction"}\n${JSON.stringify(tx)}\n` +
        `{"type":"check_in"}\n${JSON.stringify(checkIn)}\n`,
    });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json(), { id: tx.event_id });
    assert.match(String(res.headers['x-sentry-rate-limits']), /^\d+:transaction:project:category_quota$/);
    await waitForDrain(t.server);
    assert.deepEqual(await storedRows(t.server, limited.project.id), { events: 0, items: 1, attachments: 0 });

    await expectRefusal(t, async () => {
      const only = await rawRequest(limited.envelopeUrl(), {
        body: `{"event_id":"${tx.event_id}"}\n{"type":"transaction"}\n${JSON.stringify(tx)}\n`,
      });
      assertRateLimited(only, /^\d+:transaction:project:category_quota$/);
      const store = await rawRequest(limited.storeUrl(), { body: JSON.stringify(transaction()) });
      assertRateLimited(store, /^\d+:transaction:project:category_quota$/);
    });
    const stored = await getEvent(storageOf(t.server).db, Number(limited.project.id), String(tx.event_id));
    assert.equal(stored, undefined);
    const groups = await outcomesOf(limited, (g) => g.some((o) => o.category === 'transaction'));
    assert.deepEqual(
      groups.filter((o) => o.outcome === 'rate_limited'),
      [{ outcome: 'rate_limited', category: 'transaction', reason: 'category_quota', quantity: 3 }],
    );
  });

  test(
    'the real @sentry/node SDK backs off after a 429 instead of sending every event',
    { timeout: 60_000 },
    async () => {
      const limited = await limitedProject('sdk-limited', {}, { count: 1, window: 86_400 });
      const before = await metric(t.server, 'faultline_ingest_requests_total', { endpoint: 'envelope' });
      const app = `
      import http from 'node:http';
      import * as Sentry from '@sentry/node';
      const statuses = [];
      const httpModule = { request(options, callback) {
        return http.request(options, (res) => { statuses.push(res.statusCode); callback(res); });
      } };
      Sentry.init({ dsn: process.env.FAULTLINE_DSN, sendClientReports: false, transportOptions: { httpModule } });
      for (let i = 0; i < 8; i++) {
        Sentry.captureException(new Error('checkout failed ' + i));
        await Sentry.flush(3000);
      }
      process.stdout.write(JSON.stringify({ statuses }) + '\\n');
    `;
      const out = await new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, ['--input-type=module', '-e', app], {
          cwd: ROOT,
          env: { ...process.env, FAULTLINE_DSN: limited.project.dsn },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
        child.on('close', (code) => {
          clearTimeout(timer);
          if (code === 0) resolve(stdout);
          else reject(new Error(`the SDK app failed (${code}): ${stderr}`));
        });
      });
      const { statuses } = JSON.parse(out.trim().split('\n').at(-1)!) as { statuses: number[] };
      assert.deepEqual(statuses, [200, 429], 'the SDK sent events after the 429');
      const received =
        (await metric(t.server, 'faultline_ingest_requests_total', { endpoint: 'envelope' })) - before;
      assert.equal(received, 2, `the server received ${received} requests`);
      assert.equal((await storedRows(t.server, limited.project.id)).events, 1);
    },
  );

  test('shows rate-limited requests and SDK client reports as outcomes', async () => {
    const limited = await limitedProject('outcomes', {}, { count: 1, window: 86_400 });
    assert.equal(
      (await rawRequest(limited.envelopeUrl(), { body: eventEnvelope(sampleEvent()) })).status,
      200,
    );
    for (let i = 0; i < 2; i++) {
      assert.equal(
        (await rawRequest(limited.envelopeUrl(), { body: eventEnvelope(sampleEvent()) })).status,
        429,
      );
    }
    const report = {
      timestamp: Date.now() / 1000,
      discarded_events: [
        { reason: 'ratelimit_backoff', category: 'error', quantity: 5 },
        { reason: 'queue_overflow', category: 'transaction', quantity: 2 },
        { reason: 'bad', category: 7, quantity: 1 },
      ],
    };
    const open = await limitedProject('client-reports', {});
    assert.equal(
      (
        await rawRequest(open.envelopeUrl(), {
          body: `{}\n{"type":"client_report"}\n${JSON.stringify(report)}\n`,
        })
      ).status,
      200,
    );
    const limitedGroups = await outcomesOf(limited, (g) => g.some((o) => o.outcome === 'rate_limited'));
    assert.deepEqual(limitedGroups, [
      { outcome: 'rate_limited', category: 'error', reason: 'key_quota', quantity: 2 },
    ]);
    const reported = await outcomesOf(open, (g) => g.length >= 2);
    assert.deepEqual(reported, [
      { outcome: 'client_discard', category: 'error', reason: 'ratelimit_backoff', quantity: 5 },
      { outcome: 'client_discard', category: 'transaction', reason: 'queue_overflow', quantity: 2 },
    ]);
  });
});
