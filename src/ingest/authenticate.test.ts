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

/** A key cache over a database that gives `answers` in turn (its caching rules: answer-cache.test.ts). */
const lookupWith = (answers: (IngestKey | undefined | Error)[]) => {
  let asked = 0;
  // Never fresh: every lookup asks, so each answer below is the database's (or the fallback's).
  const cache = new KeyCache(0, () => 0);
  return () =>
    cache.lookup('abc', async () => {
      const answer = answers[Math.min(asked++, answers.length - 1)];
      if (answer instanceof Error) throw answer;
      return answer;
    });
};

describe('KeyCache', () => {
  test('parses the project settings once, with the answer', async () => {
    const known = await lookupWith([KEY])();
    assert.equal(known?.authorized.settings.rateLimitPerMinute, 10);
  });

  test('answers an unknown key as unknown', async () => {
    assert.equal(await lookupWith([undefined])(), undefined);
  });

  test('keeps the last answer while the database cannot be reached', async () => {
    const lookup = lookupWith([KEY, new Error('connection refused')]);
    await lookup();
    assert.equal((await lookup())?.isActive, true);
  });

  test('answers 503 for a key it never saw while the database cannot be reached', async () => {
    await assert.rejects(lookupWith([new Error('connection refused')])(), { status: 503 });
  });
});
