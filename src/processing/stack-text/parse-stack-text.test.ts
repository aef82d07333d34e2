import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseCocoaStack } from './cocoa.js';
import { detectFormat } from './detect-format.js';
import { parseDotnetStack } from './dotnet.js';
import { parseGeckoStack } from './gecko.js';
import { parseGoStack } from './go.js';
import { parseHermesStack } from './hermes.js';
import { parseJavaStack } from './java.js';
import { parseJscStack } from './jsc.js';
import { MAX_FRAMES } from './limits.js';
import { parseStackText, type ParsedStack, type StackFormat } from './parse-stack-text.js';
import { parsePythonStack } from './python.js';
import { parseV8Stack } from './v8.js';

/** What a test cares about in a parse: the format, and per exception its type and frame functions. */
function summarize(parsed: ParsedStack): { format: StackFormat; exceptions: string[] } {
  return {
    format: parsed.format,
    exceptions: parsed.exceptions.map(
      (exception) =>
        `${exception.type ?? '?'}: ${exception.frames.map((frame) => String(frame.function ?? frame.filename)).join(' > ')}`,
    ),
  };
}

describe('parseStackText', () => {
  const cases: { name: string; text: string; platform?: string; expected: ReturnType<typeof summarize> }[] = [
    {
      name: 'reads a Node stack, crash frame last',
      text: 'Error: boom\n    at inner (/app/x.js:2:3)\n    at outer (/app/x.js:6:1)',
      expected: { format: 'v8', exceptions: ['Error: outer > inner'] },
    },
    {
      name: 'reads a Firefox stack',
      text: 'inner@https://example.com/app.js:2:3\nouter/<@https://example.com/app.js:6:1',
      expected: { format: 'gecko', exceptions: ['?: outer/< > inner'] },
    },
    {
      name: 'reads a Safari stack on iOS',
      text: 'inner@https://example.com/app.js:2:3\nglobal code@https://example.com/app.js:6:1',
      platform: 'ios',
      expected: { format: 'jsc', exceptions: ['?: global code > inner'] },
    },
    {
      name: 'reads a Hermes stack from a React Native app',
      text: 'TypeError: x is undefined\n at inner (address at index.android.bundle:1:200)\n at outer (address at index.android.bundle:1:100)',
      platform: 'android',
      expected: { format: 'hermes', exceptions: ['TypeError: outer > inner'] },
    },
    {
      name: 'reads a Java chain, cause first',
      text: 'java.lang.RuntimeException: a\n\tat p.A.outer(A.java:1)\nCaused by: java.io.IOException: b\n\tat p.B.inner(B.java:2)\n\t... 1 more',
      expected: { format: 'java', exceptions: ['IOException: outer > inner', 'RuntimeException: outer'] },
    },
    {
      name: 'reads a .NET chain, inner exception first',
      text: 'System.Exception: a\n ---> System.IO.IOException: b\n   at P.B.Inner()\n   --- End of inner exception stack trace ---\n   at P.A.Outer()',
      platform: 'csharp',
      expected: { format: 'dotnet', exceptions: ['System.IO.IOException: Inner', 'System.Exception: Outer'] },
    },
    {
      name: 'reads a Python chain in printed order',
      text: 'Traceback (most recent call last):\n  File "a.py", line 1, in outer\nKeyError: 1\n\nDuring handling of the above exception, another exception occurred:\n\nTraceback (most recent call last):\n  File "a.py", line 3, in outer\n  File "a.py", line 5, in inner\nValueError: 2',
      expected: { format: 'python', exceptions: ['KeyError: outer', 'ValueError: outer > inner'] },
    },
    {
      name: 'reads a Go panic, crash frame last',
      text: 'panic: boom\n\ngoroutine 1 [running]:\nmain.inner(...)\n\t/app/main.go:3\nmain.main()\n\t/app/main.go:9 +0x1d',
      platform: 'go',
      expected: { format: 'go', exceptions: ['panic: main > inner'] },
    },
    {
      name: 'reads an Apple crash report, crash frame last',
      text: 'Exception Type:  EXC_BAD_ACCESS (SIGSEGV)\nThread 0 Crashed:\n0   MyApp   0x0000000100a2c0e4 crash + 68\n1   MyApp   0x0000000100a2b3c4 main + 52',
      platform: 'cocoa',
      expected: { format: 'cocoa', exceptions: ['EXC_BAD_ACCESS: main > crash'] },
    },
    {
      name: 'keeps the first line of a text no dialect reads as the value',
      text: '\n  Something went wrong, please retry  \nsecond line',
      expected: { format: 'unknown', exceptions: ['?: '] },
    },
    {
      name: 'tries the platform’s next dialect when the first reads nothing',
      text: 'TypeError: undefined is not an object',
      platform: 'ios',
      expected: { format: 'jsc', exceptions: ['TypeError: '] },
    },
    {
      name: 'falls back to the first line when the platform’s parser finds nothing',
      text: 'nothing to see here',
      platform: 'cocoa',
      expected: { format: 'unknown', exceptions: ['?: '] },
    },
    {
      name: 'returns no exceptions for a blank text',
      text: ' \n\t\n',
      expected: { format: 'unknown', exceptions: [] },
    },
  ];
  for (const { name, text, platform, expected } of cases) {
    it(name, () =>
      assert.deepEqual(
        summarize(parseStackText(text, platform === undefined ? undefined : { platform })),
        expected,
      ),
    );
  }

  it('keeps the first line, trimmed, as the value of an unknown text', () => {
    assert.deepEqual(parseStackText('\n  Something went wrong  \nmore'), {
      format: 'unknown',
      exceptions: [{ value: 'Something went wrong', frames: [] }],
    });
  });

  it('keeps 250 frames of a deeper stack, the oldest and the newest', () => {
    const lines = Array.from({ length: 400 }, (_, i) => `    at f${i} (/app/x.js:${i + 1}:1)`);
    const [exception] = parseStackText(
      `RangeError: Maximum call stack size exceeded\n${lines.join('\n')}`,
    ).exceptions;
    const names = exception?.frames.map((frame) => frame.function);
    assert.equal(names?.length, MAX_FRAMES);
    assert.deepEqual([names?.[0], names?.[124], names?.[125], names?.[249]], ['f399', 'f275', 'f124', 'f0']);
  });

  it('answers unknown for a value that is not a string', () => {
    assert.deepEqual(parseStackText(42 as unknown as string), { format: 'unknown', exceptions: [] });
  });
});

