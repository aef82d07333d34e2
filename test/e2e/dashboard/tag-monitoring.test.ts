import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { getTagSite } from '../../../src/storage/tag-sites.js';
import { evaluateSiteHealth } from '../../../src/worker/tag-health-job.js';
import { launchBrowser, recordPageLog, type PageLog } from '../../helpers/browser.js';
import { LAPTOP, PHONE, SCREENSHOT_DIR, screenshot, unnamedControls } from '../../helpers/dashboard.js';
import { rawRequest } from '../../helpers/envelope.js';
import { backend, startServer, type TestServer } from '../../helpers/server.js';
import type { TagOverview } from '../../../web/src/api/types.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const MINUTE = 60_000;
/** Start of the last complete minute when the test began: Shop's data lands there. */
const LAST = Math.floor(Date.now() / MINUTE) * MINUTE - MINUTE;
const META_STATUSES = [
  'success',
  'success',
  'success',
  'success',
  'success',
  'failure',
  'failure',
  'failure',
  'timeout',
  'exception',
];

/** Shop's per-event purchases: GA4 always succeeds, Meta CAPI half the time (3 failures, a timeout, an exception). */
function shopPurchase(i: number): Record<string, unknown> {
  return {
    container_id: 'GTM-SHOP01',
    event_name: 'purchase',
    timestamp_ms: LAST + 1_000 + i * 1_000,
    tags: [
      { id: '1', name: 'GA4', status: 'success', execution_time: 120 },
      { id: '2', name: 'Meta CAPI', status: META_STATUSES[i], execution_time: 300 },
    ],
    user_data: { has_email: true, has_phone: i % 2 === 0, has_first_name: true },
    ecommerce: { has_value: true, has_currency: true, has_transaction_id: i < 8, has_items: true },
  };
}

/** Shop's batch: the seed's example with its one tag named GA4. */
const SHOP_BATCH = {
  container_id: 'GTM-SHOP01',
  batch: true,
  window_start_ms: LAST + 20_000,
  window_end_ms: LAST + 50_000,
  total_events: 50,
  event_counts: { page_view: 45, purchase: 5 },
  tag_metrics: { GA4: { success: 48, failure: 2, timeout: 0, exception: 0, total_exec_ms: 6240, count: 50 } },
  user_data_quality: { email: 42, phone: 15, address: 38, total: 50 },
  ecommerce_quality: { value: 5, currency: 5, transaction_id: 4, items: 5, total: 5 },
};

/** A per-event payload of one tag at `at` (ms). */
function oneTag(at: number, name: string, status: string): Record<string, unknown> {
  return {
    container_id: 'GTM-CHECKOUT',
    event_name: 'begin_checkout',
    timestamp_ms: at,
    tags: [{ id: '7', name, status, execution_time: 90 }],
  };
}

/** A small deterministic jitter in [0, 1) from `n`, so the busy site looks alive and stays reproducible. */
const jitter = (n: number) => {
  const x = Math.sin(n * 12.9898) * 43_758.5453;
  return x - Math.floor(x);
};

/**
 * A busy shop's last twelve hours in batches (the screenshot's six and the six its trends compare
 * with): one every five minutes, one a minute over the last five to ten. Meta CAPI broke between
 * three and two hours ago (a quarter failing, slow), and fails again a little in the last half hour.
 */
