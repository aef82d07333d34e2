import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { generateAppKey, generateIngestToken, LOOKUP_PREFIX_LENGTH } from './ingest-tokens.js';

describe('ingest token values', () => {
  test('a token is pio_live_ and 48 base62 characters, which the mobile SDK accepts', () => {
    for (let i = 0; i < 200; i++) {
      const token = generateIngestToken();
      assert.match(token, /^pio_live_[0-9A-Za-z]{48}$/);
      // The SDK's validateToken refuses placeholders.
      assert.doesNotMatch(token, /xxx|yyy|todo|fixme|replace|changeme/i);
    }
  });

  test('two tokens differ, and so do their lookup prefixes most of the time', () => {
    const tokens = Array.from({ length: 100 }, generateIngestToken);
    assert.equal(new Set(tokens).size, 100);
    assert.ok(new Set(tokens.map((t) => t.slice(0, LOOKUP_PREFIX_LENGTH))).size > 90);
  });

  const keys: [string, RegExp][] = [
    ['web', /^web_[0-9A-Za-z]{32}$/],
    ['Mini Program', /^miniprogram_[0-9A-Za-z]{32}$/],
    ['!!!', /^project_[0-9A-Za-z]{32}$/],
  ];
  for (const [type, want] of keys) {
    test(`an app key of type "${type}" reads ${want}`, () => assert.match(generateAppKey(type), want));
  }
});
