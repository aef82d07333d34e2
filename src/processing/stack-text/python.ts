import type { StackFrame } from '../../protocol/event.js';
import { buildFrame, pathFields } from './build-frame.js';
import { toLineNumber } from './location.js';
import type { ParsedException } from './parsed-stack.js';
import { indentOf, splitLines } from './text-lines.js';

const TRACEBACK = 'Traceback (most recent call last):';
// The lines CPython prints between the tracebacks of a chain (PEP 3134).
const CHAIN_SEPARATORS = new Set([
  'During handling of the above exception, another exception occurred:',
  'The above exception was the direct cause of the following exception:',
]);
// `File "/app/x.py", line 3, in f`; SyntaxError's frame has no `, in f`. Anchored, one greedy run.
const FILE_LINE = /^File "(.*)", line (\d+)(?:, in (.*))?$/;
// `requests.exceptions.ConnectionError: msg`; dotted identifiers, so this cannot backtrack.
const EXCEPTION_LINE = /^([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)(?::(?: ([\s\S]*))?)?$/;
const REPEATED = '[Previous line repeated ';
// Python 3.11+ underlines the failing expression (`~~~^^^`); SyntaxError points with `^`.
const CARETS = /^[\s~^]+$/;

/** Reads `  File "x.py", line 3, in f` into a frame, or undefined. */
export function parsePythonFrame(line: string): StackFrame | undefined {
  const match = FILE_LINE.exec(line.trim());
  if (match === null) return undefined;
  const path = match[1] ?? '';
  return buildFrame({
    function: match[3],
    ...pathFields(path),
    lineno: toLineNumber(match[2] ?? ''),
    // `<frozen importlib._bootstrap>` is the standard library compiled into the interpreter.
    in_app: path.startsWith('<frozen ') ? false : undefined,
    platform: 'python',
  });
}

/** `ValueError: msg` → type and value; `requests.exceptions.ConnectionError` keeps its module apart. */
function parseExceptionText(text: string): Omit<ParsedException, 'frames'> {
  const match = EXCEPTION_LINE.exec(text);
  const qualified = match?.[1];
  if (match === null || qualified === undefined) return text === '' ? {} : { value: text };
  const dot = qualified.lastIndexOf('.');
  const value = match[2]?.trim();
  return {
    type: qualified.slice(dot + 1),
    ...(dot < 0 ? {} : { module: qualified.slice(0, dot) }),
    ...(value ? { value } : {}),
  };
}

/**
 * Reads one traceback of a chain: its frames (oldest first, as Python prints them, with the source
 * line below each as `context_line`) and the unindented exception line after them, whose message
 * may run over the following lines.
 */
function parseTraceback(lines: string[]): ParsedException | undefined {
  const frames: StackFrame[] = [];
  let frameIndent = -1;
  let message: string[] | undefined;
  for (const line of lines) {
    if (message !== undefined) {
      message.push(line);
      continue;
    }
    const trimmed = line.trim();
    // CPython folds recursion into `[Previous line repeated 996 more times]`, at the frames' indent.
    const isDecoration = trimmed === TRACEBACK || CARETS.test(line) || trimmed.startsWith(REPEATED);
    if (trimmed === '' || isDecoration) continue;
    const frame = parsePythonFrame(line);
    if (frame !== undefined) {
      frames.push(frame);
      frameIndent = indentOf(line);
      continue;
    }
    const last = frames[frames.length - 1];
    if (last !== undefined && indentOf(line) > frameIndent) {
      // The source line under a frame is indented deeper than `File`.
      last.context_line ??= trimmed;
      continue;
    }
    // Lines printed above the traceback (a logger's `ERROR:root:…`) precede `Traceback` and are
    // dropped by the caller; anything else unindented is the exception.
    message = [trimmed];
  }
  const exception = parseExceptionText((message ?? []).join('\n').trim());
  if (frames.length === 0 && exception.type === undefined && exception.value === undefined) return undefined;
  return { ...exception, frames };
}

/**
 * Reads a Python traceback, chained ones included. CPython prints a chain from the first exception
 * to the last raised, which is already Sentry's `exception.values` order.
 */
export function parsePythonStack(text: string): ParsedException[] {
  const segments: string[][] = [[]];
  for (const line of splitLines(text)) {
    if (CHAIN_SEPARATORS.has(line.trim())) segments.push([]);
    else segments[segments.length - 1]?.push(line);
  }
  const exceptions: ParsedException[] = [];
  for (const segment of segments) {
    const start = segment.findIndex((line) => line.trim() === TRACEBACK);
    const exception = parseTraceback(start < 0 ? segment : segment.slice(start));
    if (exception !== undefined) exceptions.push(exception);
  }
  return exceptions;
}
