import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser, Page, Response } from 'playwright-core';
import type { NormalizedEvent, StackFrame } from '../../../src/protocol/event.js';
import {
  launchBrowser,
  recordPageLog,
  serveStatic,
  type PageLog,
  type StaticSite,
} from '../../helpers/browser.js';
import { startServer, type ProjectInfo, type TestServer } from '../../helpers/server.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const PAGE_SCRIPT = path.join(root, 'test/fixtures/real-clients/sentry-browser-page.js');

const PAGE_HTML = `<!doctype html>
<html>
  <head>
    <meta charset="utf-8" />
    <title>Faultline test shop</title>
    <link rel="icon" href="data:," />
  </head>
  <body>
    <button id="coupon">Apply coupon</button>
    <button id="cart">Show cart</button>
    <script src="/bundle.js"></script>
  </body>
</html>
`;

/** What the page script records in `beforeSend`. */
interface SentEvent {
  eventId: string;
  type?: string;
  value?: string;
  mechanism?: string;
}

/** One request the page made to Faultline, with the headers the browser really sent and received. */
interface IngestExchange {
  method: string;
  url: string;
  status: number;
  body: string;
  requestHeaders: Record<string, string>;
  responseHeaders: Record<string, string>;
}

/** Bundles the page script with @sentry/browser into `dir`; returns the bundle's lines. */
async function bundlePage(dir: string): Promise<string[]> {
  const outfile = path.join(dir, 'bundle.js');
  await build({
    entryPoints: [PAGE_SCRIPT],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2020',
    outfile,
    absWorkingDir: root,
    logLevel: 'silent',
  });
  fs.writeFileSync(path.join(dir, 'index.html'), PAGE_HTML);
  return fs.readFileSync(outfile, 'utf8').split('\n');
}

/**
 * 1-based line and column of `expression` on the bundle's only line mentioning `text` (V8 puts a frame
 * of `new Error(…)` where `new` starts). esbuild rewrites quotes and drops comments, hence two needles.
 */
function positionOf(lines: string[], text: string, expression: string): { lineno: number; colno: number } {
  const found = lines.flatMap((l, i) => (l.includes(text) ? [i] : []));
  assert.equal(found.length, 1, `${text} should be on exactly one line of the bundle`);
  const i = found[0] ?? -1;
  const col = lines[i]?.indexOf(expression) ?? -1;
  assert.notEqual(col, -1, `${expression} not found on bundle line ${i + 1}`);
  return { lineno: i + 1, colno: col + 1 };
}

function frames(event: NormalizedEvent): StackFrame[] {
  return event.exception?.values[0]?.stacktrace?.frames ?? [];
}

