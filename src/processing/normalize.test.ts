import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isJsonTextSafe } from './normalize.js';

describe('isJsonTextSafe', () => {
  const cases: [string, string, boolean][] = [
    ['a text without escapes', '{"message":"plain ascii and é and 😀"}', true],
    ['an escaped quote or newline', '{"a":"say \\"hi\\"\\n"}', true],
    ['an escape of an ordinary character', '{"a":"\\u00e9\\u0041"}', true],
    ['an escaped U+0000', '{"a":"x\\u0000y"}', false],
    ['an escaped lone high surrogate', '{"a":"\\ud800"}', false],
    ['an escaped surrogate in upper case', '{"a":"\\uDC00"}', false],
    ['an escaped surrogate pair (checked the slow way, though safe)', '{"a":"\\ud83d\\ude00"}', false],
    ['an escaped key', '{"\\u0000":1}', false],
    ['an escaped backslash before u0000 (a false alarm, never a miss)', '{"a":"\\\\u0000"}', false],
  ];
  for (const [name, text, expected] of cases) {
    test(`${expected ? 'trusts' : 'does not trust'} ${name}`, () => {
      assert.equal(isJsonTextSafe(text), expected);
    });
  }
});
