import type { StackFrame } from '../../protocol/event.js';
import { isAbsolutePath } from './location.js';

/**
 * A frame without the keys a parser left undefined, so stored frames carry only what the text
 * said and deep-equality in tests means what it reads.
 */
export function buildFrame(fields: StackFrame): StackFrame {
  const frame: StackFrame = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) frame[key] = value;
  }
  return frame;
}

/**
 * `filename` is the path as the text printed it; `abs_path` repeats it only when it is absolute
 * (or a URL), as Sentry's SDKs fill `abs_path` only with a path that can be resolved as such.
 */
export function pathFields(path: string): Pick<StackFrame, 'filename' | 'abs_path'> {
  return isAbsolutePath(path) ? { filename: path, abs_path: path } : { filename: path };
}
