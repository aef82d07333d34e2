import type { StackFrame } from '../../protocol/event.js';
import { parseJsStack } from './js-stack.js';
import type { ParsedException } from './parsed-stack.js';
import { frameFromV8Parts, splitV8Line } from './v8.js';

/**
 * Hermes prints `(address at index.android.bundle:1:2345)` for precompiled bytecode; the column is
 * then a bytecode offset, which source maps for Hermes bundles are keyed on, so it is kept as is.
 */
const ADDRESS_AT = 'address at ';

/** Hermes' bundled polyfills (`InternalBytecode.js`) ship with React Native, not with the app. */
const INTERNAL_BYTECODE = 'InternalBytecode.js';

/** Reads one React Native Hermes frame line, or undefined when it is not one. */
export function parseHermesFrame(line: string): StackFrame | undefined {
  const parts = splitV8Line(line);
  if (parts === undefined) return undefined;
  const location = parts.location.startsWith(ADDRESS_AT)
    ? parts.location.slice(ADDRESS_AT.length)
    : parts.location;
  const frame = frameFromV8Parts({ ...parts, location });
  if (
    frame !== undefined &&
    typeof frame.filename === 'string' &&
    frame.filename.endsWith(INTERNAL_BYTECODE)
  ) {
    frame.in_app = false;
  }
  return frame;
}

/** Reads a React Native Hermes `error.stack` text. */
export function parseHermesStack(text: string): ParsedException[] {
  return parseJsStack(text, parseHermesFrame);
}
