import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, recordPageLog, type PageLog } from '../../helpers/browser.js';
import {
  LAPTOP,
  PHONE,
  SCREENSHOT_DIR,
  initialBundleBytes,
  sampleIssueEnvelopes,
  screenshot,
  sendEnvelopes,
  unnamedControls,
} from '../../helpers/dashboard.js';
import { rawRequest } from '../../helpers/envelope.js';
import { startServer, type ProjectInfo, type TestServer } from '../../helpers/server.js';
import { runProcess } from '../real-clients/run-process.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const NODE_APP = path.join(root, 'test/fixtures/real-clients/sentry-node-app.mjs');
/** A loaded issue row (skeleton rows have no id). */
const ROW = '.issue-row[data-issue-id]';
const EMAIL = 'ada@example.com';
const PASSWORD = 'correct horse battery staple';

/** A fake app screen, rendered by the browser itself, to attach to an event as its screenshot. */
const APP_SCREEN = `<!doctype html><html><body style="margin:0;font:16px Arial,sans-serif;background:#f4f5f7">
<div style="background:#111827;color:#fff;padding:14px 18px;font-weight:700">Acme Shop · Checkout</div>
<div style="padding:18px"><div style="background:#fff;border-radius:10px;padding:16px;box-shadow:0 1px 3px #0002">
<div style="display:flex;justify-content:space-between"><b>Order #4242</b><span>3 items</span></div>
<div style="margin:14px 0;height:10px;background:#e5e7eb;border-radius:5px"></div>
<div style="margin:14px 0;height:10px;width:70%;background:#e5e7eb;border-radius:5px"></div>
<div style="background:#fee2e2;color:#991b1b;padding:10px;border-radius:8px">Something went wrong computing your total.</div>
</div></div></body></html>`;

