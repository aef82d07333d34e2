import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StackFrame } from '../../protocol/event.js';
import type { ParsedException } from './parsed-stack.js';
import { parsePythonFrame, parsePythonStack } from './python.js';

const py = (path: string, lineno: number, fn: string | undefined, contextLine?: string): StackFrame => ({
  ...(fn === undefined ? {} : { function: fn }),
  filename: path,
  ...(path.startsWith('/') ? { abs_path: path } : {}),
  lineno,
  platform: 'python',
  ...(contextLine === undefined ? {} : { context_line: contextLine }),
});

describe('parsePythonFrame', () => {
  const cases: { name: string; line: string; expected: StackFrame | undefined }[] = [
    {
      name: 'reads file, line and function',
      line: '  File "/srv/app/main.py", line 8, in <module>',
      expected: py('/srv/app/main.py', 8, '<module>'),
    },
    {
      name: 'reads a frame without a function (SyntaxError)',
      line: '  File "/srv/app/broken.py", line 3',
      expected: py('/srv/app/broken.py', 3, undefined),
    },
    {
      name: 'reads a relative file',
      line: '  File "manage.py", line 22, in main',
      expected: py('manage.py', 22, 'main'),
    },
    {
      name: 'marks frozen standard-library frames as not in app',
      line: '  File "<frozen importlib._bootstrap>", line 1204, in _gcd_import',
      expected: {
        function: '_gcd_import',
        filename: '<frozen importlib._bootstrap>',
        lineno: 1204,
        in_app: false,
        platform: 'python',
      },
    },
    {
      name: 'reads a path with quotes and commas in it',
      line: '  File "/srv/my, "odd" app/x.py", line 2, in f',
      expected: py('/srv/my, "odd" app/x.py', 2, 'f'),
    },
    { name: 'refuses a source line', line: '    return a / b', expected: undefined },
    { name: 'refuses the exception line', line: 'ZeroDivisionError: division by zero', expected: undefined },
  ];
  for (const { name, line, expected } of cases)
    it(name, () => assert.deepEqual(parsePythonFrame(line), expected));
});

const SIMPLE = `Traceback (most recent call last):
  File "/srv/app/main.py", line 10, in <module>
    main()
  File "/srv/app/main.py", line 6, in main
    return divide(1, 0)
  File "/srv/app/main.py", line 2, in divide
    return a / b
           ~~^~~
ZeroDivisionError: division by zero`;

const CHAINED = `Traceback (most recent call last):
  File "/srv/app/settings.py", line 14, in load
    return json.loads(raw)
  File "/usr/lib/python3.11/json/decoder.py", line 355, in raw_decode
    raise JSONDecodeError("Expecting value", s, err.value) from None
json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)

The above exception was the direct cause of the following exception:

Traceback (most recent call last):
  File "/srv/app/main.py", line 8, in <module>
    settings = load_settings()
  File "/srv/app/settings.py", line 16, in load
    raise ConfigError("settings.json is not valid JSON") from exc
app.errors.ConfigError: settings.json is not valid JSON`;

const DURING_HANDLING = `ERROR:root:request failed
Traceback (most recent call last):
  File "/srv/app/cache.py", line 5, in get
    return store[key]
           ~~~~~^^^^^
KeyError: 'user:42'

During handling of the above exception, another exception occurred:

Traceback (most recent call last):
  File "/srv/app/cache.py", line 7, in get
    raise LookupError(f"{key} missing\\ntry warming the cache")
LookupError: user:42 missing
try warming the cache`;

describe('parsePythonStack', () => {
  const cases: { name: string; text: string; expected: ParsedException[] }[] = [
    {
      name: 'keeps frames in printed order (most recent call last) with their source lines',
      text: SIMPLE,
      expected: [
        {
          type: 'ZeroDivisionError',
          value: 'division by zero',
          frames: [
            py('/srv/app/main.py', 10, '<module>', 'main()'),
            py('/srv/app/main.py', 6, 'main', 'return divide(1, 0)'),
            py('/srv/app/main.py', 2, 'divide', 'return a / b'),
          ],
        },
      ],
    },
    {
      name: 'reads a direct-cause chain in printed order, the raised exception last, with modules apart',
      text: CHAINED,
      expected: [
        {
          type: 'JSONDecodeError',
          module: 'json.decoder',
          value: 'Expecting value: line 1 column 1 (char 0)',
          frames: [
            py('/srv/app/settings.py', 14, 'load', 'return json.loads(raw)'),
            py(
              '/usr/lib/python3.11/json/decoder.py',
              355,
              'raw_decode',
              'raise JSONDecodeError("Expecting value", s, err.value) from None',
            ),
          ],
        },
        {
          type: 'ConfigError',
          module: 'app.errors',
          value: 'settings.json is not valid JSON',
          frames: [
            py('/srv/app/main.py', 8, '<module>', 'settings = load_settings()'),
            py(
              '/srv/app/settings.py',
              16,
              'load',
              'raise ConfigError("settings.json is not valid JSON") from exc',
            ),
          ],
        },
      ],
    },
    {
      name: 'reads a during-handling chain, a logger line above and a message over two lines',
      text: DURING_HANDLING,
      expected: [
        {
          type: 'KeyError',
          value: "'user:42'",
          frames: [py('/srv/app/cache.py', 5, 'get', 'return store[key]')],
        },
        {
          type: 'LookupError',
          value: 'user:42 missing\ntry warming the cache',
          frames: [
            py('/srv/app/cache.py', 7, 'get', 'raise LookupError(f"{key} missing\\ntry warming the cache")'),
          ],
        },
      ],
    },
    {
      name: 'reads a SyntaxError whose frame has no function and a caret line',
      text: '  File "/srv/app/broken.py", line 3\n    def f(:\n          ^\nSyntaxError: invalid syntax',
      expected: [
        {
          type: 'SyntaxError',
          value: 'invalid syntax',
          frames: [py('/srv/app/broken.py', 3, undefined, 'def f(:')],
        },
      ],
    },
    {
      name: 'does not take CPython’s repeated-line note for source',
      text: `Traceback (most recent call last):
  File "/srv/app/r.py", line 2, in f
    return f()
  [Previous line repeated 996 more times]
RecursionError: maximum recursion depth exceeded`,
      expected: [
        {
          type: 'RecursionError',
          value: 'maximum recursion depth exceeded',
          frames: [py('/srv/app/r.py', 2, 'f', 'return f()')],
        },
      ],
    },
    {
      name: 'reads an exception with no message',
      text: 'Traceback (most recent call last):\n  File "x.py", line 1, in <module>\nKeyboardInterrupt',
      expected: [{ type: 'KeyboardInterrupt', frames: [py('x.py', 1, '<module>')] }],
    },
    { name: 'returns nothing for a blank text', text: '\n\n', expected: [] },
  ];
  for (const { name, text, expected } of cases)
    it(name, () => assert.deepEqual(parsePythonStack(text), expected));
});
