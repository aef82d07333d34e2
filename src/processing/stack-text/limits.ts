import type { StackFrame } from '../../protocol/event.js';
import type { ParsedException } from './parsed-stack.js';

/** Sentry's limit on frames per stack trace. */
export const MAX_FRAMES = 250;

/**
 * How many chained exceptions a parsed stack keeps. Real chains are a handful deep (Sentry's
 * JavaScript SDK follows five causes by default); the cap keeps a hostile text from multiplying
 * work, since each Java `... n more` copies frames from the exception above.
 */
export const MAX_EXCEPTIONS = 50;

/**
 * Keeps at most `max` frames by dropping from the middle, as Relay trims long stacks: the oldest
 * frames say how the program got there and the newest say where it crashed, while the middle of
 * a deep recursion repeats itself.
 */
export function capFrames(frames: StackFrame[], max: number = MAX_FRAMES): StackFrame[] {
  if (frames.length <= max) return frames;
  const head = Math.ceil(max / 2);
  return [...frames.slice(0, head), ...frames.slice(frames.length - (max - head))];
}

/**
 * Applies both limits to exceptions in Sentry's order. The raised exception is last and its
 * nearest causes precede it, so the deepest causes are the ones dropped.
 */
export function capExceptions(exceptions: ParsedException[]): ParsedException[] {
  return exceptions
    .slice(Math.max(exceptions.length - MAX_EXCEPTIONS, 0))
    .map((exception) => ({ ...exception, frames: capFrames(exception.frames) }));
}
