import type { StackFrame } from '../../protocol/event.js';
import { splitAtSignLine } from './at-sign-line.js';
import { buildJsFrame, parseJsStack } from './js-stack.js';
import { isAbsolutePath, splitLocation } from './location.js';
import type { ParsedException } from './parsed-stack.js';

/** JavaScriptCore's name for a frame inside the engine (`forEach@[native code]`). */
const NATIVE_CODE = '[native code]';

/** Reads one Safari/JavaScriptCore frame line (`fn@url:1:2`, `global code@url:1:2`, `[native code]`), or undefined. */
export function parseJscFrame(line: string): StackFrame | undefined {
  const trimmed = line.trim();
  if (trimmed === NATIVE_CODE) return buildJsFrame(undefined, { path: NATIVE_CODE }, false);
  const parts = splitAtSignLine(trimmed);
  if (parts === undefined) {
    // Safari 7 and later print an anonymous function as its bare location; it must still look like
    // a script (a URL, a path or a file name) so that message lines are not taken for frames.
    const where = splitLocation(trimmed);
    const isBareUrl =
      where.lineno !== undefined &&
      !trimmed.includes(' ') &&
      (isAbsolutePath(where.path) || where.path.includes('.'));
    return isBareUrl ? buildJsFrame(undefined, where) : undefined;
  }
  if (parts.location === NATIVE_CODE) return buildJsFrame(parts.fn, { path: NATIVE_CODE }, false);
  const where = splitLocation(parts.location);
  return where.lineno === undefined ? undefined : buildJsFrame(parts.fn, where);
}

/** Reads a Safari `error.stack` text (which has no message line, though a pasted one may). */
export function parseJscStack(text: string): ParsedException[] {
  return parseJsStack(text, parseJscFrame);
}
