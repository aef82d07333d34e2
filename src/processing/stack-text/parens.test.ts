import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { closingParen, openingParen } from './parens.js';

describe('openingParen', () => {
  const cases: { name: string; s: string; expected: number }[] = [
    { name: 'finds the group that ends the string', s: 'fn (x.js:1:2)', expected: 3 },
    { name: 'skips balanced groups inside', s: 'fn (C:\\Program Files (x86)\\x.js:1:2)', expected: 3 },
    {
      name: 'finds Go argument lists with nested braces',
      s: 'panic({0x4a1b20?, 0xc000012345?})',
      expected: 5,
    },
    { name: 'is -1 when the string does not end with )', s: 'fn (x.js:1:2', expected: -1 },
    { name: 'is -1 when the parentheses do not balance', s: 'x.js:1:2))', expected: -1 },
  ];
  for (const { name, s, expected } of cases) it(name, () => assert.equal(openingParen(s), expected));
});

describe('closingParen', () => {
  const cases: { name: string; s: string; open: number; expected: number }[] = [
    { name: 'finds the balancing parenthesis', s: 'eval at f (a (b) c), x', open: 10, expected: 18 },
    { name: 'is -1 when it never closes', s: 'eval at f (a (b', open: 10, expected: -1 },
  ];
  for (const { name, s, open, expected } of cases)
    it(name, () => assert.equal(closingParen(s, open), expected));
});
