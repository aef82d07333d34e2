import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FailureThrottle } from './throttle.js';

describe('FailureThrottle', () => {
  test('lets a key try until it has failed the maximum number of times in the window', () => {
    const t = new FailureThrottle(3, 60);
    for (let i = 0; i < 2; i++) t.recordFailure('a', 100 + i);
    assert.equal(t.retryAfter('a', 102), 0);
    t.recordFailure('a', 102);
    assert.equal(t.retryAfter('a', 103), 57);
  });

  test('forgets failures older than the window', () => {
    const t = new FailureThrottle(2, 10);
    t.recordFailure('a', 0);
    t.recordFailure('a', 1);
    assert.ok(t.retryAfter('a', 5) > 0);
    assert.equal(t.retryAfter('a', 12), 0);
  });

  test('keeps keys apart and resets one on success', () => {
    const t = new FailureThrottle(1, 60);
    t.recordFailure('a', 0);
    assert.equal(t.retryAfter('b', 1), 0);
    t.reset('a');
    assert.equal(t.retryAfter('a', 1), 0);
  });
});
