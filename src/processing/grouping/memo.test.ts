import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Memo } from './memo.js';

describe('Memo', () => {
  it('computes a value once and then remembers it', () => {
    const memo = new Memo<number>(10);
    let calls = 0;
    const compute = (): number => ++calls;
    assert.equal(memo.get('a', compute), 1);
    assert.equal(memo.get('a', compute), 1);
    assert.equal(calls, 1);
  });

  it('remembers undefined and null results too', () => {
    const memo = new Memo<string | null | undefined>(10);
    let calls = 0;
    memo.get('n', () => (calls++, null));
    memo.get('n', () => (calls++, null));
    memo.get('u', () => (calls++, undefined));
    memo.get('u', () => (calls++, undefined));
    assert.equal(calls, 2);
  });

  it('empties itself instead of growing past its bound', () => {
    const memo = new Memo<number>(3);
    for (const key of ['a', 'b', 'c', 'd']) memo.get(key, () => 0);
    assert.equal(memo.size, 1);
  });
});
