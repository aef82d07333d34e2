import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StackFrame } from '../../protocol/event.js';
import { buildJsFrame, parseJsErrorHeader, parseJsStack } from './js-stack.js';
import type { ParsedException } from './parsed-stack.js';

describe('parseJsErrorHeader', () => {
  const cases: { name: string; lines: string[]; expected: Omit<ParsedException, 'frames'> }[] = [
    {
      name: 'reads Name: message',
      lines: ['TypeError: x is not a function'],
      expected: { type: 'TypeError', value: 'x is not a function' },
    },
    {
      name: 'reads a namespaced name',
      lines: ['Prisma.PrismaClientKnownRequestError: Unique constraint failed'],
      expected: { type: 'Prisma.PrismaClientKnownRequestError', value: 'Unique constraint failed' },
    },
    { name: 'reads a name with an empty message', lines: ['Error:'], expected: { type: 'Error' } },
    { name: 'reads a bare error name', lines: ['DOMException'], expected: { type: 'DOMException' } },
    { name: 'does not take a bare word for a name', lines: ['boom'], expected: { value: 'boom' } },
    {
      name: 'does not take a path with a line for a name',
      lines: ['/app/index.js:3'],
      expected: { value: '/app/index.js:3' },
    },
    {
      name: 'starts at the first name line',
      lines: ['/app/index.js:3', '  throw err;', '  ^', '', 'Error: boom'],
      expected: { type: 'Error', value: 'boom' },
    },
    {
      name: 'drops Uncaught',
      lines: ['Uncaught ReferenceError: foo is not defined'],
      expected: { type: 'ReferenceError', value: 'foo is not defined' },
    },
    { name: 'is empty for blank lines', lines: ['', '  '], expected: {} },
  ];
  for (const { name, lines, expected } of cases)
    it(name, () => assert.deepEqual(parseJsErrorHeader(lines), expected));
});

describe('buildJsFrame', () => {
  const cases: { name: string; args: Parameters<typeof buildJsFrame>; expected: StackFrame }[] = [
    {
      name: 'fills Sentry’s JavaScript frame fields',
      args: ['f', { path: '/app/x.js', lineno: 1, colno: 2 }],
      expected: {
        function: 'f',
        filename: '/app/x.js',
        abs_path: '/app/x.js',
        lineno: 1,
        colno: 2,
        platform: 'javascript',
      },
    },
    {
      name: 'leaves out what it was not given',
      args: [undefined, undefined],
      expected: { platform: 'javascript' },
    },
    {
      name: 'sets in_app only when told',
      args: ['f', { path: 'native' }, false],
      expected: { function: 'f', filename: 'native', in_app: false, platform: 'javascript' },
    },
  ];
  for (const { name, args, expected } of cases)
    it(name, () => assert.deepEqual(buildJsFrame(...args), expected));
});

describe('parseJsStack', () => {
  // A toy dialect: a line `> name` is a frame; the assembly is what is under test.
  const toy = (line: string): StackFrame | undefined =>
    line.trim().startsWith('> ') ? { function: line.trim().slice(2) } : undefined;
  const cases: { name: string; text: string; expected: ParsedException[] }[] = [
    {
      name: 'reverses frames to oldest first',
      text: 'Error: x\n> inner\n> outer',
      expected: [{ type: 'Error', value: 'x', frames: [{ function: 'outer' }, { function: 'inner' }] }],
    },
    {
      name: 'puts nested causes before the errors they caused',
      text: 'Error: a\n> a1\n  [cause]: Error: b\n    > b1\n    [cause]: Error: c',
      expected: [
        { type: 'Error', value: 'c', frames: [] },
        { type: 'Error', value: 'b', frames: [{ function: 'b1' }] },
        { type: 'Error', value: 'a', frames: [{ function: 'a1' }] },
      ],
    },
    {
      name: 'skips lines after the frames that are not frames',
      text: 'Error: x\n> f\n  code: 42\n}',
      expected: [{ type: 'Error', value: 'x', frames: [{ function: 'f' }] }],
    },
    { name: 'returns nothing for a blank text', text: '\n \n', expected: [] },
  ];
  for (const { name, text, expected } of cases)
    it(name, () => assert.deepEqual(parseJsStack(text, toy), expected));
});
