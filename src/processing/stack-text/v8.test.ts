import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StackFrame } from '../../protocol/event.js';
import type { ParsedException } from './parsed-stack.js';
import { parseV8Frame, parseV8Stack } from './v8.js';

const js = (frame: StackFrame): StackFrame => ({ ...frame, platform: 'javascript' });

describe('parseV8Frame', () => {
  const cases: { name: string; line: string; expected: StackFrame | undefined }[] = [
    {
      name: 'reads a named frame with a path',
      line: '    at getUser (/app/src/users.js:12:18)',
      expected: js({
        function: 'getUser',
        filename: '/app/src/users.js',
        abs_path: '/app/src/users.js',
        lineno: 12,
        colno: 18,
      }),
    },
    {
      name: 'reads a frame without a function name',
      line: '    at https://shop.example.com/static/js/main.4f2a1c.js:2:10234',
      expected: js({
        filename: 'https://shop.example.com/static/js/main.4f2a1c.js',
        abs_path: 'https://shop.example.com/static/js/main.4f2a1c.js',
        lineno: 2,
        colno: 10234,
      }),
    },
    {
      name: 'reads Object.<anonymous> as the function name',
      line: '    at Object.<anonymous> (/app/index.js:3:9)',
      expected: js({
        function: 'Object.<anonymous>',
        filename: '/app/index.js',
        abs_path: '/app/index.js',
        lineno: 3,
        colno: 9,
      }),
    },
    {
      name: 'keeps new in a constructor call',
      line: '    at new UserService (/app/src/services/user.js:8:11)',
      expected: js({
        function: 'new UserService',
        filename: '/app/src/services/user.js',
        abs_path: '/app/src/services/user.js',
        lineno: 8,
        colno: 11,
      }),
    },
    {
      name: 'drops async from an await boundary',
      line: '    at async handler (file:///app/src/server.mjs:40:5)',
      expected: js({
        function: 'handler',
        filename: 'file:///app/src/server.mjs',
        abs_path: 'file:///app/src/server.mjs',
        lineno: 40,
        colno: 5,
      }),
    },
    {
      name: 'keeps the [as alias] V8 prints for a renamed method',
      line: '    at Function.executeUserEntryPoint [as runMain] (node:internal/modules/run_main:86:12)',
      expected: js({
        function: 'Function.executeUserEntryPoint [as runMain]',
        filename: 'node:internal/modules/run_main',
        abs_path: 'node:internal/modules/run_main',
        lineno: 86,
        colno: 12,
        in_app: false,
      }),
    },
    {
      name: 'marks node:internal frames as not in app',
      line: '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
      expected: js({
        function: 'process.processTicksAndRejections',
        filename: 'node:internal/process/task_queues',
        abs_path: 'node:internal/process/task_queues',
        lineno: 95,
        colno: 5,
        in_app: false,
      }),
    },
    {
      name: 'marks pre-Node 16 internal/ frames as not in app',
      line: '    at Module._compile (internal/modules/cjs/loader.js:1137:30)',
      expected: js({
        function: 'Module._compile',
        filename: 'internal/modules/cjs/loader.js',
        lineno: 1137,
        colno: 30,
        in_app: false,
      }),
    },
    {
      name: 'reads an unnamed node:internal frame',
      line: '    at node:internal/main/run_main_module:23:47',
      expected: js({
        filename: 'node:internal/main/run_main_module',
        abs_path: 'node:internal/main/run_main_module',
        lineno: 23,
        colno: 47,
        in_app: false,
      }),
    },
    {
      name: 'reads a builtin <anonymous> frame as not in app',
      line: '    at new Promise (<anonymous>)',
      expected: js({ function: 'new Promise', filename: '<anonymous>', in_app: false }),
    },
    {
      name: 'reads old V8’s (native) builtin frame as not in app',
      line: '    at Array.forEach (native)',
      expected: js({ function: 'Array.forEach', filename: 'native', in_app: false }),
    },
    {
      name: 'reads Promise.all’s (index 0) frame without a file',
      line: '    at async Promise.all (index 0)',
      expected: js({ function: 'Promise.all', in_app: false }),
    },
    {
      name: 'reads console code at <anonymous> with a position as an ordinary frame',
      line: '    at <anonymous>:1:7',
      expected: js({ filename: '<anonymous>', lineno: 1, colno: 7 }),
    },
    {
      name: 'points an eval frame at the eval call site',
      line: '    at eval (eval at <anonymous> (https://example.com/app.js:10:5), <anonymous>:1:7)',
      expected: js({
        function: 'eval',
        filename: 'https://example.com/app.js',
        abs_path: 'https://example.com/app.js',
        lineno: 10,
        colno: 5,
      }),
    },
    {
      name: 'unwraps nested evals to the outermost call site',
      line: '    at eval (eval at run (eval at load (https://example.com/app.js:3:1), <anonymous>:2:2), <anonymous>:1:1)',
      expected: js({
        function: 'eval',
        filename: 'https://example.com/app.js',
        abs_path: 'https://example.com/app.js',
        lineno: 3,
        colno: 1,
      }),
    },
    {
      name: 'reads a webpack-internal URL',
      line: '    at eval (webpack-internal:///./src/components/Cart.jsx:42:13)',
      expected: js({
        function: 'eval',
        filename: 'webpack-internal:///./src/components/Cart.jsx',
        abs_path: 'webpack-internal:///./src/components/Cart.jsx',
        lineno: 42,
        colno: 13,
      }),
    },
    {
      name: 'reads a Windows path with parentheses in it',
      line: '    at main (C:\\Program Files (x86)\\app\\index.js:7:3)',
      expected: js({
        function: 'main',
        filename: 'C:\\Program Files (x86)\\app\\index.js',
        abs_path: 'C:\\Program Files (x86)\\app\\index.js',
        lineno: 7,
        colno: 3,
      }),
    },
    {
      name: 'reads the last frame util.inspect follows with {',
      line: '    at async main (/app/src/index.js:6:3) {',
      expected: js({
        function: 'main',
        filename: '/app/src/index.js',
        abs_path: '/app/src/index.js',
        lineno: 6,
        colno: 3,
      }),
    },
    {
      name: 'accepts the single-space indentation some SDKs send',
      line: ' at render (app.js:1:2)',
      expected: js({ function: 'render', filename: 'app.js', lineno: 1, colno: 2 }),
    },
    {
      name: 'refuses a message line that starts with at',
      line: '  at least one item is required',
      expected: undefined,
    },
    {
      name: 'refuses a function with a location that is no position',
      line: '    at handler (somewhere)',
      expected: undefined,
    },
    {
      name: 'refuses the error line',
      line: "TypeError: Cannot read properties of undefined (reading 'id')",
      expected: undefined,
    },
    { name: 'refuses a Java frame', line: '\tat com.example.App.main(App.java:5)', expected: undefined },
  ];
  for (const { name, line, expected } of cases)
    it(name, () => assert.deepEqual(parseV8Frame(line), expected));
});

