import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { crashFreeRate, healthBand, summarizeRelease } from './release-health.js';

describe('release health', () => {
  const rates: [number, number, number | null][] = [
    [0, 0, null],
    [100, 0, 100],
    [100, 1, 99],
    [3, 1, 66.6667],
    [1000, 37, 96.3],
  ];
  for (const [total, crashed, want] of rates) {
    test(`rates ${crashed} crashed of ${total} as ${want}`, () =>
      assert.equal(crashFreeRate(total, crashed), want));
  }

  const bands: [number | null, string | null][] = [
    [100, 'green'],
    [99, 'green'],
    [98.99, 'yellow'],
    [95, 'yellow'],
    [94.99, 'red'],
    [null, null],
  ];
  for (const [rate, want] of bands) {
    test(`bands ${rate} as ${want}`, () => assert.equal(healthBand(rate), want));
  }

  test('summarizes counts, banding by crash-free users', () => {
    const h = summarizeRelease({
      release: '1.0',
      sessions: 10,
      errored: 2,
      abnormal: 1,
      crashed: 1,
      users: 4,
      crashedUsers: 1,
    });
    assert.deepEqual(h.sessions, { total: 10, healthy: 6, errored: 2, abnormal: 1, crashed: 1 });
    assert.equal(h.crashFreeSessions, 90);
    assert.equal(h.crashFreeUsers, 75);
    assert.equal(h.band, 'red');
  });

  test('bands by crash-free sessions when no session names its user', () => {
    const h = summarizeRelease({
      release: null,
      sessions: 200,
      errored: 0,
      abnormal: 0,
      crashed: 5,
      users: 0,
      crashedUsers: 0,
    });
    assert.equal(h.crashFreeUsers, null);
    assert.equal(h.band, 'yellow');
  });
});
