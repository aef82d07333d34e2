import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StackFrame } from '../../protocol/event.js';
import { buildFrame, pathFields } from './build-frame.js';

describe('buildFrame', () => {
  const cases: { name: string; fields: StackFrame; expected: StackFrame }[] = [
    {
      name: 'drops keys left undefined',
      fields: { function: 'f', lineno: undefined, in_app: undefined },
      expected: { function: 'f' },
    },
    {
      name: 'keeps false and zero',
      fields: { in_app: false, lineno: 0 },
      expected: { in_app: false, lineno: 0 },
    },
    { name: 'builds an empty frame from nothing', fields: {}, expected: {} },
  ];
  for (const { name, fields, expected } of cases)
    it(name, () => assert.deepEqual(buildFrame(fields), expected));
});

describe('pathFields', () => {
  const cases: { name: string; path: string; expected: StackFrame }[] = [
    {
      name: 'repeats an absolute path as abs_path',
      path: '/srv/app/main.py',
      expected: { filename: '/srv/app/main.py', abs_path: '/srv/app/main.py' },
    },
    {
      name: 'repeats a URL as abs_path',
      path: 'https://example.com/app.js',
      expected: { filename: 'https://example.com/app.js', abs_path: 'https://example.com/app.js' },
    },
    {
      name: 'gives a bare file name as filename only',
      path: 'MainActivity.kt',
      expected: { filename: 'MainActivity.kt' },
    },
  ];
  for (const { name, path, expected } of cases) it(name, () => assert.deepEqual(pathFields(path), expected));
});
