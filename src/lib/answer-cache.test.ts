import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AnswerCache } from './answer-cache.js';

type Source = string | undefined | Error;

/** A cache on a hand-driven clock, and a source that answers in turn and counts its questions. */
function setup(answers: Source[], maxKeys = 10) {
  let now = 0;
  let asked = 0;
  const cache = new AnswerCache<string>(1000, maxKeys, () => now);
  const ask = async () => {
    const answer = answers[Math.min(asked++, answers.length - 1)];
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return {
    cache,
    lookup: (key = 'k') => cache.lookup(key, ask),
    asked: () => asked,
    advance: (ms: number) => (now += ms),
  };
}

type Step = { advance: number } | 'invalidate' | 'lookup';

describe('AnswerCache', () => {
  const cases: [string, Source[], Step[], { asked: number; last: string | undefined }][] = [
    [
      'answers from memory while an answer is fresh',
      ['a', 'b'],
      ['lookup', { advance: 999 }, 'lookup'],
      { asked: 1, last: 'a' },
    ],
    [
      'asks again once an answer is a second old',
      ['a', 'b'],
      ['lookup', { advance: 1000 }, 'lookup'],
      {
        asked: 2,
        last: 'b',
      },
    ],
    [
      'asks again at once after an invalidation',
      ['a', 'b'],
      ['lookup', 'invalidate', 'lookup'],
      {
        asked: 2,
        last: 'b',
      },
    ],
    [
      'asks about an unknown key every time',
      [undefined, 'a'],
      ['lookup', 'lookup'],
      {
        asked: 2,
        last: 'a',
      },
    ],
    [
      'keeps the last answer while the source fails',
      ['a', new Error('connection refused')],
      ['lookup', { advance: 5000 }, 'lookup'],
      { asked: 2, last: 'a' },
    ],
    [
      'keeps knowing a key is unknown while the source fails',
      [undefined, new Error('connection refused')],
      ['lookup', 'lookup'],
      { asked: 2, last: undefined },
    ],
  ];
  for (const [name, answers, steps, expected] of cases) {
    test(name, async () => {
      const c = setup(answers);
      let last: string | undefined;
      for (const step of steps) {
        if (step === 'lookup') last = await c.lookup();
        else if (step === 'invalidate') c.cache.invalidate();
        else c.advance(step.advance);
      }
      assert.deepEqual({ asked: c.asked(), last }, expected);
    });
  }

  test('shares one question among concurrent lookups', async () => {
    const c = setup(['a']);
    assert.deepEqual(await Promise.all([c.lookup(), c.lookup(), c.lookup()]), ['a', 'a', 'a']);
    assert.equal(c.asked(), 1);
  });

  test('does not share a question asked before an invalidation', async () => {
    const c = setup(['before', 'after']);
    const early = c.lookup();
    c.cache.invalidate();
    assert.equal(await c.lookup(), 'after');
    assert.equal(await early, 'before');
    assert.equal(c.asked(), 2);
  });

  test("throws the source's error for a key it never answered", async () => {
    const c = setup([new Error('connection refused')]);
    await assert.rejects(c.lookup(), /connection refused/);
  });

  test('forgets the key asked longest ago beyond maxKeys', async () => {
    const c = setup(['a', 'b', 'c', new Error('down')], 2);
    await c.lookup('one');
    await c.lookup('two');
    await c.lookup('three');
    c.advance(1000);
    // 'two' is still known while the source is down; 'one' was forgotten.
    assert.equal(await c.lookup('two'), 'b');
    await assert.rejects(c.lookup('one'), /down/);
  });
});
