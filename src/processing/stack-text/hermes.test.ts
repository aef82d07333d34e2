import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StackFrame } from '../../protocol/event.js';
import { parseHermesFrame, parseHermesStack } from './hermes.js';
import type { ParsedException } from './parsed-stack.js';

const js = (frame: StackFrame): StackFrame => ({ ...frame, platform: 'javascript' });
const IOS_BUNDLE =
  '/private/var/containers/Bundle/Application/8A1B2C3D-0E4F-4A5B-9C6D-7E8F9A0B1C2D/Shop.app/main.jsbundle';

describe('parseHermesFrame', () => {
  const cases: { name: string; line: string; expected: StackFrame | undefined }[] = [
    {
      name: 'reads a bytecode frame and drops "address at"',
      line: '    at renderProfile (address at index.android.bundle:1:283741)',
      expected: js({ function: 'renderProfile', filename: 'index.android.bundle', lineno: 1, colno: 283741 }),
    },
    {
      name: 'reads an iOS bundle path as absolute',
      line: `    at onPress (address at ${IOS_BUNDLE}:1:91234)`,
      expected: js({
        function: 'onPress',
        filename: IOS_BUNDLE,
        abs_path: IOS_BUNDLE,
        lineno: 1,
        colno: 91234,
      }),
    },
    {
      name: 'reads a (native) frame as not in app',
      line: '    at forEach (native)',
      expected: js({ function: 'forEach', filename: 'native', in_app: false }),
    },
    {
      name: 'reads a dev-server frame with its query string',
      line: '    at ProfileScreen (http://10.0.2.2:8081/index.bundle?platform=android&dev=true&minify=false:112233:25)',
      expected: js({
        function: 'ProfileScreen',
        filename: 'http://10.0.2.2:8081/index.bundle?platform=android&dev=true&minify=false',
        abs_path: 'http://10.0.2.2:8081/index.bundle?platform=android&dev=true&minify=false',
        lineno: 112233,
        colno: 25,
      }),
    },
    {
      name: 'marks Hermes’ InternalBytecode.js polyfills as not in app',
      line: '    at apply (address at InternalBytecode.js:1:5000)',
      expected: js({
        function: 'apply',
        filename: 'InternalBytecode.js',
        lineno: 1,
        colno: 5000,
        in_app: false,
      }),
    },
    {
      name: 'refuses the error line',
      line: "TypeError: Cannot read property 'name' of undefined",
      expected: undefined,
    },
  ];
  for (const { name, line, expected } of cases)
    it(name, () => assert.deepEqual(parseHermesFrame(line), expected));
});

describe('parseHermesStack', () => {
  const cases: { name: string; text: string; expected: ParsedException[] }[] = [
    {
      name: 'reads a release Android crash with the crash frame last',
      text: [
        "TypeError: Cannot read property 'name' of undefined",
        '    at renderProfile (address at index.android.bundle:1:283741)',
        '    at forEach (native)',
        '    at callFunctionReturnFlushedQueue (address at index.android.bundle:1:44021)',
      ].join('\n'),
      expected: [
        {
          type: 'TypeError',
          value: "Cannot read property 'name' of undefined",
          frames: [
            js({
              function: 'callFunctionReturnFlushedQueue',
              filename: 'index.android.bundle',
              lineno: 1,
              colno: 44021,
            }),
            js({ function: 'forEach', filename: 'native', in_app: false }),
            js({ function: 'renderProfile', filename: 'index.android.bundle', lineno: 1, colno: 283741 }),
          ],
        },
      ],
    },
    {
      name: 'reads the one-space indentation the mobile SDK sends',
      text: 'Error: Network request failed\n at anonymous (address at index.android.bundle:1:998)',
      expected: [
        {
          type: 'Error',
          value: 'Network request failed',
          frames: [js({ function: 'anonymous', filename: 'index.android.bundle', lineno: 1, colno: 998 })],
        },
      ],
    },
  ];
  for (const { name, text, expected } of cases)
    it(name, () => assert.deepEqual(parseHermesStack(text), expected));
});
