import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compareReleases } from './release-order.js';

describe('compareReleases', () => {
  const cases: [string, string, number][] = [
    ['1.0.0', '1.0.0', 0],
    ['1.0.0', '1.0.1', -1],
    ['1.10.0', '1.9.0', 1],
    ['shop@2.0.0', 'shop@1.9.9', 1],
    ['v1.2', '1.2.0', 0],
    ['1.0.0-rc.1', '1.0.0', -1],
    ['1.0.0-rc.2', '1.0.0-rc.10', -1],
    ['1.0.0-alpha', '1.0.0-beta', -1],
    ['1.2.3.4', '1.2.3.5', -1],
  ];
  for (const [a, b, want] of cases) {
    test(`orders ${a} against ${b} as ${want}`, () => assert.equal(compareReleases(a, b), want));
  }

  test('falls back to first-seen time for names that are not versions', () => {
    const seen: Record<string, number> = { abc123: 10, def456: 20 };
    assert.equal(
      compareReleases('abc123', 'def456', (v) => seen[v]),
      -1,
    );
    assert.equal(
      compareReleases('def456', 'abc123', (v) => seen[v]),
      1,
    );
  });

  test('treats unorderable releases as equal, so a regression is never hidden', () => {
    assert.equal(compareReleases('abc', 'def'), 0);
  });
});
