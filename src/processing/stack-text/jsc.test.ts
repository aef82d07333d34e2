import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StackFrame } from '../../protocol/event.js';
import { parseJscFrame, parseJscStack } from './jsc.js';
import type { ParsedException } from './parsed-stack.js';

const js = (frame: StackFrame): StackFrame => ({ ...frame, platform: 'javascript' });
const APP = 'https://shop.example.com/static/js/main.4f2a1c.js';

describe('parseJscFrame', () => {
  const cases: { name: string; line: string; expected: StackFrame | undefined }[] = [
    {
      name: 'reads a named frame',
      line: `ProductList@${APP}:2:10234`,
      expected: js({ function: 'ProductList', filename: APP, abs_path: APP, lineno: 2, colno: 10234 }),
    },
    {
      name: 'keeps global code as the function',
      line: `global code@${APP}:1:88`,
      expected: js({ function: 'global code', filename: APP, abs_path: APP, lineno: 1, colno: 88 }),
    },
    {
      name: 'keeps module code as the function',
      line: 'module code@https://example.com/app.mjs:3:1',
      expected: js({
        function: 'module code',
        filename: 'https://example.com/app.mjs',
        abs_path: 'https://example.com/app.mjs',
        lineno: 3,
        colno: 1,
      }),
    },
    {
      name: 'reads a named [native code] frame as not in app',
      line: 'map@[native code]',
      expected: js({ function: 'map', filename: '[native code]', in_app: false }),
    },
    {
      name: 'reads a bare [native code] frame as not in app',
      line: '[native code]',
      expected: js({ filename: '[native code]', in_app: false }),
    },
    {
      name: 'reads Safari’s bare location of an anonymous function',
      line: `${APP}:50:12`,
      expected: js({ filename: APP, abs_path: APP, lineno: 50, colno: 12 }),
    },
    {
      name: 'reads a React Native JavaScriptCore bundle frame',
      line: 'onPress@index.ios.bundle:1:45678',
      expected: js({ function: 'onPress', filename: 'index.ios.bundle', lineno: 1, colno: 45678 }),
    },
    {
      name: 'refuses a message line with a number in it',
      line: 'TypeError: expected 2 items',
      expected: undefined,
    },
    { name: 'refuses a word with a colon and number', line: 'retry:3', expected: undefined },
  ];
  for (const { name, line, expected } of cases)
    it(name, () => assert.deepEqual(parseJscFrame(line), expected));
});

describe('parseJscStack', () => {
  const cases: { name: string; text: string; expected: ParsedException[] }[] = [
    {
      name: 'reads a Safari stack with the crash frame last',
      text: [
        "TypeError: undefined is not an object (evaluating 'data.items')",
        `ProductList@${APP}:2:10234`,
        'map@[native code]',
        `global code@${APP}:1:88`,
      ].join('\n'),
      expected: [
        {
          type: 'TypeError',
          value: "undefined is not an object (evaluating 'data.items')",
          frames: [
            js({ function: 'global code', filename: APP, abs_path: APP, lineno: 1, colno: 88 }),
            js({ function: 'map', filename: '[native code]', in_app: false }),
            js({ function: 'ProductList', filename: APP, abs_path: APP, lineno: 2, colno: 10234 }),
          ],
        },
      ],
    },
  ];
  for (const { name, text, expected } of cases)
    it(name, () => assert.deepEqual(parseJscStack(text), expected));
});
