import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { splitAtSignLine, type AtSignLineParts } from './at-sign-line.js';

describe('splitAtSignLine', () => {
  const cases: { name: string; line: string; expected: AtSignLineParts | undefined }[] = [
    {
      name: 'splits a named frame',
      line: 'render@https://example.com/app.js:10:5',
      expected: { fn: 'render', location: 'https://example.com/app.js:10:5' },
    },
    {
      name: 'leaves the function out of an anonymous frame',
      line: '@https://example.com/app.js:10:5',
      expected: { location: 'https://example.com/app.js:10:5' },
    },
    {
      name: 'splits at the first @ so scoped packages stay in the location',
      line: 'init@http://localhost:3000/node_modules/@scope/pkg/index.js:1:1',
      expected: { fn: 'init', location: 'http://localhost:3000/node_modules/@scope/pkg/index.js:1:1' },
    },
    {
      name: 'trims the indentation some loggers add',
      line: '    f@x.js:1:1',
      expected: { fn: 'f', location: 'x.js:1:1' },
    },
    { name: 'is undefined without an @', line: 'TypeError: x is undefined', expected: undefined },
  ];
  for (const { name, line, expected } of cases)
    it(name, () => assert.deepEqual(splitAtSignLine(line), expected));
});