describe('parseV8Stack', () => {
  const cases: { name: string; text: string; expected: ParsedException[] }[] = [
    {
      name: 'reads a Chrome stack and puts the crash frame last',
      text: [
        "TypeError: Cannot read properties of undefined (reading 'map')",
        '    at ProductList (https://shop.example.com/static/js/main.4f2a1c.js:2:10234)',
        '    at renderWithHooks (https://shop.example.com/static/js/vendor.9b1e.js:2:61512)',
      ].join('\n'),
      expected: [
        {
          type: 'TypeError',
          value: "Cannot read properties of undefined (reading 'map')",
          frames: [
            js({
              function: 'renderWithHooks',
              filename: 'https://shop.example.com/static/js/vendor.9b1e.js',
              abs_path: 'https://shop.example.com/static/js/vendor.9b1e.js',
              lineno: 2,
              colno: 61512,
            }),
            js({
              function: 'ProductList',
              filename: 'https://shop.example.com/static/js/main.4f2a1c.js',
              abs_path: 'https://shop.example.com/static/js/main.4f2a1c.js',
              lineno: 2,
              colno: 10234,
            }),
          ],
        },
      ],
    },
    {
      name: 'skips Node’s source excerpt above an uncaught error and its version line below',
      text: [
        '/app/index.js:3',
        "  throw new Error('boom');",
        '  ^',
        '',
        'Error: boom',
        '    at Object.<anonymous> (/app/index.js:3:9)',
        '    at node:internal/main/run_main_module:23:47',
        '',
        'Node.js v18.19.0',
      ].join('\n'),
      expected: [
        {
          type: 'Error',
          value: 'boom',
          frames: [
            js({
              filename: 'node:internal/main/run_main_module',
              abs_path: 'node:internal/main/run_main_module',
              lineno: 23,
              colno: 47,
              in_app: false,
            }),
            js({
              function: 'Object.<anonymous>',
              filename: '/app/index.js',
              abs_path: '/app/index.js',
              lineno: 3,
              colno: 9,
            }),
          ],
        },
      ],
    },
    {
      name: 'keeps a message that runs over several lines',
      text: ['Error: Validation failed:', '  - email is required', '    at validate (/app/v.js:4:11)'].join(
        '\n',
      ),
      expected: [
        {
          type: 'Error',
          value: 'Validation failed:\n  - email is required',
          frames: [
            js({ function: 'validate', filename: '/app/v.js', abs_path: '/app/v.js', lineno: 4, colno: 11 }),
          ],
        },
      ],
    },
    {
      name: 'reads Node’s error code in brackets as part of the name line',
      text: [
        "Error [ERR_MODULE_NOT_FOUND]: Cannot find package 'express' imported from /app/server.mjs",
        '    at packageResolve (node:internal/modules/esm/resolve:844:9)',
      ].join('\n'),
      expected: [
        {
          type: 'Error',
          value: "Cannot find package 'express' imported from /app/server.mjs",
          frames: [
            js({
              function: 'packageResolve',
              filename: 'node:internal/modules/esm/resolve',
              abs_path: 'node:internal/modules/esm/resolve',
              lineno: 844,
              colno: 9,
              in_app: false,
            }),
          ],
        },
      ],
    },
    {
      name: 'drops Chrome console’s Uncaught (in promise) prefix',
      text: 'Uncaught (in promise) AbortError: The user aborted a request.\n    at fetchJson (https://example.com/app.js:5:9)',
      expected: [
        {
          type: 'AbortError',
          value: 'The user aborted a request.',
          frames: [
            js({
              function: 'fetchJson',
              filename: 'https://example.com/app.js',
              abs_path: 'https://example.com/app.js',
              lineno: 5,
              colno: 9,
            }),
          ],
        },
      ],
    },
    {
      name: 'reads Node’s [cause] as an earlier exception and skips inspect’s properties',
      text: [
        'Error: request failed',
        '    at fetchUser (/app/src/client.js:14:11)',
        '    at async main (/app/src/index.js:6:3) {',
        '  [cause]: Error: connect ECONNREFUSED 127.0.0.1:5432',
        '      at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16) {',
        '    errno: -111,',
        "    code: 'ECONNREFUSED',",
        '    port: 5432',
        '  }',
        '}',
      ].join('\n'),
      expected: [
        {
          type: 'Error',
          value: 'connect ECONNREFUSED 127.0.0.1:5432',
          frames: [
            js({
              function: 'TCPConnectWrap.afterConnect [as oncomplete]',
              filename: 'node:net',
              abs_path: 'node:net',
              lineno: 1555,
              colno: 16,
              in_app: false,
            }),
          ],
        },
        {
          type: 'Error',
          value: 'request failed',
          frames: [
            js({
              function: 'main',
              filename: '/app/src/index.js',
              abs_path: '/app/src/index.js',
              lineno: 6,
              colno: 3,
            }),
            js({
              function: 'fetchUser',
              filename: '/app/src/client.js',
              abs_path: '/app/src/client.js',
              lineno: 14,
              colno: 11,
            }),
          ],
        },
      ],
    },
    {
      name: 'keeps a header that names no error as the value',
      text: 'Something went wrong\n    at run (/app/x.js:1:1)',
      expected: [
        {
          value: 'Something went wrong',
          frames: [
            js({ function: 'run', filename: '/app/x.js', abs_path: '/app/x.js', lineno: 1, colno: 1 }),
          ],
        },
      ],
    },
    {
      name: 'reads a bare error name without a message',
      text: 'RangeError\n    at f (/app/x.js:1:1)',
      expected: [
        {
          type: 'RangeError',
          frames: [js({ function: 'f', filename: '/app/x.js', abs_path: '/app/x.js', lineno: 1, colno: 1 })],
        },
      ],
    },
    { name: 'returns nothing for an empty text', text: '', expected: [] },
  ];
  for (const { name, text, expected } of cases)
    it(name, () => assert.deepEqual(parseV8Stack(text), expected));
});
