import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tagSiteSettingsSchema } from '../storage/tag-sites.js';
import { evaluateTagHealth, grade, healthWindow, probeVerdict, type HealthInput } from './tag-health.js';

const empty = { total: 0, email: 0, phone: 0, address: 0 };
const noCommerce = { total: 0, value: 0, currency: 0, transactionId: 0, items: 0 };

function input(over: Partial<HealthInput> = {}): HealthInput {
  return {
    siteName: 'Shop',
    settings: tagSiteSettingsSchema.parse({}),
    now: 10_000,
    createdAt: 0,
    lastSeen: 9_960,
    totals: { totalEvents: 0, userData: empty, ecommerce: noCommerce, lastSeen: null, containerId: null },
    tags: new Map(),
    ...over,
  };
}

const tag = (count: number, failed: number, execMs = 100) => ({
  success: count - failed,
  failure: failed,
  timeout: 0,
  exception: 0,
  totalExecMs: execMs * count,
  count,
});

test('healthWindow covers the complete minutes before now', () => {
  assert.deepEqual(healthWindow(1_000_030, 5), { from: 999_720, to: 1_000_020 });
});

for (const [value, warning, critical, above, expected] of [
  [4, 5, 20, true, null],
  [5, 5, 20, true, 'warning'],
  [20, 5, 20, true, 'critical'],
  [80, 70, 40, false, null],
  [69.9, 70, 40, false, 'warning'],
  [39, 70, 40, false, 'critical'],
  [99, null, null, true, null],
] as const) {
  test(`grade(${value}, ${warning}, ${critical}, ${above ? 'above' : 'below'}) is ${expected}`, () => {
    assert.equal(grade(value, warning, critical, above), expected);
  });
}

test('a tag failing 20 % opens a critical failure-rate alert; a healthy one is clear', () => {
  const v = evaluateTagHealth(
    input({
      tags: new Map([
        ['Meta', tag(100, 20)],
        ['GA4', tag(100, 0)],
      ]),
    }),
  );
  const meta = v.get('tag_failure_rate:Meta');
  assert.ok(meta && meta !== 'clear');
  assert.equal(meta.severity, 'critical');
  assert.equal(v.get('tag_failure_rate:GA4'), 'clear');
});

test('too few executions leave the tag rules unjudged', () => {
  const v = evaluateTagHealth(input({ tags: new Map([['Meta', tag(5, 5)]]) }));
  assert.equal(v.has('tag_failure_rate:Meta'), false);
});

test('slow tags grade by average execution time', () => {
  const v = evaluateTagHealth(input({ tags: new Map([['Slow', tag(20, 0, 3000)]]) }));
  const slow = v.get('tag_exec_time:Slow');
  assert.ok(slow && slow !== 'clear');
  assert.equal(slow.severity, 'warning');
});

test('data-quality rules fire below their thresholds and are clear when unset', () => {
  const settings = tagSiteSettingsSchema.parse({ quality: { email: { warning: 70, critical: 40 } } });
  const v = evaluateTagHealth(
    input({
      settings,
      totals: {
        totalEvents: 100,
        userData: { total: 100, email: 30, phone: 0, address: 0 },
        ecommerce: noCommerce,
        lastSeen: null,
        containerId: null,
      },
    }),
  );
  const email = v.get('quality:email');
  assert.ok(email && email !== 'clear');
  assert.equal(email.severity, 'critical');
  assert.equal(v.get('quality:phone'), 'clear');
});

test('no data for N minutes fires, counting from creation when nothing ever came', () => {
  assert.ok(evaluateTagHealth(input({ lastSeen: 10_000 - 31 * 60 })).get('no_data') !== 'clear');
  assert.equal(evaluateTagHealth(input({ lastSeen: 10_000 - 60 })).get('no_data'), 'clear');
  assert.equal(evaluateTagHealth(input({ lastSeen: null, createdAt: 9_000 })).get('no_data'), 'clear');
});

test('probe results: ok clears, warning and critical fire, error leaves the alert alone', () => {
  assert.equal(probeVerdict('S', { status: 'ok', message: '' }), 'clear');
  assert.equal(probeVerdict('S', { status: 'error', message: '' }), null);
  const c = probeVerdict('S', { status: 'critical', message: 'down' });
  assert.ok(c && c !== 'clear');
  assert.equal(c.title, '[CRITICAL] http_health — S');
});