function storefrontBatches(nowMs: number): {
  batches: Record<string, unknown>[];
  totalEvents: number;
  /** When to evaluate the rules (seconds): after a broken batch, after a healthy one, in the shaky half hour. */
  replayAt: number[];
} {
  const last = Math.floor(nowMs / MINUTE) * MINUTE - MINUTE;
  const five = 5 * MINUTE;
  const slot = Math.floor(last / five) * five;
  const starts: [number, number][] = [];
  // A batch a minute since the five-minute slot before the last one, so the rules' window holds data;
  // five-minute batches before that, on the charts' five-minute bins.
  for (let t = last; t >= slot - five; t -= MINUTE) starts.push([t, 1]);
  for (let t = slot - 2 * five; t > last - 12 * 60 * MINUTE; t -= five) starts.push([t, 5]);
  const first = (from: number, to: number) =>
    starts.find(([t, m]) => m === 5 && last - t >= from * MINUTE && last - t < to * MINUTE)![0];
  const replayAt = [first(150, 180), first(90, 120), first(20, 30)].map((t) => t / 1000 + 60);
  let totalEvents = 0;
  const batches = starts.map(([start, minutes], k) => {
    const hour = new Date(start).getHours() + new Date(start).getMinutes() / 60;
    // Quiet at night, busy in the evening.
    const perMinute = 18 + 44 * Math.max(0, Math.sin(((hour - 7) / 24) * 2 * Math.PI)) + 8 * jitter(k);
    const e = Math.round(perMinute * minutes);
    const counts = {
      page_view: Math.round(e * 0.62),
      view_item: Math.round(e * 0.2),
      add_to_cart: Math.round(e * 0.09),
      begin_checkout: Math.round(e * 0.05),
      purchase: Math.max(1, Math.round(e * 0.04)),
    };
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    totalEvents += total;
    const ago = (last - start) / MINUTE;
    const broken = ago >= 120 && ago < 180;
    const shaky = ago < 30;
    const metric = (count: number, failRate: number, ms: number, timeoutRate = 0) => {
      const failure = Math.round(count * failRate * (0.6 + 0.8 * jitter(k + count)));
      const timeout = Math.round(count * timeoutRate * (0.5 + jitter(k * 3)));
      return {
        success: count - failure - timeout,
        failure,
        timeout,
        exception: 0,
        total_exec_ms: Math.round(count * ms * (0.85 + 0.3 * jitter(k * 7))),
        count,
      };
    };
    const ecommerce = counts.view_item + counts.add_to_cart + counts.begin_checkout + counts.purchase;
    return {
      container_id: 'GTM-STORE42',
      batch: true,
      window_start_ms: start,
      window_end_ms: start + minutes * MINUTE - 1,
      total_events: total,
      event_counts: counts,
      tag_metrics: {
        'GA4 - Page View': metric(counts.page_view, 0.002, 85),
        'GA4 - Ecommerce': metric(ecommerce, 0.004, 110),
        'Meta CAPI': metric(total, broken ? 0.25 : shaky ? 0.08 : 0.006, broken ? 2400 : 340),
        'Google Ads Conversion': metric(counts.purchase, 0, 150),
        'TikTok Events API': metric(total, 0, 620, 0.015),
        Floodlight: metric(counts.page_view, 0.001, 60),
      },
      user_data_quality: {
        email: Math.round(total * 0.62),
        phone: Math.round(total * 0.35),
        address: Math.round(total * 0.55),
        total,
      },
      ecommerce_quality: {
        value: counts.purchase,
        currency: counts.purchase,
        transaction_id: counts.purchase - (k % 25 === 0 ? 1 : 0),
        items: counts.purchase,
        total: counts.purchase,
      },
    };
  });
  return { batches, totalEvents, replayAt };
}

/**
 * The tag API and ingest, called with the signed-in person's session as a bearer token (the CLI's
 * user and token, as the tag tests make them, cost seconds of process start-up each).
 */