describe('@sentry/browser in Chromium reporting to Faultline', { timeout: 120_000 }, () => {
  let server: TestServer;
  let project: ProjectInfo;
  let dir: string;
  let bundleLines: string[];
  let site: StaticSite;
  let browser: Browser;
  let page: Page;
  let log: PageLog;
  const exchanges: Promise<IngestExchange>[] = [];
  const eventIds: string[] = [];

  before(
    async () => {
      server = await startServer();
      project = await server.createProject('web-shop', 'javascript-browser');
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-browser-'));
      bundleLines = await bundlePage(dir);
      site = await serveStatic(dir);
      assert.notEqual(new URL(site.origin).port, String(server.port));
      browser = await launchBrowser();
      page = await browser.newPage();
      page.setDefaultTimeout(15_000);
      log = recordPageLog(page);
      page.on('response', (response: Response) => {
        if (!response.url().startsWith(server.url)) return;
        const request = response.request();
        exchanges.push(
          (async () => ({
            method: request.method(),
            url: response.url(),
            status: response.status(),
            body: request.postData() ?? '',
            requestHeaders: await request.allHeaders(),
            responseHeaders: await response.allHeaders(),
          }))(),
        );
      });
      await page.goto(`${site.origin}/?dsn=${encodeURIComponent(project.dsn)}`);
      await page.waitForFunction(
        () => (globalThis as unknown as { __sentryReady?: boolean }).__sentryReady === true,
      );
    },
    { timeout: 60_000 },
  );

  after(async () => {
    await browser?.close();
    await site?.close();
    await server?.cleanup();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('stores an error captured with Sentry.captureException in a named function, frames intact', async () => {
    await page.click('#coupon');
    const handle = await page.waitForFunction(
      () => (globalThis as unknown as { __lastEventId?: string }).__lastEventId,
    );
    const eventId = (await handle.jsonValue()) as string;
    assert.match(eventId, /^[0-9a-f]{32}$/);
    eventIds.push(eventId);

    const stored = await server.waitForEvent(project.id, eventId);
    const event = stored.data as NormalizedEvent;
    const exception = event.exception?.values[0];
    assert.equal(exception?.type, 'Error');
    assert.equal(exception?.value, 'coupon SPRING24 has expired');
    assert.equal(exception?.mechanism?.handled, true);

    const top = frames(event).at(-1);
    assert.equal(top?.function, 'applyCoupon');
    assert.equal(top?.filename, `${site.origin}/bundle.js`);
    assert.equal(top?.in_app, true);
    assert.deepEqual(
      { lineno: top?.lineno, colno: top?.colno },
      positionOf(bundleLines, 'has expired', 'new Error('),
    );
    // The click listener that called applyCoupon is the next frame down.
    assert.ok(frames(event).length >= 2, 'the caller frame is kept');

    assert.equal(stored.platform, 'javascript');
    assert.equal(stored.release, 'web@3.1.0');
    assert.equal(stored.environment, 'e2e');
    assert.equal(event.user?.id, 'u-7');
    assert.equal(event.user?.email, 'web@example.com');
    assert.equal(new Map(event.tags).get('page'), 'checkout');
    assert.equal(event.request?.url, `${site.origin}/?dsn=${encodeURIComponent(project.dsn)}`);
    const crumbs = (event.breadcrumbs?.values ?? []).map((b) => `${b.category}: ${b.message}`);
    assert.ok(crumbs.includes('cart: cart loaded'), crumbs.join('\n'));
    assert.ok(crumbs.includes('ui.click: body > button#coupon'), crumbs.join('\n'));
    assert.equal(event.sdk?.name, 'sentry.javascript.browser');
  });

  test('stores an error thrown from a click handler and caught by the global handler, frames intact', async () => {
    await page.click('#cart');
    const handle = await page.waitForFunction(() =>
      (globalThis as unknown as { __sentEvents: SentEvent[] }).__sentEvents.find((e) =>
        e.mechanism?.startsWith('auto.browser.global_handlers'),
      ),
    );
    const sent = (await handle.jsonValue()) as SentEvent;
    assert.equal(sent.mechanism, 'auto.browser.global_handlers.onerror');
    eventIds.push(sent.eventId);

    const stored = await server.waitForEvent(project.id, sent.eventId);
    const event = stored.data as NormalizedEvent;
    const exception = event.exception?.values[0];
    assert.equal(exception?.type, 'TypeError');
    assert.equal(exception?.value, 'cart is empty and cannot be rendered');
    assert.equal(exception?.mechanism?.type, 'auto.browser.global_handlers.onerror');
    assert.equal(exception?.mechanism?.handled, false);
    assert.equal(stored.level, 'error');

    const top = frames(event).at(-1);
    assert.match(top?.function ?? '', /(^|\.)renderCart$/);
    assert.equal(top?.filename, `${site.origin}/bundle.js`);
    assert.equal(top?.in_app, true);
    assert.deepEqual(
      { lineno: top?.lineno, colno: top?.colno },
      positionOf(bundleLines, 'cart is empty', 'new TypeError('),
    );
    assert.equal(event.release, 'web@3.1.0');
    assert.equal(new Map(event.tags).get('page'), 'checkout');
  });

  test('answers the cross-origin text/plain envelopes with CORS headers, so the page logs no CORS error', async () => {
    // Both events were stored, but the browser may report the last response a moment later.
    const deadline = Date.now() + 5_000;
    let seen = await Promise.all(exchanges);
    while (!eventIds.every((id) => seen.some((x) => x.body.includes(id))) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      seen = await Promise.all(exchanges);
    }
    assert.equal(eventIds.length, 2);
    for (const id of eventIds)
      assert.ok(
        seen.some((x) => x.body.includes(id)),
        `no response seen for ${id}`,
      );
    const posts = seen.filter((x) => x.method === 'POST');
    for (const x of posts) {
      assert.ok(x.url.startsWith(`${server.url}/api/${project.id}/envelope/?`), x.url);
      assert.equal(x.status, 200, x.url);
      assert.equal(x.requestHeaders.origin, site.origin);
      assert.match(x.requestHeaders['content-type'] ?? '', /^text\/plain/);
      assert.equal(x.responseHeaders['access-control-allow-origin'], site.origin);
    }

    assert.deepEqual(log.failedRequests, []);
    const consoleErrors = log.console.filter(
      (m) => m.type === 'error' || /CORS|Access-Control/i.test(m.text),
    );
    assert.deepEqual(consoleErrors, []);
    // The only uncaught error is the one the test provoked.
    assert.deepEqual(log.pageErrors, ['TypeError: cart is empty and cannot be rendered']);
  });
});