describe('the dashboard: sign up, see an issue from @sentry/node, triage it', { timeout: 110_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let log: PageLog;
  let org = '';
  let projectSlug = '';
  let dsn = '';

  before(async () => {
    server = await startServer({ env: { FAULTLINE_LOG_LEVEL: 'warn' } });
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: LAPTOP, colorScheme: 'light' });
    page = await context.newPage();
    log = recordPageLog(page);
  });

  after(async () => {
    await browser?.close();
    await server?.cleanup();
  });

  test('serves the built dashboard from the Faultline process, with the right types and caching', async () => {
    const index = await rawRequest(`${server.url}/`, { method: 'GET' });
    assert.equal(index.status, 200);
    assert.match(String(index.headers['content-type']), /^text\/html/);
    assert.equal(index.headers['cache-control'], 'no-cache');
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(index.text)?.[1];
    assert.ok(script, 'index.html names its script');
    const asset = await rawRequest(`${server.url}${script}`, { method: 'GET' });
    assert.equal(asset.status, 200);
    assert.match(String(asset.headers['content-type']), /^text\/javascript/);
    assert.match(String(asset.headers['cache-control']), /immutable/);
    // Any page path is the app; server paths keep their own answers.
    const deep = await rawRequest(`${server.url}/organizations/acme/issues/42/events/latest/`, {
      method: 'GET',
    });
    assert.equal(deep.status, 200);
    assert.equal(deep.text, index.text);
    const api = await rawRequest(`${server.url}/api/0/no-such-thing/`, { method: 'GET' });
    assert.equal(api.status, 404);
    assert.match(String(api.headers['content-type']), /application\/json/);
    const missing = await rawRequest(`${server.url}/assets/missing-0000.js`, { method: 'GET' });
    assert.equal(missing.status, 404);
    const health = await rawRequest(`${server.url}/healthz`, { method: 'GET' });
    assert.deepEqual(health.json(), { status: 'ok' });
  });

  test('keeps the first load under 300 KB gzipped', (t) => {
    const size = initialBundleBytes();
    t.diagnostic(
      `initial load: ${(size.gzipped / 1024).toFixed(1)} KB gzipped (${(size.raw / 1024).toFixed(1)} KB raw) in ${size.files.join(', ')}`,
    );
    console.log(`dashboard initial load: ${(size.gzipped / 1024).toFixed(1)} KB gzipped`);
    assert.ok(size.gzipped < 300 * 1024, `initial load is ${size.gzipped} bytes gzipped`);
  });

  test('signs up the first user, creates an organization and a project, and shows its DSN', async () => {
    await page.goto(`${server.url}/`);
    await page.waitForURL(/\/login/);
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();

    await page.waitForURL(/\/setup/);
    await page.getByRole('heading', { name: 'Welcome to Faultline' }).waitFor();
    await page.getByLabel('Organization name').fill('Acme');
    await page.getByLabel('Project name').fill('shop-api');
    await page.getByLabel('Node.js').check();
    await page.getByRole('button', { name: 'Create project' }).click();

    await page.waitForURL(/\/organizations\/[^/]+\/issues\/\?project=shop-api/);
    const m = /\/organizations\/([^/]+)\/issues\//.exec(page.url());
    org = m?.[1] ?? '';
    projectSlug = 'shop-api';
    await page.getByRole('heading', { name: /Waiting for the first error/ }).waitFor();
    dsn = (await page.getByTestId('dsn').textContent())?.trim() ?? '';
    assert.match(dsn, /^http:\/\/[0-9a-f]{32}@127\.0\.0\.1:\d+\/\d+$/);
    assert.ok(
      await page.getByText('npm install @sentry/node').isVisible(),
      'the Node set-up snippet is shown',
    );
  });

  test('shows the issue @sentry/node sent, finds it by search, and opens it', async () => {
    const run = await runProcess(process.execPath, [NODE_APP], {
      env: { ...process.env, FAULTLINE_DSN: dsn },
      timeoutMs: 30_000,
    });
    assert.equal(run.code, 0, `app failed:\n${run.stderr}`);

    // The empty project watches for its first event; no reload needed.
    const row = page.locator(ROW, { hasText: 'card declined for amount 250' });
    await row.waitFor({ timeout: 20_000 });
    assert.ok((await page.locator(ROW).count()) >= 2, 'the message and the other exception are listed too');

    const search = page.getByRole('combobox', { name: 'Search issues' });
    await search.fill('card declined');
    await search.press('Enter');
    await page.waitForURL(/query=card\+declined/);
    await page.waitForFunction(`document.querySelectorAll('${ROW}').length === 1`);
    assert.ok(await row.isVisible());

    await row.getByRole('link').click();
    await page.waitForURL(/\/issues\/\d+\/\?project=shop-api/);
    await page
      .getByRole('heading', { level: 1 })
      .filter({ hasText: 'card declined for amount 250' })
      .waitFor();
  });

  test('shows the stack trace with in-app frames highlighted, and the breadcrumbs', async () => {
    const inApp = page.locator('.frame.in-app');
    await inApp.first().waitFor();
    const inAppText = (await inApp.allTextContents()).join('\n');
    assert.match(inAppText, /chargeCard/);
    assert.match(inAppText, /submitOrder/);
    // The newest in-app frame is open, with its source line.
    assert.match(
      await page.locator('.frame.in-app.open .source-current').first().innerText(),
      /card declined for amount/,
    );
    // In-app frames stand out from the others: shown by default, marked, and tinted.
    const background = (selector: string) =>
      page.evaluate(`getComputedStyle(document.querySelector('${selector}')).backgroundColor`);
    const tinted = await background('.frame.in-app');
    assert.notEqual(tinted, 'rgba(0, 0, 0, 0)');
    assert.ok((await inApp.first().getByText('In app').count()) === 1);
    assert.equal(
      await page.locator('.frame.system').count(),
      0,
      'library frames are folded in the in-app view',
    );
    await page.getByRole('button', { name: 'Full', exact: true }).click();
    await page.waitForURL(/frames=all/);
    assert.ok((await page.locator('.frame.system').count()) > 0, 'the full view shows node internals');
    const systemBg = await background('.frame.system');
    assert.notEqual(systemBg, tinted);

    const crumbs = page.locator('#breadcrumbs');
    await crumbs.getByText('added 3 items').waitFor();
    await crumbs.getByText('card declined', { exact: true }).waitFor();
    assert.match(await crumbs.innerText(), /cart[\s\S]*payment/);
    // Tags and contexts from the SDK's scope.
    await page.locator('#tags').getByRole('link', { name: 'feature checkout' }).waitFor();
    await page.locator('#contexts').getByText('ada@example.com').waitFor();
  });

  test('resolves the issue, which then leaves the unresolved list', async () => {
    await page.getByRole('button', { name: 'Resolve', exact: true }).click();
    await page.locator('.issue-sub .status-chip', { hasText: /^resolved$/ }).waitFor();
    await page.getByRole('link', { name: 'Issues' }).first().click();
    await page.waitForURL(/\/issues\/\?project=shop-api/);
    await page.locator(ROW).first().waitFor();
    assert.equal(await page.locator(ROW, { hasText: 'card declined for amount 250' }).count(), 0);

    await page.getByRole('button', { name: 'Resolved', exact: true }).click();
    await page.waitForURL(/status=resolved/);
    await page.locator(ROW, { hasText: 'card declined for amount 250' }).waitFor();
  });

  test('triages from the keyboard: j moves, x selects, i ignores', async () => {
    await page.goto(`${server.url}/organizations/${org}/issues/?project=${projectSlug}`);
    await page.locator(ROW).first().waitFor();
    const before = await page.locator(ROW).count();
    await page.keyboard.press('j');
    await page.locator('.issue-row.focused').waitFor();
    await page.keyboard.press('x');
    await page.getByRole('toolbar', { name: 'Bulk actions' }).getByText('1 selected').waitFor();
    await page.keyboard.press('i');
    await page.getByText('Ignored 1 issue').waitFor();
    await page.waitForFunction(`document.querySelectorAll('${ROW}:not(.pending)').length === ${before - 1}`);
  });

  test('renders the list and an issue well in light and dark, on a laptop and a phone', async (t) => {
    // Realistic data for the pictures: ten kinds of error over two weeks, one with a screenshot.
    const shot = await browser.newPage({ viewport: { width: 480, height: 300 } });
    await shot.setContent(APP_SCREEN);
    const png = await shot.screenshot();
    await shot.close();
    const project: ProjectInfo = {
      id: new URL(dsn).pathname.slice(1),
      slug: projectSlug,
      organization: org,
      dsn,
      publicKey: new URL(dsn).username,
    };
    const samples = sampleIssueEnvelopes(png);
    await sendEnvelopes(server.url, project, samples);
    // Wait for the digest: every sample event counted in some issue (the list does not poll).
    const counted = `${server.url}/api/0/projects/${org}/${projectSlug}/issues/?query=&per_page=100&statsPeriod=`;
    for (const started = Date.now(); ;) {
      const issues = (await (await context.request.get(counted)).json()) as { count: string }[];
      if (issues.reduce((n, i) => n + Number(i.count), 0) >= samples.length + 3) break;
      assert.ok(Date.now() - started < 30_000, 'the sample events were not digested within 30 s');
      await new Promise((r) => setTimeout(r, 200));
    }

    const listUrl = `${server.url}/organizations/${org}/issues/?project=${projectSlug}`;
    await page.goto(listUrl);
    await page.waitForFunction(`document.querySelectorAll('${ROW}').length >= 10`, undefined, {
      timeout: 20_000,
    });
    // The issue with the screenshot: the one with the most events of the first kind.
    await page.locator(ROW, { hasText: 'total' }).getByRole('link').click();
    await page.locator('#attachments img').waitFor({ timeout: 10_000 });
    // The screenshot is shown inline, loaded from the attachment endpoint.
    await page.waitForFunction("document.querySelector('#attachments img')?.naturalWidth > 0");
    const issueUrl = page.url();
    // Assign it to oneself and bookmark it, from the header.
    await page.getByRole('button', { name: 'Assign' }).click();
    await page.getByRole('menuitemradio', { name: `Me (${EMAIL})` }).click();
    await page.getByText('Assigned', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Bookmark' }).click();
    await page.getByRole('button', { name: 'Remove bookmark' }).waitFor();
    assert.match(await page.locator('.details').innerText(), new RegExp(EMAIL));

    const state = await context.storageState();
    const files: string[] = [];
    for (const scheme of ['light', 'dark'] as const) {
      for (const [device, viewport] of [
        ['laptop', LAPTOP],
        ['phone', PHONE],
      ] as const) {
        const ctx = await browser.newContext({
          viewport,
          colorScheme: scheme,
          storageState: state,
          deviceScaleFactor: device === 'phone' ? 2 : 1,
        });
        const p = await ctx.newPage();
        await p.goto(listUrl);
        await p.waitForFunction(`document.querySelectorAll('${ROW}').length >= 10`);
        await p.evaluate('document.fonts.ready');
        files.push(await screenshot(p, `issues-${device}-${scheme}`));
        assert.deepEqual(
          await unnamedControls(p),
          [],
          'every control of the issues page has an accessible name',
        );
        // Nothing sticks out sideways on a phone.
        const overflow = Number(await p.evaluate('document.documentElement.scrollWidth - window.innerWidth'));
        assert.ok(overflow <= 0, `${device} ${scheme}: issues page overflows by ${overflow}px`);
        await p.goto(issueUrl);
        await p.locator('.frame.in-app').first().waitFor();
        await p.locator('.tag-dist-row').first().waitFor();
        await p.locator('#attachments img').waitFor();
        await p.waitForFunction('[...document.images].every((i) => i.complete)');
        files.push(await screenshot(p, `issue-${device}-${scheme}`, device === 'laptop'));
        assert.deepEqual(
          await unnamedControls(p),
          [],
          'every control of the issue page has an accessible name',
        );
        const issueOverflow = Number(
          await p.evaluate('document.documentElement.scrollWidth - window.innerWidth'),
        );
        assert.ok(issueOverflow <= 0, `${device} ${scheme}: issue page overflows by ${issueOverflow}px`);
        await ctx.close();
      }
    }
    fs.mkdirSync(path.join(root, 'docs/screenshots'), { recursive: true });
    fs.copyFileSync(
      path.join(SCREENSHOT_DIR, 'issues-laptop-light.png'),
      path.join(root, 'docs/screenshots/issues.png'),
    );
    fs.copyFileSync(
      path.join(SCREENSHOT_DIR, 'issue-laptop-light.png'),
      path.join(root, 'docs/screenshots/issue.png'),
    );
    t.diagnostic(`screenshots: ${files.map((f) => path.relative(root, f)).join(', ')}`);
  });

  test('creates an API token in the settings, shows it once, and revokes it', async () => {
    await page.goto(`${server.url}/organizations/${org}/projects/${projectSlug}/settings/#api-tokens`);
    await page.getByRole('heading', { name: 'Client keys (DSN)' }).waitFor();
    assert.equal((await page.getByLabel('DSN of key Default').textContent())?.trim(), dsn);
    await page.getByLabel('Token name').fill('ci-releases');
    await page.getByRole('button', { name: 'Create token' }).click();
    const token = (await page.getByTestId('new-api-token').textContent())?.trim() ?? '';
    assert.match(token, /^flt_/);
    const table = page.getByRole('table', { name: 'API tokens' });
    await table.getByText('ci-releases').waitFor();
    assert.ok(!(await table.innerText()).includes(token), 'the table shows only how the token starts');
    await page.getByRole('button', { name: 'Create ingest token' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Create', exact: true }).click();
    assert.match((await page.getByTestId('ingest-token').textContent()) ?? '', /\w{20,}/);

    await page.getByRole('button', { name: 'Revoke token ci-releases' }).click();
    await table.getByText('No tokens yet.').waitFor();
    await page.getByTestId('new-api-token').waitFor({ state: 'detached' });
  });

  test('signs out from the account menu and back in, returning to the page asked for', async () => {
    const listUrl = `${server.url}/organizations/${org}/issues/?project=${projectSlug}&status=all`;
    await page.goto(listUrl);
    await page.getByRole('button', { name: `Account: ${EMAIL}` }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login$/);
    await page.goto(listUrl);
    await page.waitForURL(/\/login\?next=/);
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'invalid email or password' }).waitFor();
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(listUrl);
    await page.locator(ROW).first().waitFor();
  });

  test('logs no page errors along the way', () => {
    assert.deepEqual(log.pageErrors, []);
  });
});
