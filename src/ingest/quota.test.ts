import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { QuotaCounter } from './quota.js';

describe('QuotaCounter', () => {
  test('allows up to the limit in a window, then answers the seconds left in it', () => {
    const q = new QuotaCounter();
    for (let i = 0; i < 3; i++) {
      assert.equal(q.retryAfter('k', 3, 60, 1, 120), 0);
      q.consume('k', 60, 1, 120);
    }
    assert.equal(q.retryAfter('k', 3, 60, 1, 150), 30);
  });

  test('starts a fresh window when the old one ends', () => {
    const q = new QuotaCounter();
    q.consume('k', 60, 5, 100);
    assert.ok(q.retryAfter('k', 5, 60, 1, 110) > 0);
    assert.equal(q.retryAfter('k', 5, 60, 1, 180), 0);
  });

  test('counts keys separately and refuses a batch that does not fit', () => {
    const q = new QuotaCounter();
    q.consume('a', 60, 9, 0);
    assert.equal(q.retryAfter('b', 10, 60, 1, 0), 0);
    assert.ok(q.retryAfter('a', 10, 60, 2, 0) > 0);
  });
});
