import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { IngestKey } from '../storage/projects.js';
import { KeyCache } from './authenticate.js';

const KEY: IngestKey = {
  projectId: 1,
  publicKey: 'abc',
  isActive: true,
  keyRateLimit: null,
  projectSettingsJson: '{"rateLimitPerMinute":10}',
};

/** A cache on a hand-driven clock, and a database that counts the questions it is asked. */
function setup(answers: (IngestKey | undefined | Error)[]) {
  let now = 0;
  let asked = 0;
  const cache = new KeyCache(1000, () => now);
  const ask = async () => {
    const answer = answers[Math.min(asked++, answers.length - 1)];
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return {
    cache,
    lookup: () => cache.lookup('abc', ask),
    asked: () => asked,
    advance: (ms: number) => (now += ms),
  };
}

describe('KeyCache', () => {
  test('asks the database once while an answer is fresh, and again once it is not', async () => {
    const c = setup([KEY]);
    await c.lookup();
    c.advance(999);
    await c.lookup();
    assert.equal(c.asked(), 1);
    c.advance(1);
    await c.lookup();
    assert.equal(c.asked(), 2);
  });

  test('parses the project settings once, with the answer', async () => {
    const known = await setup([KEY]).lookup();
    assert.equal(known?.authorized.settings.rateLimitPerMinute, 10);
  });

  test('asks again at once after an invalidation', async () => {
    const c = setup([KEY, { ...KEY, isActive: false }]);
    assert.equal((await c.lookup())?.isActive, true);
    c.cache.invalidate();
    assert.equal((await c.lookup())?.isActive, false);
  });

  test('asks about an unknown key every time', async () => {
    const c = setup([undefined, KEY]);
    assert.equal(await c.lookup(), undefined);
    assert.equal((await c.lookup())?.isActive, true);
  });

  test('shares one question among concurrent requests', async () => {
    const c = setup([KEY]);
    await Promise.all([c.lookup(), c.lookup(), c.lookup()]);
    assert.equal(c.asked(), 1);
  });

  test('keeps the last answer while the database cannot be reached', async () => {
    const c = setup([KEY, new Error('connection refused')]);
    await c.lookup();
    c.advance(5000);
    assert.equal((await c.lookup())?.isActive, true);
  });

  test('answers 503 for a key it never saw while the database cannot be reached', async () => {
    const c = setup([new Error('connection refused')]);
    await assert.rejects(c.lookup(), { status: 503 });
  });
});
