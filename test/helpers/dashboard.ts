import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { serializeEnvelope } from '../../src/protocol/envelope.js';
import { eventId, rawRequest } from './envelope.js';
import type { ProjectInfo } from './server.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SCREENSHOT_DIR = path.join(root, 'test-output/screenshots');
export const WEB_DIST = path.join(root, 'dist/web');

export const LAPTOP = { width: 1440, height: 900 };
export const PHONE = { width: 390, height: 844 };

/** Writes a full-page (or viewport) screenshot to test-output/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string, fullPage = false): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  return file;
}

/** POSTs envelopes to a project's ingest endpoint, `concurrency` at a time; throws on any non-200. */
export async function sendEnvelopes(
  baseUrl: string,
  project: ProjectInfo,
  bodies: Buffer[],
  concurrency = 16,
): Promise<void> {
  const url = `${baseUrl}/api/${project.id}/envelope/?sentry_key=${project.publicKey}&sentry_version=7`;
  let next = 0;
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      const res = await rawRequest(url, {
        body,
        headers: { 'content-type': 'application/x-sentry-envelope' },
      });
      if (res.status !== 200) throw new Error(`ingest answered ${res.status}: ${res.text}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** An envelope with one event and, optionally, attachments. */
export function envelopeOf(
  event: Record<string, unknown>,
  attachments: { name: string; type: string; data: Buffer }[] = [],
): Buffer {
  return serializeEnvelope({
    headers: { event_id: event.event_id, sent_at: new Date().toISOString() },
    items: [
      { headers: { type: 'event' }, payload: JSON.stringify(event) },
      ...attachments.map((a) => ({
        headers: {
          type: 'attachment',
          filename: a.name,
          content_type: a.type,
          attachment_type: 'event.attachment',
          length: a.data.length,
        },
        payload: a.data,
      })),
    ],
  });
}

function frame(filename: string, fn: string, lineno: number, inApp: boolean, context?: string) {
  return {
    filename,
    abs_path: filename,
    function: fn,
    lineno,
    colno: 13,
    in_app: inApp,
    ...(context
      ? {
          pre_context: ['', `export async function ${fn}(input) {`, '  const started = performance.now();'],
          context_line: context,
          post_context: ['  metrics.timing(started);', '  return result;', '}'],
        }
      : {}),
  };
}

interface Kind {
  type?: string;
  value?: string;
  message?: string;
  level: string;
  culprit: string;
  frames: ReturnType<typeof frame>[];
  release: string;
  environment: string;
  events: number;
  users: number;
  /** Spread of the events back in time, in hours. */
  spreadHours: number;
  tags?: Record<string, string>;
}

const node = (fn: string) => frame(`node:internal/${fn}`, fn, 95, false);

/** Ten realistic issues of a shop's API, with events spread over the last days (for lists and charts). */
const KINDS: Kind[] = [
  {
    type: 'TypeError',
    value: "Cannot read properties of undefined (reading 'total')",
    level: 'error',
    culprit: 'computeTotal(src/checkout/cart.ts)',
    frames: [
      node('process/task_queues'),
      frame('/srv/shop/src/routes/checkout.ts', 'postCheckout', 88, true),
      frame(
        '/srv/shop/src/checkout/cart.ts',
        'computeTotal',
        42,
        true,
        '  const total = cart.summary.total + shipping;',
      ),
    ],
    release: 'shop@2.4.1',
    environment: 'production',
    events: 46,
    users: 17,
    spreadHours: 20,
    tags: { route: '/checkout', region: 'eu-west' },
  },
  {
    type: 'ECONNREFUSED',
    value: 'connect ECONNREFUSED 10.0.3.12:6379',
    level: 'fatal',
    culprit: 'RedisClient.connect(node_modules/ioredis/built/Redis.js)',
    frames: [
      node('net'),
      frame('/srv/shop/node_modules/ioredis/built/Redis.js', 'RedisClient.connect', 312, false),
      frame('/srv/shop/src/cache/client.ts', 'getCache', 19, true, '  await client.connect();'),
    ],
    release: 'shop@2.4.1',
    environment: 'production',
    events: 12,
    users: 0,
    spreadHours: 3,
  },
  {
    type: 'PaymentDeclinedError',
    value: 'card declined: insufficient_funds',
    level: 'warning',
    culprit: 'chargeCard(src/payments/stripe.ts)',
    frames: [
      frame('/srv/shop/src/routes/pay.ts', 'postPay', 31, true),
      frame(
        '/srv/shop/src/payments/stripe.ts',
        'chargeCard',
        77,
        true,
        '    throw new PaymentDeclinedError(result.decline_code);',
      ),
    ],
    release: 'shop@2.4.0',
    environment: 'production',
    events: 31,
    users: 22,
    spreadHours: 300,
  },
  {
    type: 'ZodError',
    value: 'Expected string, received number at "address.zip"',
    level: 'error',
    culprit: 'parseAddress(src/customers/address.ts)',
    frames: [
      frame(
        '/srv/shop/src/customers/address.ts',
        'parseAddress',
        14,
        true,
        '  return AddressSchema.parse(raw);',
      ),
    ],
    release: 'shop@2.4.1',
    environment: 'staging',
    events: 8,
    users: 3,
    spreadHours: 40,
  },
  {
    message: 'Inventory sync finished with 14 skipped SKUs',
    level: 'info',
    culprit: 'jobs/inventory-sync',
    frames: [],
    release: 'shop@2.4.1',
    environment: 'production',
    events: 24,
    users: 0,
    spreadHours: 24,
  },
  {
    type: 'TimeoutError',
    value: 'Query read timeout after 5000ms: SELECT * FROM orders WHERE customer_id = $1',
    level: 'error',
    culprit: 'OrderRepository.findByCustomer(src/orders/repository.ts)',
    frames: [
      node('process/task_queues'),
      frame('/srv/shop/node_modules/pg/lib/client.js', 'Client.query', 526, false),
      frame(
        '/srv/shop/src/orders/repository.ts',
        'OrderRepository.findByCustomer',
        57,
        true,
        '    const { rows } = await this.db.query(sql, [customerId]);',
      ),
    ],
    release: 'shop@2.3.9',
    environment: 'production',
    events: 19,
    users: 11,
    spreadHours: 160,
  },
  {
    type: 'RangeError',
    value: 'Invalid time value',
    level: 'error',
    culprit: 'formatDelivery(src/shipping/eta.ts)',
    frames: [
      frame(
        '/srv/shop/src/shipping/eta.ts',
        'formatDelivery',
        23,
        true,
        '  return new Intl.DateTimeFormat(locale).format(eta);',
      ),
    ],
    release: 'shop@2.4.1',
    environment: 'production',
    events: 5,
    users: 4,
    spreadHours: 8,
  },
  {
    message: 'Deprecated API v1 /orders called by client mobile-ios/5.2',
    level: 'warning',
    culprit: 'middleware/deprecations',
    frames: [],
    release: 'shop@2.4.0',
    environment: 'production',
    events: 62,
    users: 40,
    spreadHours: 320,
  },
  {
    type: 'Error',
    value: 'Webhook signature mismatch for event evt_1Q2',
    level: 'error',
    culprit: 'verifyWebhook(src/payments/webhooks.ts)',
    frames: [
      frame(
        '/srv/shop/src/payments/webhooks.ts',
        'verifyWebhook',
        48,
        true,
        '    throw new Error(`Webhook signature mismatch for event ${id}`);',
      ),
    ],
    release: 'shop@2.4.1',
    environment: 'production',
    events: 3,
    users: 0,
    spreadHours: 2,
  },
  {
    type: 'SyntaxError',
    value: 'Unexpected token < in JSON at position 0',
    level: 'error',
    culprit: 'fetchRates(src/shipping/carrier.ts)',
    frames: [
      frame('/srv/shop/src/shipping/carrier.ts', 'fetchRates', 66, true, '  const body = JSON.parse(text);'),
    ],
    release: 'shop@2.3.9',
    environment: 'staging',
    events: 2,
    users: 1,
    spreadHours: 90,
  },
];

/** Envelopes for the ten sample issues (a PNG screenshot attached to the newest event of the first). */
export function sampleIssueEnvelopes(screenshotPng?: Buffer): Buffer[] {
  const now = Date.now() / 1000;
  const out: Buffer[] = [];
  KINDS.forEach((k, ki) => {
    for (let i = 0; i < k.events; i++) {
      // Events lean towards the recent end, as real traffic around a bad deploy does.
      const ago = k.spreadHours * 3600 * Math.pow((i + 0.5) / k.events, 1.6);
      const user =
        k.users > 0
          ? { id: `u-${(i * 7 + ki) % k.users}`, email: `user${(i * 7 + ki) % k.users}@example.com` }
          : undefined;
      const event: Record<string, unknown> = {
        event_id: eventId(),
        timestamp: now - ago,
        platform: 'node',
        level: k.level,
        release: k.release,
        environment: k.environment,
        server_name: `api-${(i % 3) + 1}`,
        culprit: k.culprit,
        tags: { ...(k.tags ?? {}), node: 'v20.20.2' },
        contexts: {
          runtime: { name: 'node', version: 'v20.20.2' },
          os: { name: 'Linux', version: '6.1.0' },
          app: { app_start_time: new Date((now - 86400) * 1000).toISOString(), app_memory: 187_000_000 },
        },
        breadcrumbs: {
          values: [
            {
              timestamp: now - ago - 4,
              category: 'http',
              type: 'http',
              level: 'info',
              data: { method: 'GET', url: 'https://api.example.com/cart/42', status_code: 200 },
            },
            {
              timestamp: now - ago - 2,
              category: 'query',
              type: 'query',
              level: 'info',
              message: 'SELECT * FROM carts WHERE id = $1',
            },
            {
              timestamp: now - ago - 1,
              category: 'console',
              level: 'warning',
              message: 'cart summary missing, recomputing',
            },
          ],
        },
        request: {
          method: 'POST',
          url: 'https://shop.example.com/api/checkout',
          headers: { 'User-Agent': 'Mozilla/5.0', 'Content-Type': 'application/json' },
        },
        extra: { cartId: 4242 + i, retry: i % 3 },
        ...(user ? { user } : {}),
      };
      if (k.type) {
        event.exception = {
          values: [
            {
              type: k.type,
              value: k.value,
              stacktrace: { frames: k.frames },
              mechanism: { type: 'generic', handled: k.level !== 'fatal' },
            },
          ],
        };
      } else {
        event.message = k.message;
      }
      const attach =
        screenshotPng && ki === 0 && i === 0
          ? [{ name: 'screenshot.png', type: 'image/png', data: screenshotPng }]
          : [];
      out.push(envelopeOf(event, attach));
    }
  });
  return out;
}

/** `n` envelopes that each start a new issue (distinct fingerprints), cheap to send and digest. */
export function manyIssueEnvelopes(n: number): Buffer[] {
  const now = Date.now() / 1000;
  return Array.from({ length: n }, (_, i) =>
    envelopeOf({
      event_id: eventId(),
      timestamp: now - i * 37,
      platform: 'node',
      level: ['error', 'warning', 'error', 'fatal', 'info'][i % 5],
      release: `bulk@1.${i % 7}.0`,
      environment: 'production',
      fingerprint: [`bulk-issue-${i}`],
      exception: {
        values: [
          {
            type: ['TypeError', 'RangeError', 'Error', 'ReferenceError'][i % 4],
            value: `generated failure number ${i} in the bulk set`,
            stacktrace: {
              frames: [frame(`/srv/bulk/src/module-${i % 40}.ts`, `handler${i % 40}`, 10 + (i % 90), true)],
            },
          },
        ],
      },
      user: { id: `bulk-user-${i % 50}` },
    }),
  );
}

/** The gzipped size of what the first load of the dashboard fetches: index.html and the assets it names. */
export function initialBundleBytes(dir = WEB_DIST): { files: string[]; raw: number; gzipped: number } {
  const html = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
  let raw = Buffer.byteLength(html);
  let gzipped = gzipSync(html).length;
  for (const f of files) {
    const body = fs.readFileSync(path.join(dir, f));
    raw += body.length;
    gzipped += gzipSync(body, { level: 9 }).length;
  }
  return { files, raw, gzipped };
}

/** Controls on the page that a screen reader could not name (no text, label, aria-label or title). */
export async function unnamedControls(page: Page): Promise<string[]> {
  const found =
    await page.evaluate(`[...document.querySelectorAll('button, input, select, textarea, a[href], [role=button], [role=combobox]')]
    .filter((el) => {
      if (el.closest('[aria-hidden="true"]') || el.type === 'hidden') return false;
      const name = (el.getAttribute('aria-label') || el.getAttribute('title') || el.textContent || '').trim();
      return !name && !el.getAttribute('aria-labelledby') && !(el.labels && el.labels.length > 0);
    })
    .map((el) => el.outerHTML.slice(0, 160))`);
  return found as string[];
}
