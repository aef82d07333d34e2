import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { StackFrame } from '../../protocol/event.js';
import { parseCocoaStack } from './cocoa.js';
import { parseDotnetStack } from './dotnet.js';
import { parseGeckoStack } from './gecko.js';
import { parseGoStack } from './go.js';
import { parseHermesStack } from './hermes.js';
import { parseJavaStack } from './java.js';
import { parseJscStack } from './jsc.js';
import { MAX_EXCEPTIONS, MAX_FRAMES } from './limits.js';
import type { ParsedException } from './parsed-stack.js';
import { parseStackText } from './parse-stack-text.js';
import { parsePythonStack } from './python.js';
import { parseV8Stack } from './v8.js';

// Property tests: stack texts built line by line in each dialect from random parts (names with
// spaces and parentheses, Windows paths, URLs, numbers past 2^53), then spliced together. The
// dialect parsers are called directly, since parseStackText would swallow their exceptions.
// 30,000 inputs; the envelope parser and the normalizer have their own files.

const ident = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z_$][\w$]{0,10}$/) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '<anonymous>',
      'new Foo',
      'async f',
      'Object.<anonymous>',
      'a b (c)',
      'λ',
      '',
      ' ',
      '(',
      ')',
      '[0]',
      'f.g.h',
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
);
const path = fc.oneof(
  fc.constantFrom(
    '/app/src/x.js',
    'C:\\app\\x.cs',
    'https://cdn.example.com/a.min.js?v=1#x',
    'file:///Users/a/b.py',
    'node:internal/timers',
    'webpack://./src/a.ts',
    '[native code]',
    'native',
    'address at index.android.bundle',
    '<anonymous>',
    '',
  ),
  fc.string({ maxLength: 12 }),
);
const num = fc.oneof(
  fc.integer({ min: 0, max: 100_000 }).map(String),
  fc.constantFrom('0', '-1', '99999999999999999999999', '1e5', '', 'x', '0x1f'),
);
const hex = fc.oneof(
  fc.constantFrom('0x0000000100a2c0e4', '0x1d', '0x', '0xZZ'),
  fc.nat().map((n) => `0x${n.toString(16)}`),
);

const v8Line = fc.oneof(
  fc.tuple(ident, path, num, num).map(([f, p, l, c]) => `    at ${f} (${p}:${l}:${c})`),
  fc.tuple(path, num, num).map(([p, l, c]) => `    at ${p}:${l}:${c}`),
  fc
    .tuple(ident, ident, path, num)
    .map(([f, g, p, l]) => `    at eval (eval at ${f} (${p}:${l}:1), <anonymous>:1:${g.length})`),
  fc.tuple(ident).map(([f]) => `    at async ${f} (index 0)`),
);
const geckoLine = fc.tuple(ident, path, num, num).map(([f, p, l, c]) => `${f}@${p}:${l}:${c}`);
const jscLine = fc.oneof(
  geckoLine,
  fc.tuple(ident).map(([f]) => `${f}@[native code]`),
  fc.constant('global code@'),
);
const hermesLine = fc.tuple(ident, path, num, num).map(([f, p, l, c]) => `    at ${f} (${p}:${l}:${c})`);
const javaLine = fc.oneof(
  fc.tuple(ident, ident, ident, num).map(([p, c, m, l]) => `\tat ${p}.${c}.${m}(${c}.java:${l})`),
  fc.tuple(ident, ident).map(([c, m]) => `\tat ${c}.${m}(Native Method)`),
  fc.tuple(ident, ident).map(([t, v]) => `Caused by: java.lang.${t}: ${v}`),
  num.map((n) => `\t... ${n} more`),
);
const cocoaLine = fc.oneof(
  fc.tuple(num, ident, hex, ident, num).map(([i, img, a, f, o]) => `${i}   ${img}   ${a} ${f} + ${o}`),
  fc.tuple(num).map(([n]) => `Thread ${n} Crashed:`),
  fc.constant('Exception Type:  EXC_BAD_ACCESS (SIGSEGV)'),
);
const pythonLine = fc.oneof(
  fc.constant('Traceback (most recent call last):'),
  fc.tuple(path, num, ident).map(([p, l, f]) => `  File "${p}", line ${l}, in ${f}`),
  fc.tuple(ident, ident).map(([t, v]) => `${t}Error: ${v}`),
  fc.constant('During handling of the above exception, another exception occurred:'),
);
const dotnetLine = fc.oneof(
  fc.tuple(ident, ident, path, num).map(([c, m, p, l]) => `   at ${c}.${m}() in ${p}:line ${l}`),
  fc.tuple(ident, ident).map(([c, m]) => `   at ${c}.${m}(String s, Int32 n)`),
  fc.constant('   --- End of inner exception stack trace ---'),
  fc.tuple(ident, ident).map(([t, v]) => ` ---> System.${t}: ${v}`),
);
const goLine = fc.oneof(
  fc.tuple(num).map(([n]) => `goroutine ${n} [running]:`),
  fc.tuple(ident, ident).map(([p, f]) => `${p}.${f}(0x1, 0x2)`),
  fc.tuple(path, num, hex).map(([p, l, a]) => `\t${p}:${l} +${a}`),
  fc.tuple(ident).map(([v]) => `panic: ${v}`),
);
const header = fc.tuple(ident, fc.string({ maxLength: 20 })).map(([t, v]) => `${t}: ${v}`);
const noise = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom('', ' ', '\t', '{', '}'),
);