function sessionClient(server: TestServer, session: string) {
  const call = async (method: string, url: string, headers: Record<string, string>, body?: unknown) => {
    const res = await fetch(`${server.url}${url}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
  };
  const client = {
    api: (method: string, url: string, body?: unknown) =>
      call(method, url, { authorization: `Bearer ${session}` }, body),
    ingest: (key: string, payload: unknown, header = 'x-faultline-key') =>
      call('POST', '/api/ingest', { [header]: key }, payload),
    async createSite(name: string, thresholds?: Record<string, unknown>) {
      const res = await client.api('POST', '/api/0/organizations/acme/tag-sites/', { name, thresholds });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const b = res.body as { slug: string; ingest_key: string; id: string };
      return { slug: b.slug, key: b.ingest_key, id: b.id };
    },
    /** Polls a site's overview until its events are all digested. */
    async waitForEvents(slug: string, events: number, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const res = await client.api('GET', `/api/0/organizations/acme/tag-sites/${slug}/overview/?hours=24`);
        if ((res.body as TagOverview).total_events === events) return;
        if (Date.now() > deadline)
          throw new Error(`${slug} never reached ${events}: ${JSON.stringify(res.body)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
  return client;
}

/** The text of a stat card (`data-stat`) on the page. */
const stat = (page: Page, id: string) => page.locator(`.stat[data-stat="${id}"] dd`).innerText();

/** The trimmed text of a table cell. */
const text = async (l: Locator) => (await l.innerText()).trim();

describe('the tag-monitoring dashboard', { timeout: 60_000 }, () => {
  let server: TestServer;
  let client: ReturnType<typeof sessionClient>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let log: PageLog;
  let session = '';
  let storefrontSlug = '';
  const orgUrl = () => `${server.url}/organizations/acme`;

  before(async () => {
    server = await startServer({ env: { FAULTLINE_LOG_LEVEL: 'warn' } });
    // The first account, which creates the organization and then everything in it through the API.
    const registered = await rawRequest(`${server.url}/api/auth/register`, {
      body: JSON.stringify({ email: 'ops@example.com', password: 'a long enough password' }),
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(registered.status, 201);
    session = String(registered.json().token);
    client = sessionClient(server, session);
    assert.equal((await client.api('POST', '/api/0/organizations/', { name: 'Acme' })).status, 201);
    // An error-tracking project beside the tag sites, as a real organization has.
    assert.equal((await client.api('POST', '/api/0/organizations/acme/teams/', { name: 'Web' })).status, 201);
    const project = await client.api('POST', '/api/0/teams/acme/web/projects/', {
      name: 'shop-api',
      platform: 'node',
    });
    assert.equal(project.status, 201);
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: LAPTOP, colorScheme: 'light' });
    await context.addCookies([{ name: 'faultline_session', value: session, url: server.url }]);
    page = await context.newPage();
    log = recordPageLog(page);
  });

  after(async () => {
    await browser?.close();
    await server?.cleanup();
  });

  test('takes four sites through the real ingest and evaluates their rules', async (t) => {
    const started = Date.now();
    const shop = await client.createSite('Shop', {
      windowMinutes: 5,
      minExecutions: 5,
      noDataMinutes: null,
      quality: {
        email: { warning: 90, critical: 40 },
        phone: { warning: 30, critical: 10 },
        purchaseTransactionId: { warning: 100, critical: 50 },
      },
    });
    const checkout = await client.createSite('Checkout', {
      windowMinutes: 1,
      minExecutions: 5,
      noDataMinutes: null,
    });
    await client.createSite('Blog');
    // Storefront's rules stay silent (no window holds a billion events) while its history loads, so the
    // server's own evaluations, at the real time, cannot run ahead of the history replayed below.
    const store = await client.createSite('Storefront', {
      minExecutions: 1_000_000_000,
      quality: {
        email: { warning: 70, critical: 40 },
        phone: { warning: 30, critical: 10 },
        address: { warning: 50, critical: 20 },
        purchaseValue: { warning: 100 },
        purchaseCurrency: { warning: 100 },
        purchaseTransactionId: { warning: 100, critical: 90 },
      },
    });
    storefrontSlug = store.slug;

    // Shop: ten per-event purchases and a batch in the same minute, both modes through /api/ingest.
    for (let i = 0; i < 10; i++) assert.equal((await client.ingest(shop.key, shopPurchase(i))).status, 200);
    assert.equal((await client.ingest(shop.key, SHOP_BATCH, 'x-probr-key')).status, 200);
    // Checkout: GA4 failing eight minutes ago, healthy four minutes ago.
    const broken = LAST - 8 * MINUTE;
    const healed = LAST - 4 * MINUTE;
    for (let i = 0; i < 10; i++) {
      const a = await client.ingest(
        checkout.key,
        oneTag(broken + i * 1000, 'GA4', i < 6 ? 'failure' : 'success'),
      );
      const b = await client.ingest(checkout.key, oneTag(healed + i * 1000, 'GA4', 'success'));
      assert.deepEqual([a.status, b.status], [200, 200]);
    }
    // Storefront: twelve hours of batches, a few at a time.
    const history = storefrontBatches(Date.now());
    for (let i = 0; i < history.batches.length; i += 16) {
      const statuses = await Promise.all(
        history.batches.slice(i, i + 16).map(async (b) => (await client.ingest(store.key, b)).status),
      );
      assert.ok(
        statuses.every((s) => s === 200),
        `storefront batches answered ${statuses.join(',')}`,
      );
    }

    await client.waitForEvents(shop.slug, 60);
    await client.waitForEvents(checkout.slug, 20);
    await client.waitForEvents(store.slug, history.totalEvents);

    // The rules, at the times that matter (the health job's own function, as the tag tests call it).
    const storage = server.storage();
    const site = async (id: string) => (await getTagSite(storage.db, Number(id)))!;
    const shopChanges = await evaluateSiteHealth(storage.db, await site(shop.id), Date.now() / 1000);
    const opened = (
      await client.api('GET', `/api/0/organizations/acme/tag-sites/${shop.slug}/alerts/?status=open`)
    ).body as { rule_key: string }[];
    assert.deepEqual(
      opened.map((a) => a.rule_key).sort(),
      ['quality:email', 'quality:purchaseTransactionId', 'tag_failure_rate:Meta CAPI'],
      `Shop's evaluation: ${JSON.stringify(shopChanges)}`,
    );
    const c = await site(checkout.id);
    assert.deepEqual((await evaluateSiteHealth(storage.db, c, broken / 1000 + 60)).opened, [
      'tag_failure_rate:GA4',
    ]);
    assert.deepEqual((await evaluateSiteHealth(storage.db, c, healed / 1000 + 60)).resolved, [
      'tag_failure_rate:GA4',
    ]);
    // Once the last fold's own evaluation (a second after it) has passed, the rules count again, and
    // are replayed in order: after a broken batch, after a healthy one, in the shaky half hour, and now.
    await new Promise((r) => setTimeout(r, 1500));
    const patched = await client.api('PATCH', `/api/0/organizations/acme/tag-sites/${store.slug}/`, {
      thresholds: { minExecutions: 10 },
    });
    assert.equal(patched.status, 200);
    const s = await site(store.id);
    for (const at of history.replayAt) await evaluateSiteHealth(storage.db, s, at);
    await evaluateSiteHealth(storage.db, s, Date.now() / 1000);
    t.diagnostic(
      `${backend}: ${history.batches.length + 31} payloads ingested, digested and judged in ${Date.now() - started} ms`,
    );
  });

  test('the app shell leads to the control room, which lists every site with its status', async () => {
    await page.goto(`${orgUrl()}/issues/`);
    await page.getByRole('link', { name: 'Tag monitoring' }).click();
    await page.waitForURL(/\/organizations\/acme\/tag-monitoring\/$/);
    const table = page.getByRole('table', { name: 'Sites' });
    const row = (slug: string) => table.locator(`tr[data-site="${slug}"]`);
    await row('shop').waitFor();
    assert.equal(await page.title(), 'Tag monitoring · Faultline');
    const statuses = await table
      .locator('tr[data-site]')
      .evaluateAll((rows) =>
        rows.map((r) => [
          r.getAttribute('data-site'),
          r.querySelector('.health-chip')?.getAttribute('data-status'),
        ]),
      );
    assert.deepEqual(statuses, [
      ['blog', 'ok'],
      ['checkout', 'ok'],
      ['shop', 'critical'],
      ['storefront', 'warning'],
    ]);
    const shop = row('shop');
    assert.equal(await text(shop.locator('td').nth(2)), '60');
    assert.match(await text(shop.locator('td').nth(3)), /^Meta CAPI 50\.0% success$/);
    assert.equal(await text(shop.locator('td').nth(4)), '3');
    assert.equal(await text(row('blog').locator('td').nth(2)), '0');
    assert.match(await text(row('blog').locator('td').nth(5)), /no data/);
    const summary = page.getByRole('definition');
    assert.deepEqual(await summary.allInnerTexts(), ['2', '1', '1']);
    // The newest alerts of every site, with the site named.
    const recent = page.getByRole('table', { name: 'Recent alerts' });
    await recent.locator('tr[data-alert="tag_failure_rate:Meta CAPI"]').first().waitFor();
    assert.match(await recent.innerText(), /Shop/);
  });

  test("the site overview shows the totals, events by name and each tag's success rate", async () => {
    await page.getByRole('table', { name: 'Sites' }).getByRole('link', { name: 'Shop', exact: true }).click();
    await page.waitForURL(/\/tag-monitoring\/sites\/shop\/$/);
    await page.getByRole('heading', { level: 1, name: /Shop/ }).waitFor();
    await page.locator('.stat[data-stat="events"]').waitFor();
    assert.equal(await page.locator('h1 .health-chip').getAttribute('data-status'), 'critical');
    assert.equal(await stat(page, 'events'), '60');
    assert.equal(await stat(page, 'executions'), '70');
    assert.equal(await stat(page, 'success-rate'), '90.0%');
    assert.equal(await stat(page, 'failures'), '7');
    assert.equal(await stat(page, 'open-alerts'), '3');
    assert.match(await page.locator('.tag-sub').innerText(), /GTM-SHOP01/);

    const tags = page.getByRole('table', { name: 'Tags' });
    const tagRow = (name: string) => tags.locator(`tr[data-tag="${name}"]`);
    // Worst first, each rate in the colour of the site's failure-rate rule.
    assert.deepEqual(
      await tags.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-tag'))),
      ['Meta CAPI', 'GA4'],
    );
    const meta = tagRow('Meta CAPI');
    assert.equal(await text(meta.locator('[data-col="success-rate"]')), '50.0%');
    assert.equal(
      await meta.locator('[data-col="success-rate"] .rate').getAttribute('class'),
      'rate tone-danger',
    );
    assert.equal(await text(meta.locator('[data-col="failures"]')), '5');
    assert.equal(await text(meta.locator('[data-col="avg-time"]')), '300 ms');
    assert.equal(await text(tagRow('GA4').locator('[data-col="success-rate"]')), '96.7%');
    assert.equal(await text(tagRow('GA4').locator('[data-col="avg-time"]')), '124 ms');
    assert.equal(
      await tagRow('GA4').locator('[data-col="success-rate"] .rate').getAttribute('class'),
      'rate tone-good',
    );

    const events = page.getByRole('table', { name: 'Events by name' });
    const counts = await events
      .locator('tbody tr')
      .evaluateAll((rows) =>
        rows.map((r) => [r.getAttribute('data-event'), r.querySelectorAll('td')[1]?.textContent]),
      );
    assert.deepEqual(counts, [
      ['page_view', '45'],
      ['purchase', '15'],
    ]);
    assert.match(await events.innerText(), /new/);
    // The charts drew the minute's events and failures.
    assert.ok((await page.locator('#events-chart .chart-bar').count()) >= 1);
    assert.ok((await page.locator('#failures-chart .chart-bar-danger').count()) >= 1);
    // The window is in the URL; the last hour holds the same data.
    await page.getByRole('group', { name: 'Time window' }).getByRole('button', { name: '1h' }).click();
    await page.waitForURL(/\?hours=1$/);
    await page.waitForFunction(`document.querySelectorAll('#events-chart rect.chart-hit').length === 60`);
    assert.equal(await stat(page, 'events'), '60');
  });

  test('the data-quality panel shows the presence rates against the rule thresholds', async () => {
    const row = (metric: string) => page.locator(`#data-quality .quality-row[data-metric="${metric}"]`);
    const read = async (metric: string) => [
      await text(row(metric).locator('.quality-value')),
      await row(metric).getAttribute('class'),
      await text(row(metric).locator('.quality-rule')),
    ];
    assert.deepEqual(await read('email'), [
      '86.7%',
      'quality-row tone-warn',
      'warning below 90.0% · critical below 40.0%',
    ]);
    assert.deepEqual(await read('phone'), [
      '33.3%',
      'quality-row tone-good',
      'warning below 30.0% · critical below 10.0%',
    ]);
    assert.deepEqual(await read('address'), ['80.0%', 'quality-row', 'no rule']);
    assert.deepEqual(await read('value'), ['100.0%', 'quality-row', 'no rule']);
    assert.deepEqual(await read('transaction_id'), [
      '80.0%',
      'quality-row tone-warn',
      'warning below 100.0% · critical below 50.0%',
    ]);
    assert.equal(await row('email').locator('.quality-mark-warn').count(), 1);
    assert.match(await page.locator('#data-quality').innerText(), /60 events[\s\S]*15 e-commerce events/);
    assert.equal(
      await row('email').getByRole('img').getAttribute('aria-label'),
      'E-mail: 86.7%, below the warning threshold',
    );
  });

  test("a failing tag's page shows its success rate over time, status breakdown and alert", async () => {
    await page.getByRole('table', { name: 'Tags' }).getByRole('link', { name: 'Meta CAPI' }).click();
    await page.waitForURL(/\/sites\/shop\/tags\/Meta%20CAPI\/\?hours=1$/);
    await page.getByRole('heading', { level: 1, name: 'Meta CAPI' }).waitFor();
    await page.locator('.stat[data-stat="success-rate"]').waitFor();
    assert.equal(await stat(page, 'executions'), '10');
    assert.equal(await stat(page, 'success-rate'), '50.0%');
    assert.equal(await stat(page, 'avg-time'), '300 ms');
    const breakdown = await page
      .getByRole('table', { name: 'Status breakdown' })
      .locator('tr')
      .evaluateAll((rows) =>
        rows.map((r) => [r.getAttribute('data-status'), r.querySelector('td')?.textContent]),
      );
    assert.deepEqual(breakdown, [
      ['success', '5'],
      ['failure', '3'],
      ['timeout', '1'],
      ['exception', '1'],
    ]);
    // The success-rate line, with the failure-rate rule's thresholds across it (95 % and 80 %).
    // One minute of data: the line is a single flat dash, which has no height to be "visible".
    await page.locator('#success-rate .chart-line').first().waitFor({ state: 'attached' });
    assert.equal(await page.locator('#success-rate .chart-threshold').count(), 2);
    assert.match(
      await page.locator('#success-rate .chart-legend').innerText(),
      /warning below 95\.0%[\s\S]*critical below 80\.0%/,
    );
    const alerts = page.getByRole('table', { name: 'Alerts of this tag' });
    const alert = alerts.locator('tr[data-alert="tag_failure_rate:Meta CAPI"]');
    await alert.waitFor();
    assert.equal(await alert.getAttribute('data-status'), 'open');
    assert.match(await alert.innerText(), /critical[\s\S]*Failure rate[\s\S]*50 % of 10 executions failed/i);
  });

  test('a tag without data in the window, and a site without data, say so', async () => {
    await page.goto(`${orgUrl()}/tag-monitoring/sites/shop/tags/${encodeURIComponent('LinkedIn Insight')}/`);
    // The empty states are live regions (role=status), as the toaster is: found by their card.
    await page
      .locator('.tag-empty')
      .getByText('No data for “LinkedIn Insight” in the last 24 hours')
      .waitFor();
    await page.getByRole('link', { name: 'Back to Shop' }).waitFor();

    await page.goto(`${orgUrl()}/tag-monitoring/sites/blog/?hours=6`);
    const empty = page.locator('.tag-empty');
    await empty.getByText('No data in the last 6 hours').waitFor();
    assert.match(await empty.innerText(), new RegExp(`${server.url}/api/ingest`));
    await empty.getByRole('link', { name: 'Look at the last 24 hours' }).click();
    await page.waitForURL(/\/sites\/blog\/$/);
    await page.getByText('No data in the last 24 hours').waitFor();
    assert.equal(await page.locator('h1 .health-chip').getAttribute('data-status'), 'ok');
  });

  test('the alerts lists show open and resolved alerts, across sites and per site', async () => {
    await page.goto(`${orgUrl()}/tag-monitoring/`);
    await page.getByRole('link', { name: 'All alerts' }).click();
    await page.waitForURL(/\/tag-monitoring\/alerts\/$/);
    const table = page.getByRole('table', { name: 'Alerts' });
    const checkout = table.locator('tr[data-alert="tag_failure_rate:GA4"]', { hasText: 'Checkout' });
    await checkout.waitFor();
    assert.equal(await checkout.getAttribute('data-status'), 'resolved');
    assert.match(
      await checkout.innerText(),
      /critical\s+Failure rate[\s\S]*Checkout\s+GA4\s+\d+m ago\s+\d+m ago/i,
    );
    const shopMeta = table.locator('tr[data-alert="tag_failure_rate:Meta CAPI"]', { hasText: 'Shop' });
    assert.equal(await shopMeta.getAttribute('data-status'), 'open');
    assert.match(await text(shopMeta), /open$/i);

    await page.getByRole('button', { name: 'Resolved', exact: true }).click();
    await page.waitForURL(/\?status=resolved$/);
    const resolved = page.getByRole('table', { name: 'Resolved alerts' });
    await resolved.locator('tr[data-alert]').first().waitFor();
    assert.deepEqual(
      await resolved
        .locator('tr[data-alert]')
        .evaluateAll((rows) => [...new Set(rows.map((r) => r.getAttribute('data-status')))]),
      ['resolved'],
    );
    assert.equal(await resolved.locator('tr', { hasText: 'Shop' }).count(), 0);

    // One site's alerts, from its link in the list.
    await resolved.getByRole('link', { name: 'Checkout' }).first().click();
    await page.waitForURL(/\/sites\/checkout\/$/);
    await page.getByRole('navigation', { name: 'Site views' }).getByRole('link', { name: 'Alerts' }).click();
    await page.waitForURL(/\/sites\/checkout\/alerts\/$/);
    const mine = page.getByRole('table', { name: 'Alerts' });
    await mine.locator('tr[data-alert]').first().waitFor();
    assert.deepEqual(
      await mine
        .locator('tr[data-alert]')
        .evaluateAll((rows) =>
          rows.map((r) => [r.getAttribute('data-alert'), r.getAttribute('data-status')]),
        ),
      [['tag_failure_rate:GA4', 'resolved']],
    );
    await mine.getByRole('link', { name: 'GA4' }).click();
    await page.waitForURL(/\/sites\/checkout\/tags\/GA4\/$/);
    assert.equal(await stat(page, 'executions'), '20');
  });

  test("renders a busy site's overview well on a laptop in light and on a phone in dark", async (t) => {
    const state = await context.storageState();
    const files: string[] = [];
    for (const [device, viewport, scheme] of [
      ['laptop', LAPTOP, 'light'],
      ['phone', PHONE, 'dark'],
    ] as const) {
      const ctx = await browser.newContext({
        viewport,
        colorScheme: scheme,
        storageState: state,
        deviceScaleFactor: device === 'phone' ? 2 : 1,
      });
      const p = await ctx.newPage();
      await p.goto(`${orgUrl()}/tag-monitoring/sites/${storefrontSlug}/?hours=6`);
      await p.locator('#tags tr[data-tag="Meta CAPI"]').waitFor();
      await p.locator('#events-chart .chart-bar').first().waitFor();
      await p.locator('#failures-chart .chart-bar-danger').first().waitFor();
      await p.locator('.alert-table tr[data-alert]').first().waitFor();
      await p.evaluate('document.fonts.ready');
      assert.equal(await p.locator('h1 .health-chip').getAttribute('data-status'), 'warning');
      files.push(await screenshot(p, `tag-overview-${device}-${scheme}`, device === 'laptop'));
      assert.deepEqual(await unnamedControls(p), [], 'every control of the overview has an accessible name');
      const overflow = Number(await p.evaluate('document.documentElement.scrollWidth - window.innerWidth'));
      assert.ok(overflow <= 0, `${device} ${scheme}: the overview overflows by ${overflow}px`);
      await ctx.close();
    }
    fs.mkdirSync(path.join(root, 'docs/screenshots'), { recursive: true });
    fs.copyFileSync(
      path.join(SCREENSHOT_DIR, 'tag-overview-laptop-light.png'),
      path.join(root, 'docs/screenshots/tag-overview.png'),
    );
    t.diagnostic(`screenshots: ${files.map((f) => path.relative(root, f)).join(', ')}`);
  });

  test('logs no page errors along the way', () => {
    assert.deepEqual(log.pageErrors, []);
  });
});
