import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { BucketDelta } from '../storage/tag-buckets.js';
import { mergeBucketDelta } from './tag-batch.js';

const delta = (over: Partial<BucketDelta> = {}): BucketDelta => ({
  containerId: 'GTM-1',
  minute: 60,
  totalEvents: 1,
  userData: { total: 1, email: 1, phone: 0, address: 0 },
  ecommerce: { total: 0, value: 0, currency: 0, transactionId: 0, items: 0 },
  events: { page_view: 1 },
  tags: { GA4: { success: 1, failure: 0, timeout: 0, exception: 0, totalExecMs: 100, count: 1 } },
  ...over,
});

describe('mergeBucketDelta', () => {
  const cases: { name: string; a: BucketDelta; b: BucketDelta; expect: Partial<BucketDelta> }[] = [
    {
      name: 'sums the totals, presence counts and the events both saw',
      a: delta(),
      b: delta({ userData: { total: 1, email: 0, phone: 1, address: 1 } }),
      expect: {
        totalEvents: 2,
        userData: { total: 2, email: 1, phone: 1, address: 1 },
        events: { page_view: 2 },
      },
    },
    {
      name: 'keeps event names only one side saw',
      a: delta(),
      b: delta({ events: { purchase: 3 } }),
      expect: { events: { page_view: 1, purchase: 3 } },
    },
    {
      name: 'adds tag outcomes and execution time, and takes in a tag new to the bucket',
      a: delta(),
      b: delta({
        tags: {
          GA4: { success: 0, failure: 1, timeout: 0, exception: 0, totalExecMs: 300, count: 1 },
          'Meta CAPI': { success: 0, failure: 0, timeout: 1, exception: 0, totalExecMs: 5000, count: 1 },
        },
      }),
      expect: {
        tags: {
          GA4: { success: 1, failure: 1, timeout: 0, exception: 0, totalExecMs: 400, count: 2 },
          'Meta CAPI': { success: 0, failure: 0, timeout: 1, exception: 0, totalExecMs: 5000, count: 1 },
        },
      },
    },
    {
      name: 'sums e-commerce quality counters',
      a: delta({ ecommerce: { total: 1, value: 1, currency: 1, transactionId: 0, items: 1 } }),
      b: delta({ ecommerce: { total: 2, value: 1, currency: 2, transactionId: 2, items: 0 } }),
      expect: { ecommerce: { total: 3, value: 2, currency: 3, transactionId: 2, items: 1 } },
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const merged = mergeBucketDelta(c.a, c.b);
      for (const [k, v] of Object.entries(c.expect)) {
        assert.deepEqual(merged[k as keyof BucketDelta], v, k);
      }
    });
  }

  test('leaves the added delta untouched, so a payload can be merged into several sums', () => {
    const b = delta();
    mergeBucketDelta(delta(), b);
    mergeBucketDelta(delta(), b);
    assert.deepEqual(b, delta());
  });
});
