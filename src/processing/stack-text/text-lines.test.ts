import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { indentOf, splitLines } from './text-lines.js';

describe('splitLines', () => {
  const cases: { name: string; text: string; expected: string[] }[] = [
    { name: 'splits on \\n', text: 'a\nb', expected: ['a', 'b'] },
    {
      name: 'splits Windows \\r\\n without leaving \\r behind',
      text: 'a\r\nb\r\n',
      expected: ['a', 'b', ''],
    },
    { name: 'splits old Mac \\r', text: 'a\rb', expected: ['a', 'b'] },
    { name: 'keeps a text without line breaks whole', text: 'Error: boom', expected: ['Error: boom'] },
    { name: 'keeps empty lines', text: 'a\n\nb', expected: ['a', '', 'b'] },
  ];
  for (const { name, text, expected } of cases) it(name, () => assert.deepEqual(splitLines(text), expected));
});

describe('indentOf', () => {
  const cases: { name: string; line: string; expected: number }[] = [
    { name: 'counts a tab as one', line: '\tat a.B.c(B.java:1)', expected: 1 },
    { name: 'counts spaces', line: '    at f (x.js:1:1)', expected: 4 },
    { name: 'is zero for an unindented line', line: 'Caused by: x.Y', expected: 0 },
    { name: 'is the whole length for a blank line', line: '   ', expected: 3 },
  ];
  for (const { name, line, expected } of cases) it(name, () => assert.equal(indentOf(line), expected));
});