/** A text of header, dialect lines and noise, joined by one of the newline conventions. */
function stackText(line: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.option(header, { nil: undefined }),
      fc.array(fc.oneof({ weight: 6, arbitrary: line }, { weight: 1, arbitrary: noise }), { maxLength: 12 }),
      fc.constantFrom('\n', '\r\n', '\r'),
    )
    .map(([head, lines, eol]) => [...(head === undefined ? [] : [head]), ...lines].join(eol));
}

const DIALECTS: [string, (text: string) => ParsedException[], fc.Arbitrary<string>][] = [
  ['v8', parseV8Stack, v8Line],
  ['gecko', parseGeckoStack, geckoLine],
  ['jsc', parseJscStack, jscLine],
  ['hermes', parseHermesStack, hermesLine],
  ['java', parseJavaStack, javaLine],
  ['cocoa', parseCocoaStack, cocoaLine],
  ['python', parsePythonStack, pythonLine],
  ['dotnet', parseDotnetStack, dotnetLine],
  ['go', parseGoStack, goLine],
];

const TEXT_FIELDS = [
  'filename',
  'abs_path',
  'module',
  'package',
  'function',
  'raw_function',
  'instruction_addr',
];

/** Frames as Sentry defines them: string fields are strings, line numbers positive safe integers. */
function assertFrame(frame: StackFrame): void {
  for (const k of TEXT_FIELDS) {
    const v = frame[k];
    if (v !== undefined) assert.equal(typeof v, 'string', `${k} is ${typeof v}`);
  }
  for (const k of ['lineno', 'colno'] as const) {
    const v = frame[k];
    if (v !== undefined) assert.ok(Number.isSafeInteger(v) && v >= 0, `${k} is ${v}`);
  }
}

describe('stack parsers on generated dialect text', () => {
  for (const [name, parse, line] of DIALECTS) {
    test(`${name} reads any mix of its lines and noise without throwing`, () => {
      fc.assert(
        fc.property(stackText(line), (text) => {
          for (const exception of parse(text)) {
            assert.ok(Array.isArray(exception.frames));
            exception.frames.forEach(assertFrame);
          }
        }),
        { numRuns: 2_000 },
      );
    });
  }

  test('parseStackText reads lines of every dialect mixed, within the frame and exception caps', () => {
    const anyLine = fc.oneof(...DIALECTS.map(([, , line]) => line));
    const platform = fc.constantFrom(
      undefined,
      'node',
      'javascript',
      'java',
      'cocoa',
      'python',
      'csharp',
      'go',
      'other',
    );
    fc.assert(
      fc.property(stackText(anyLine), platform, (text, hint) => {
        const parsed = parseStackText(text, hint === undefined ? undefined : { platform: hint });
        assert.ok(parsed.exceptions.length <= MAX_EXCEPTIONS);
        for (const exception of parsed.exceptions) {
          assert.ok(exception.frames.length <= MAX_FRAMES);
          exception.frames.forEach(assertFrame);
        }
      }),
      { numRuns: 12_000 },
    );
  });
});
