import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseTagPayload } from '../protocol/tag-payload.js';
import { foldTagPayload, minuteOf } from './tag-aggregate.js';

function fold(input: unknown) {
  const r = parseTagPayload(input);
  assert.ok(r.ok);
  return foldTagPayload(r.payload);
}

test('minuteOf floors milliseconds to the start of the minute in seconds', () => {
  for (const [ms, minute] of [
    [0, 0],
    [59_999, 0],
    [60_000, 60],
    [1708790461234, 1708790460],
  ] as const)
    assert.equal(minuteOf(ms), minute);
});

test('a per-event payload adds one event, its tags by outcome and its presence flags', () => {
  const d = fold({
    container_id: 'GTM-1',
    event_name: 'purchase',
    timestamp_ms: 1708790461234,
    tags: [
      { id: '15', name: 'GA4', status: 'success', execution_time: 120 },
      { id: '15', name: 'GA4', status: 'exception', execution_time: 30 },
      { id: '22', status: 'failure' },
    ],
    user_data: { has_email: true, has_last_name: true },
    ecommerce: { has_value: true },
  });
  assert.deepEqual(d, {
    containerId: 'GTM-1',
    minute: 1708790460,
    totalEvents: 1,
    userData: { total: 1, email: 1, phone: 0, address: 1 },
    ecommerce: { total: 1, value: 1, currency: 0, transactionId: 0, items: 0 },
    events: { purchase: 1 },
    tags: {
      GA4: { success: 1, failure: 0, timeout: 0, exception: 1, totalExecMs: 150, count: 2 },
      tag_22: { success: 0, failure: 1, timeout: 0, exception: 0, totalExecMs: 0, count: 1 },
    },
  });
});

test('an event without e-commerce flags is not an e-commerce event', () => {
  const d = fold({
    container_id: 'G',
    event_name: 'page_view',
    timestamp_ms: 0,
    ecommerce: { has_value: false },
  });
  assert.deepEqual(d.ecommerce, { total: 0, value: 0, currency: 0, transactionId: 0, items: 0 });
  assert.deepEqual(d.userData, { total: 1, email: 0, phone: 0, address: 0 });
});

test('a batch counts under window_start_ms, and total_events falls back to the sum of event_counts', () => {
  const d = fold({
    container_id: 'G',
    batch: true,
    window_start_ms: 120_500,
    event_counts: { a: 2, b: 3 },
    tag_metrics: { T: { success: 4, failure: 1, total_exec_ms: 50 } },
  });
  assert.equal(d.minute, 120);
  assert.equal(d.totalEvents, 5);
  assert.deepEqual(d.tags.T, { success: 4, failure: 1, timeout: 0, exception: 0, totalExecMs: 50, count: 5 });
  assert.deepEqual(d.userData, { total: 0, email: 0, phone: 0, address: 0 });
});
