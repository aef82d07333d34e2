import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StackFrame } from '../../protocol/event.js';
import { parseGeckoFrame, parseGeckoStack } from './gecko.js';
import type { ParsedException } from './parsed-stack.js';

const js = (frame: StackFrame): StackFrame => ({ ...frame, platform: 'javascript' });
const APP = 'https://shop.example.com/static/js/main.4f2a1c.js';

describe('parseGeckoFrame', () => {
  const cases: { name: string; line: string; expected: StackFrame | undefined }[] = [
    {
      name: 'reads a named frame',
      line: `ProductList@${APP}:2:10234`,
      expected: js({ function: 'ProductList', filename: APP, abs_path: APP, lineno: 2, colno: 10234 }),
    },
    {
      name: 'reads an anonymous frame',
      line: `@${APP}:50:1`,
      expected: js({ filename: APP, abs_path: APP, lineno: 50, colno: 1 }),
    },
    {
      name: 'keeps SpiderMonkey’s nested-function name',
      line: `setup/</<@${APP}:44:19`,
      expected: js({ function: 'setup/</<', filename: APP, abs_path: APP, lineno: 44, colno: 19 }),
    },
    {
      name: 'drops the async* marker of an awaited frame',
      line: `async*loadCart@${APP}:61:7`,
      expected: js({ function: 'loadCart', filename: APP, abs_path: APP, lineno: 61, colno: 7 }),
    },
    {
      name: 'drops a promise callback* cause without a function',
      line: `promise callback*@${APP}:70:3`,
      expected: js({ filename: APP, abs_path: APP, lineno: 70, colno: 3 }),
    },
    {
      name: 'points an eval frame at the eval call site',
      line: 'evalFn@https://example.com/app.js line 10 > eval:1:7',
      expected: js({
        function: 'evalFn',
        filename: 'https://example.com/app.js',
        abs_path: 'https://example.com/app.js',
        lineno: 10,
      }),
    },
    {
      name: 'points a new Function frame at its call site',
      line: '@https://example.com/app.js line 12 > Function:2:3',
      expected: js({
        filename: 'https://example.com/app.js',
        abs_path: 'https://example.com/app.js',
        lineno: 12,
      }),
    },
    {
      name: 'drops the call arguments old Firefox printed',
      line: 'login("bob",3)@https://example.com/old.js:10',
      expected: js({
        function: 'login',
        filename: 'https://example.com/old.js',
        abs_path: 'https://example.com/old.js',
        lineno: 10,
      }),
    },
    {
      name: 'refuses an email address in a message',
      line: 'Invalid recipient bob@example.com',
      expected: undefined,
    },
    { name: 'refuses a V8 frame', line: '    at f (https://example.com/app.js:1:1)', expected: undefined },
  ];
  for (const { name, line, expected } of cases)
    it(name, () => assert.deepEqual(parseGeckoFrame(line), expected));
});

describe('parseGeckoStack', () => {
  const cases: { name: string; text: string; expected: ParsedException[] }[] = [
    {
      name: 'reads a bare Firefox error.stack (no message line) with the crash frame last',
      text: [`ProductList@${APP}:2:10234`, `renderWithHooks@${APP}:2:61512`, ''].join('\n'),
      expected: [
        {
          frames: [
            js({ function: 'renderWithHooks', filename: APP, abs_path: APP, lineno: 2, colno: 61512 }),
            js({ function: 'ProductList', filename: APP, abs_path: APP, lineno: 2, colno: 10234 }),
          ],
        },
      ],
    },
    {
      name: 'reads a message line a client prepended',
      text: `TypeError: can't access property "map", data is undefined\nProductList@${APP}:2:10234`,
      expected: [
        {
          type: 'TypeError',
          value: `can't access property "map", data is undefined`,
          frames: [js({ function: 'ProductList', filename: APP, abs_path: APP, lineno: 2, colno: 10234 })],
        },
      ],
    },
  ];
  for (const { name, text, expected } of cases)
    it(name, () => assert.deepEqual(parseGeckoStack(text), expected));
});
