/**
 * Where an event happened: its main exception, the stack that crashed and the frame on that stack
 * that is most likely the app's fault. Shared by grouping (`{{ function }}` fingerprints) and titles.
 */
import type { ExceptionValue, NormalizedEvent, StackFrame } from '../../protocol/event.js';
import { isInAppFrame } from '../in-app.js';

type Thread = NonNullable<NormalizedEvent['threads']>['values'][number];

/** The frames of a stacktrace-like value, or none when it is missing or malformed. */
export function framesOf(stacktrace: unknown): StackFrame[] {
  if (typeof stacktrace !== 'object' || stacktrace === null) return [];
  const frames = (stacktrace as { frames?: unknown }).frames;
  return Array.isArray(frames)
    ? frames.filter((f): f is StackFrame => typeof f === 'object' && f !== null)
    : [];
}

/** The exceptions of an event, cause first and the one that was thrown last (Sentry's order). */
export function exceptionsOf(event: NormalizedEvent): ExceptionValue[] {
  const values = event.exception?.values;
  return Array.isArray(values)
    ? values.filter((e): e is ExceptionValue => typeof e === 'object' && e !== null)
    : [];
}

/** The exception an issue is titled after: the last in the chain, as Sentry's `get_metadata` picks. */
export function mainException(event: NormalizedEvent): ExceptionValue | undefined {
  return exceptionsOf(event).at(-1);
}

/**
 * The thread whose stack explains the event: the crashed one, else the only one with a stack
 * (Sentry's threads strategy stops here), else the one that captured the event (`current`), which is
 * where a Java or Cocoa SDK logged a message.
 */
export function selectThread(event: NormalizedEvent): Thread | undefined {
  const threads = event.threads?.values;
  if (!Array.isArray(threads)) return undefined;
  const withStack = threads.filter(
    (t) => typeof t === 'object' && t !== null && framesOf(t.stacktrace).length > 0,
  );
  return (
    withStack.find((t) => t.crashed) ??
    (withStack.length === 1 ? withStack[0] : withStack.find((t) => t.current))
  );
}

/** The frames of the stack that crashed: the main exception's, else the event's own, else a thread's. */
export function crashFrames(event: NormalizedEvent): StackFrame[] {
  const fromException = framesOf(mainException(event)?.stacktrace);
  if (fromException.length > 0) return fromException;
  const fromEvent = framesOf(event.stacktrace);
  if (fromEvent.length > 0) return fromEvent;
  return framesOf(selectThread(event)?.stacktrace);
}

/**
 * The frame to blame, walking from the crash outwards (Sentry's `get_crash_frame_from_event_data`):
 * the first in-app frame that passes `accept`, else the first frame that does.
 */
export function findCrashFrame(
  frames: StackFrame[],
  platform: string,
  accept: (frame: StackFrame) => boolean = () => true,
): StackFrame | undefined {
  let fallback: StackFrame | undefined;
  for (let i = frames.length - 1; i >= 0; i--) {
    const frame = frames[i];
    if (frame === undefined || !accept(frame)) continue;
    if (isInAppFrame(frame, platform)) return frame;
    fallback ??= frame;
  }
  return fallback;
}

/** Whether a frame has a function at all (Sentry's crash location skips `<redacted>` and `<unknown>`). */
export function hasFunction(frame: StackFrame): boolean {
  const fn = frame.function?.trim();
  return !!fn && fn !== '<redacted>' && fn !== '<unknown>';
}
