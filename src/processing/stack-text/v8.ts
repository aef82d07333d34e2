import type { StackFrame } from '../../protocol/event.js';
import { buildJsFrame, parseJsStack } from './js-stack.js';
import { splitLocation } from './location.js';
import { closingParen, openingParen } from './parens.js';
import type { ParsedException } from './parsed-stack.js';

/** The two halves of a V8 frame line: `at fn (location)` or `at location`. */
export interface V8LineParts {
  fn?: string;
  location: string;
}

/** Splits a V8-style frame line (Chrome, Node, Edge, Deno, Hermes) into function and location. */
export function splitV8Line(line: string): V8LineParts | undefined {
  let rest = line.trim();
  if (!rest.startsWith('at ')) return undefined;
  rest = rest.slice(3).trimStart();
  // util.inspect, and so Node's output for an uncaught error with properties, opens `{` after the last frame.
  if (rest.endsWith(' {')) rest = rest.slice(0, -2).trimEnd();
  // `at async fn (…)` marks an await boundary; the function is still `fn`.
  if (rest.startsWith('async ')) rest = rest.slice('async '.length);
  const open = openingParen(rest);
  if (open === 0) return { location: rest.slice(1, -1) };
  if (open > 0 && rest[open - 1] === ' ') {
    return { fn: rest.slice(0, open).trimEnd(), location: rest.slice(open + 1, -1) };
  }
  return { location: rest };
}

/** How many `eval at` wrappers to unwrap; real code nests two or three, and the cap keeps this linear. */
const MAX_EVAL_DEPTH = 8;

/**
 * `eval at fn (origin), <anonymous>:1:2`: evaluated code has no file of its own, so the frame points
 * at the `eval` call site, as Sentry's browser SDK does.
 */
function evalOrigin(location: string): string {
  let current = location;
  for (let depth = 0; depth < MAX_EVAL_DEPTH && current.startsWith('eval at '); depth++) {
    const open = current.indexOf('(');
    const close = open < 0 ? -1 : closingParen(current, open);
    if (close < 0) break;
    current = current.slice(open + 1, close);
  }
  return current;
}

/** V8's names for code without a source position: a builtin (`native`, `<anonymous>`) or `Promise.all`'s `index 3`. */
function isBuiltinLocation(location: string): boolean {
  return location === 'native' || location === '<anonymous>' || /^index \d+$/.test(location);
}

/** Node's own modules, `node:internal/…` today and `internal/…` before Node 16: never the app's code. */
function isNodeInternal(path: string): boolean {
  return path.startsWith('node:') || path.startsWith('internal/');
}

/** A frame from the parts of a V8 line; undefined when the location is neither a position nor a builtin. */
export function frameFromV8Parts(parts: V8LineParts): StackFrame | undefined {
  const location = evalOrigin(parts.location);
  const where = splitLocation(location);
  if (where.lineno !== undefined) {
    return buildJsFrame(parts.fn, where, isNodeInternal(where.path) ? false : undefined);
  }
  // Without a position only a builtin is a frame; this keeps message lines such as
  // "  at least one item is required" out of the stack.
  if (!isBuiltinLocation(location)) return undefined;
  const path = location.startsWith('index ') ? undefined : { path: location };
  return buildJsFrame(parts.fn, path, false);
}

/** Reads one Chrome/Node frame line (`    at fn (file:1:2)`), or undefined when it is not one. */
export function parseV8Frame(line: string): StackFrame | undefined {
  const parts = splitV8Line(line);
  return parts === undefined ? undefined : frameFromV8Parts(parts);
}

/** Reads a Chrome/Node `error.stack` text. */
export function parseV8Stack(text: string): ParsedException[] {
  return parseJsStack(text, parseV8Frame);
}