/** Every parser, called directly so that a throw is not hidden by parseStackText's safety net. */
const PARSERS: [string, (text: string) => unknown][] = [
  ['detectFormat', (text) => detectFormat(text)],
  ['v8', parseV8Stack],
  ['gecko', parseGeckoStack],
  ['jsc', parseJscStack],
  ['hermes', parseHermesStack],
  ['java', parseJavaStack],
  ['cocoa', parseCocoaStack],
  ['python', parsePythonStack],
  ['dotnet', parseDotnetStack],
  ['go', parseGoStack],
  ['parseStackText', (text) => parseStackText(text)],
];

// Pieces of every dialect, so random texts come close to real ones and reach the parsers' corners.
const TOKENS = [
  '\n',
  '\t',
  ' ',
  '    at ',
  'at ',
  '(',
  ')',
  ':',
  '1',
  '42',
  '0x1f',
  '@',
  '/',
  '\\',
  '.',
  'fn',
  'Error: ',
  'eval at ',
  '<anonymous>',
  'native',
  'address at ',
  'index.bundle',
  ' line 3 > eval',
  '[native code]',
  'global code',
  'Caused by: ',
  'Suppressed: ',
  '... 3 more',
  'a.B.c',
  '(A.java:1)',
  'Native Method',
  ' ---> ',
  '--- End of inner exception stack trace ---',
  ' in C:\\x.cs:line 4',
  'Traceback (most recent call last):',
  'File "x.py", line 2, in f',
  'During handling of the above exception, another exception occurred:',
  'panic: ',
  'goroutine 1 [running]:',
  ' +0x1d',
  'main.main()',
  '.go:',
  '0   App   0x0000000100a2c0e4 ',
  ' + 52',
  'Thread 0 Crashed:',
  'Exception Type:  ',
  'Fatal error: ',
  ': file ',
  ', line ',
  "'",
  '"',
  '[cause]: ',
  '{',
  '}',
];

