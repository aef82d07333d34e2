import type { StackFrame } from '../../protocol/event.js';
import { splitAtSignLine } from './at-sign-line.js';
import { buildJsFrame, parseJsStack } from './js-stack.js';
import { splitLocation, toLineNumber } from './location.js';
import type { ParsedException } from './parsed-stack.js';

// Marks code run by eval() or new Function(): `url line 26 > eval:2:10`.
const EVAL_MARK = ' line ';

/** Firefox before 30 printed call arguments: `foo("a", 1)@url:10`. */
function withoutArguments(fn: string | undefined): string | undefined {
  if (fn === undefined || !fn.endsWith(')')) return fn;
  const open = fn.indexOf('(');
  return open > 0 ? fn.slice(0, open) : fn;
}

/**
 * Firefox prefixes a frame reached asynchronously with why it ran: `async*fn`, `promise callback*fn`,
 * `setTimeout handler*fn`. The function is what follows the last `*`.
 */
function withoutAsyncCause(fn: string | undefined): string | undefined {
  if (fn === undefined) return undefined;
  const star = fn.lastIndexOf('*');
  const name = star < 0 ? fn : fn.slice(star + 1);
  return name === '' ? undefined : name;
}

/** Reads one Firefox/SpiderMonkey frame line (`fn@url:1:2`, `@url:1:2`, `a/b<@url:1:2`), or undefined. */
export function parseGeckoFrame(line: string): StackFrame | undefined {
  const parts = splitAtSignLine(line);
  if (parts === undefined) return undefined;
  const fn = withoutArguments(withoutAsyncCause(parts.fn));
  const { location } = parts;
  // `url line 26 > eval:2:10` (or `> Function`): evaluated code has no URL, so Firefox names the
  // script and line that called eval; the frame points there, as Sentry's browser SDK does.
  const mark = location.indexOf(EVAL_MARK);
  if (mark > 0 && location.includes(' > ', mark)) {
    const after = location.slice(mark + EVAL_MARK.length);
    const space = after.indexOf(' ');
    const lineno = toLineNumber(space < 0 ? after : after.slice(0, space));
    return buildJsFrame(fn, { path: location.slice(0, mark), lineno });
  }
  const where = splitLocation(location);
  return where.lineno === undefined ? undefined : buildJsFrame(fn, where);
}

/** Reads a Firefox `error.stack` text (which has no message line, though a pasted one may). */
export function parseGeckoStack(text: string): ParsedException[] {
  return parseJsStack(text, parseGeckoFrame);
}
