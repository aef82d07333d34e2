import type { ExceptionValue, NormalizedEvent } from '../protocol/event.js';
import { parseStackText } from './stack-text/parse-stack-text.js';

/**
 * Exceptions that arrive with their stack only as text — `stacktrace` given as a string, or Faultline's
 * `raw_stack` field used by the mobile and web ingest APIs — get frames parsed from that text.
 * An event with a message but no exception and a top-level text `stacktrace` gets one exception.
 */
export function parseRawStacks(event: NormalizedEvent): NormalizedEvent {
  const values = event.exception?.values ?? [];
  for (const ex of values) {
    const text =
      typeof ex.stacktrace === 'string'
        ? ex.stacktrace
        : typeof ex.raw_stack === 'string'
          ? ex.raw_stack
          : undefined;
    if (text === undefined) continue;
    if (typeof ex.stacktrace === 'string') delete ex.stacktrace;
    const parsed = parseStackText(text, { platform: event.platform });
    const match = parsed.exceptions.at(-1);
    if (match && match.frames.length > 0) ex.stacktrace = { frames: match.frames };
    ex.type ??= match?.type;
    ex.value ??= match?.value;
  }
  if (values.length === 0 && typeof event.stacktrace === 'string') {
    const parsed = parseStackText(event.stacktrace, { platform: event.platform });
    delete event.stacktrace;
    const exceptions: ExceptionValue[] = parsed.exceptions
      .filter((e) => e.frames.length > 0 || e.type)
      .map((e) => ({
        ...(e.type !== undefined ? { type: e.type } : {}),
        ...(e.value !== undefined ? { value: e.value } : {}),
        stacktrace: { frames: e.frames },
      }));
    if (exceptions.length > 0) event.exception = { values: exceptions };
  }
  return event;
}
