import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { chunkSizes } from './bulk-sql.js';

describe('chunkSizes', () => {
  const cases: [number, number[]][] = [
    [0, []],
    [1, [1]],
    [7, [4, 2, 1]],
    [200, [128, 64, 8]],
    [256, [256]],
    [600, [256, 256, 64, 16, 8]],
  ];
  for (const [rows, sizes] of cases) {
    test(`splits ${rows} rows into ${sizes.join(' + ') || 'nothing'}`, () => {
      assert.deepEqual(chunkSizes(rows), sizes);
      assert.equal(
        sizes.reduce((a, b) => a + b, 0),
        rows,
      );
    });
  }
});
