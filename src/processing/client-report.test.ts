import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseClientReport } from './client-report.js';

describe('parseClientReport', () => {
  test('reads discarded_events as the SDKs send them', () => {
    const report = {
      timestamp: 1700000000,
      discarded_events: [
        { reason: 'queue_overflow', category: 'error', quantity: 23 },
        { reason: 'ratelimit_backoff', category: 'transaction', quantity: 2 },
      ],
    };
    assert.deepEqual(parseClientReport(report), [
      { reason: 'queue_overflow', category: 'error', quantity: 23 },
      { reason: 'ratelimit_backoff', category: 'transaction', quantity: 2 },
    ]);
  });

  test('reads the older per-reason lists', () => {
    assert.deepEqual(parseClientReport({ rate_limited_events: [{ category: 'error', quantity: 3 }] }), [
      { reason: 'ratelimit_backoff', category: 'error', quantity: 3 },
    ]);
  });

  test('skips malformed entries and non-objects', () => {
    assert.deepEqual(parseClientReport({ discarded_events: [null, { reason: 1 }, 'x'] }), []);
    assert.deepEqual(parseClientReport('nope'), []);
  });
});
