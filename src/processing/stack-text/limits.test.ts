import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StackFrame } from '../../protocol/event.js';
import { capExceptions, capFrames, MAX_EXCEPTIONS, MAX_FRAMES } from './limits.js';
import type { ParsedException } from './parsed-stack.js';

const framesNamed = (count: number): StackFrame[] =>
  Array.from({ length: count }, (_, i) => ({ function: `f${i}` }));
const names = (frames: StackFrame[]): unknown[] => frames.map((frame) => frame.function);

describe('capFrames', () => {
  const cases: { name: string; count: number; max: number; expected: string[] }[] = [
    { name: 'keeps a stack within the limit as it is', count: 3, max: 4, expected: ['f0', 'f1', 'f2'] },
    { name: 'keeps a stack exactly at the limit', count: 4, max: 4, expected: ['f0', 'f1', 'f2', 'f3'] },
    {
      name: 'drops frames from the middle, keeping both ends',
      count: 10,
      max: 4,
      expected: ['f0', 'f1', 'f8', 'f9'],
    },
    {
      name: 'gives the odd frame to the oldest end',
      count: 10,
      max: 5,
      expected: ['f0', 'f1', 'f2', 'f8', 'f9'],
    },
  ];
  for (const { name, count, max, expected } of cases) {
    it(name, () => assert.deepEqual(names(capFrames(framesNamed(count), max)), expected));
  }

  it('caps at Sentry’s 250 frames by default', () => {
    const capped = capFrames(framesNamed(300));
    assert.equal(capped.length, MAX_FRAMES);
    assert.deepEqual(names([capped[0] ?? {}, capped[124] ?? {}, capped[125] ?? {}, capped[249] ?? {}]), [
      'f0',
      'f124',
      'f175',
      'f299',
    ]);
  });
});

describe('capExceptions', () => {
  it('keeps the raised exception and its nearest causes when the chain is too long', () => {
    const chain: ParsedException[] = Array.from({ length: MAX_EXCEPTIONS + 5 }, (_, i) => ({
      type: `E${i}`,
      frames: [],
    }));
    const capped = capExceptions(chain);
    assert.equal(capped.length, MAX_EXCEPTIONS);
    assert.equal(capped[0]?.type, 'E5');
    assert.equal(capped.at(-1)?.type, `E${MAX_EXCEPTIONS + 4}`);
  });

  it('caps each exception’s frames', () => {
    const [capped] = capExceptions([{ type: 'E', frames: framesNamed(MAX_FRAMES + 1) }]);
    assert.equal(capped?.frames.length, MAX_FRAMES);
  });
});
