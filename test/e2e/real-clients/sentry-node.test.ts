import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { NormalizedEvent, StackFrame } from '../../../src/protocol/event.js';
import { startServer, type ProjectInfo, type TestServer } from '../../helpers/server.js';
import { runProcess } from './run-process.js';

const APP = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../fixtures/real-clients/sentry-node-app.mjs',
);
const appLines = fs.readFileSync(APP, 'utf8').split('\n');

/** 1-based line number of the app's line carrying `marker`. */
function lineOf(marker: string): number {
  const i = appLines.findIndex((l) => l.includes(marker));
  assert.notEqual(i, -1, `marker ${marker} not found in ${APP}`);
  return i + 1;
}

/** What the app prints on stdout once it has flushed. */
interface AppReport {
  exceptionId: string;
  messageId: string;
  bigId: string;
  flushed: boolean;
  requests: { path: string; contentEncoding: string | null; status?: number }[];
}

function inAppFrames(event: NormalizedEvent): StackFrame[] {
  const frames = event.exception?.values[0]?.stacktrace?.frames ?? [];
  return frames.filter((f) => f.in_app === true);
}

describe('@sentry/node reporting to Faultline', { timeout: 90_000 }, () => {
  let server: TestServer;
  let project: ProjectInfo;
  let report: AppReport;

  before(
    async () => {
      server = await startServer();
      project = await server.createProject('node-shop', 'node');
      const run = await runProcess(process.execPath, [APP], {
        env: { ...process.env, FAULTLINE_DSN: project.dsn },
        timeoutMs: 30_000,
      });
      assert.equal(run.code, 0, `app failed:\n${run.stderr}\n${run.stdout}`);
      const last = run.stdout.trim().split('\n').at(-1) ?? '';
      report = JSON.parse(last) as AppReport;
    },
    { timeout: 60_000 },
  );

  after(async () => {
    await server?.cleanup();
  });

  test('answers every request of the SDK with 200 and the SDK flushes in time', () => {
    assert.equal(report.flushed, true);
    assert.ok(report.requests.length >= 3, `expected at least 3 requests, got ${report.requests.length}`);
    for (const r of report.requests) {
      assert.match(r.path, new RegExp(`^/api/${project.id}/envelope/\\?`));
      assert.equal(r.status, 200, `status for ${r.path}`);
    }
  });

  test('stores an exception captured in a named function with its type, value and in-app frames', async () => {
    const stored = await server.waitForEvent(project.id, report.exceptionId);
    const event = stored.data as NormalizedEvent;

    const exception = event.exception?.values[0];
    assert.equal(exception?.type, 'Error');
    assert.equal(exception?.value, 'card declined for amount 250');
    assert.equal(exception?.mechanism?.handled, true);

    const frames = inAppFrames(event);
    // Sentry orders frames oldest first: the module body, then submitOrder, then chargeCard.
    const named = frames.filter((f) => f.function !== '?').map((f) => f.function);
    assert.deepEqual(named, ['submitOrder', 'chargeCard']);
    const top = frames.at(-1);
    assert.equal(top?.function, 'chargeCard');
    assert.equal(top?.lineno, lineOf('marker:capture'));
    assert.equal(top?.colno, (appLines[lineOf('marker:capture') - 1]?.indexOf('new Error') ?? -1) + 1);
    assert.equal(top?.filename, APP);
    assert.match(top?.context_line ?? '', /new Error\(`card declined/);
    assert.equal(top?.pre_context?.length, 5);
    assert.equal(top?.post_context?.length, 5);
    const caller = frames.at(-2);
    assert.equal(caller?.function, 'submitOrder');
    assert.equal(caller?.lineno, lineOf('marker:call'));
    // Node internals are kept but not marked in-app.
    const all = event.exception?.values[0]?.stacktrace?.frames ?? [];
    assert.ok(all.some((f) => f.filename?.startsWith('node:') && f.in_app === false));
  });

  test('keeps the user, tags, breadcrumbs, release and environment set on the scope', async () => {
    const stored = await server.waitForEvent(project.id, report.exceptionId);
    const event = stored.data as NormalizedEvent;

    assert.equal(stored.release, 'shop@2.4.1');
    assert.equal(stored.environment, 'staging');
    assert.equal(stored.platform, 'node');
    assert.equal(stored.level, 'error');
    assert.equal(event.release, 'shop@2.4.1');
    assert.equal(event.environment, 'staging');
    assert.equal(event.server_name, 'checkout-worker-1');
    assert.deepEqual(
      { id: event.user?.id, email: event.user?.email, username: event.user?.username },
      { id: 'u-42', email: 'ada@example.com', username: 'ada' },
    );
    const tags = new Map(event.tags);
    assert.equal(tags.get('feature'), 'checkout');
    assert.equal(tags.get('region'), 'eu-west');

    const crumbs = (event.breadcrumbs?.values ?? []).map((b) => ({
      category: b.category,
      message: b.message,
      level: b.level,
    }));
    assert.deepEqual(crumbs, [
      { category: 'cart', message: 'added 3 items', level: 'info' },
      { category: 'payment', message: 'card declined', level: 'warning' },
    ]);
    assert.deepEqual(event.breadcrumbs?.values[0]?.data, { items: 3 });
    assert.equal(event.sdk?.name, 'sentry.javascript.node');
  });

  test('stores a captured message with its text and level', async () => {
    const stored = await server.waitForEvent(project.id, report.messageId);
    const event = stored.data as NormalizedEvent;

    assert.equal(stored.level, 'warning');
    assert.equal(event.level, 'warning');
    assert.equal(event.message, 'inventory sync finished with warnings');
    assert.equal(
      event.logentry?.formatted ?? event.logentry?.message,
      'inventory sync finished with warnings',
    );
    assert.match(stored.title, /inventory sync finished with warnings/);
    assert.equal(stored.release, 'shop@2.4.1');
    assert.equal(new Map(event.tags).get('feature'), 'checkout');
  });

  test('accepts a gzip-compressed event over 32 KiB and keeps its large extra', async () => {
    const gzipped = report.requests.filter((r) => r.contentEncoding === 'gzip');
    assert.equal(gzipped.length, 1, 'the SDK gzips exactly the one body over 32 KiB');
    assert.equal(gzipped[0]?.status, 200);

    const stored = await server.waitForEvent(project.id, report.bigId);
    const event = stored.data as NormalizedEvent;
    assert.equal(event.exception?.values[0]?.type, 'RangeError');
    assert.equal(event.exception?.values[0]?.value, 'order too large to render');
    const payload = event.extra?.payload;
    assert.equal(typeof payload, 'string');
    assert.equal((payload as string).length, 40 * 1024);
    assert.equal(payload, 'x'.repeat(40 * 1024));
    assert.equal(event.extra?.lines, 40 * 1024);
  });
});
