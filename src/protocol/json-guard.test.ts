import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isValidUtf8, jsonDepth } from './json-guard.js';

describe('jsonDepth', () => {
  const cases: [string, string, number][] = [
    ['a scalar', '42', 0],
    ['a flat object', '{"a":1}', 1],
    ['nested arrays', '[[[1]]]', 3],
    ['brackets inside strings', '{"a":"[[[{{{"}', 1],
    ['escaped quotes inside strings', '{"a":"\\"[[["}', 1],
    ['siblings', '{"a":[1],"b":{"c":[2]}}', 3],
    ['an escaped backslash before a closing quote', '{"a":"x\\\\","b":[1]}', 2],
    ['an escaped quote after an escaped backslash', '["\\\\\\"[[",[1]]', 2],
    ['an unterminated string', '[["abc', 2],
  ];
  for (const [name, text, want] of cases)
    test(`measures ${name}`, () => assert.equal(jsonDepth(Buffer.from(text)), want));

  test('measures a 100,000-deep document without recursion and stops early', () => {
    const deep = Buffer.from('['.repeat(100_000) + ']'.repeat(100_000));
    assert.equal(jsonDepth(deep), 100_000);
    assert.equal(jsonDepth(deep, 128), 129);
  });
});

describe('isValidUtf8', () => {
  test('accepts UTF-8 text, emoji included', () => assert.equal(isValidUtf8(Buffer.from('héllo 🎉')), true));
  test('refuses a lone continuation byte', () =>
    assert.equal(isValidUtf8(Buffer.from([0x61, 0x80, 0x62])), false));
  test('refuses an overlong encoding', () => assert.equal(isValidUtf8(Buffer.from([0xc0, 0xaf])), false));
});