describe('parsers on generated input', () => {
  for (const [name, parse] of PARSERS) {
    it(`${name} never throws on stack-like text`, () => {
      fc.assert(
        fc.property(fc.string({ unit: fc.constantFrom(...TOKENS), maxLength: 60 }), (text) => {
          parse(text);
        }),
        { numRuns: 1000 },
      );
    });
    it(`${name} never throws on arbitrary Unicode`, () => {
      fc.assert(
        fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
          parse(text);
        }),
        { numRuns: 300 },
      );
    });
  }

  it('parseStackText always returns frames within the cap and a known format', () => {
    const formats = new Set([
      'v8',
      'gecko',
      'jsc',
      'hermes',
      'java',
      'cocoa',
      'python',
      'dotnet',
      'go',
      'unknown',
    ]);
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...TOKENS), maxLength: 80 }),
        fc.constantFrom(undefined, 'java', 'ios', 'javascript'),
        (text, platform) => {
          const parsed = parseStackText(text, platform === undefined ? undefined : { platform });
          assert.ok(formats.has(parsed.format));
          for (const exception of parsed.exceptions) assert.ok(exception.frames.length <= MAX_FRAMES);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

const LONG = 100_000;
/** Lines built to make a backtracking regex or a rescanning loop blow up. */
const PATHOLOGICAL: [string, string][] = [
  ['open parentheses', `    at ${'('.repeat(LONG)}`],
  ['nested name groups', `    at ${'a ('.repeat(LONG / 3)}`],
  ['nested evals', `    at eval (${'eval at f ('.repeat(LONG / 11)}`],
  ['at signs', '@'.repeat(LONG)],
  ['colon-number runs', ':1'.repeat(LONG / 2)],
  ['digits without a colon', `x:${'1'.repeat(LONG)}`],
  ['Java name runs', `\tat ${'a.'.repeat(LONG / 2)}(`],
  ['Java header runs', `${'a.'.repeat(LONG / 2)}!`],
  ['.NET parameter runs', `   at A.B(${'String s, '.repeat(LONG / 10)}`],
  ['Python quotes', `  File "${'"'.repeat(LONG)}`],
  ['Python commas', `  File "${'", line 1, in '.repeat(LONG / 14)}`],
  ['Go brackets', `goroutine 1 ${'['.repeat(LONG)}`],
  ['Go arguments', `main.f(${'{0x1, '.repeat(LONG / 6)}`],
  ['Cocoa addresses', `0 ${' 0x1'.repeat(LONG / 4)}`],
  ['Cocoa spaces', `0 a${' '.repeat(LONG)}b`],
  ['Swift traps', `Fatal error: ${': file , line '.repeat(LONG / 14)}`],
  ['whitespace', ' \t'.repeat(LONG / 2)],
  ['many Java causes', 'Caused by: a.B: x\n\tat a.B.c(B.java:1)\n\t... 250 more\n'.repeat(LONG / 50)],
  ['many frames', '\tat a.B.c(B.java:1)\n'.repeat(LONG / 20)],
  [
    'many Python chains',
    'x\nDuring handling of the above exception, another exception occurred:\n'.repeat(LONG / 70),
  ],
];

describe('parsers on pathological 100 KB input', () => {
  for (const [label, text] of PATHOLOGICAL) {
    it(`read ${label} in linear time`, () => {
      for (const [name, parse] of PARSERS) {
        const started = performance.now();
        parse(text);
        const elapsed = performance.now() - started;
        assert.ok(elapsed < 1000, `${name} took ${Math.round(elapsed)} ms on ${label}`);
      }
    });
  }
});
