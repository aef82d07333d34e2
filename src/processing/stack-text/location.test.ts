import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAbsolutePath, splitLocation, toLineNumber, type Location } from './location.js';

describe('splitLocation', () => {
  const cases: { name: string; location: string; expected: Location }[] = [
    {
      name: 'reads a path with line and column',
      location: '/app/index.js:3:9',
      expected: { path: '/app/index.js', lineno: 3, colno: 9 },
    },
    {
      name: 'reads a path with a line only',
      location: 'App.java:12',
      expected: { path: 'App.java', lineno: 12 },
    },
    {
      name: 'keeps a URL port in the path',
      location: 'http://localhost:8081/index.bundle?platform=ios:120:33',
      expected: { path: 'http://localhost:8081/index.bundle?platform=ios', lineno: 120, colno: 33 },
    },
    {
      name: 'keeps a Windows drive letter in the path',
      location: 'C:\\app\\server.js:10:5',
      expected: { path: 'C:\\app\\server.js', lineno: 10, colno: 5 },
    },
    {
      name: 'is all path when there is no numeric tail',
      location: 'node:internal/x',
      expected: { path: 'node:internal/x' },
    },
    { name: 'is all path for a builtin', location: '<anonymous>', expected: { path: '<anonymous>' } },
    { name: 'does not take a bare number for a line', location: ':12', expected: { path: ':12' } },
    {
      name: 'rejects implausibly long line numbers',
      location: 'x.js:12345678901',
      expected: { path: 'x.js:12345678901' },
    },
    {
      name: 'does not take a line for a column',
      location: 'x.js:a:3',
      expected: { path: 'x.js:a', lineno: 3 },
    },
  ];
  for (const { name, location, expected } of cases)
    it(name, () => assert.deepEqual(splitLocation(location), expected));
});

describe('toLineNumber', () => {
  const cases: { digits: string; expected: number | undefined }[] = [
    { digits: '42', expected: 42 },
    { digits: '0', expected: 0 },
    { digits: '', expected: undefined },
    { digits: '4a', expected: undefined },
    { digits: '-1', expected: undefined },
    { digits: '1234567890', expected: undefined },
  ];
  for (const { digits, expected } of cases) {
    it(`reads ${JSON.stringify(digits)} as ${String(expected)}`, () =>
      assert.equal(toLineNumber(digits), expected));
  }
});

describe('isAbsolutePath', () => {
  const cases: { path: string; expected: boolean }[] = [
    { path: '/app/x.js', expected: true },
    { path: 'C:\\src\\File.cs', expected: true },
    { path: 'C:/src/main.go', expected: true },
    { path: '\\\\server\\share\\x.cs', expected: true },
    { path: 'https://example.com/app.js', expected: true },
    { path: 'webpack-internal:///./src/App.js', expected: true },
    { path: 'node:internal/modules/cjs/loader', expected: true },
    { path: 'App.java', expected: false },
    { path: 'index.android.bundle', expected: false },
    { path: '<anonymous>', expected: false },
    { path: 'internal/process/task_queues.js', expected: false },
  ];
  for (const { path, expected } of cases) {
    it(`says ${path} is ${expected ? '' : 'not '}absolute`, () =>
      assert.equal(isAbsolutePath(path), expected));
  }
});
