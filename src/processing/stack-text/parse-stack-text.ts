import { parseCocoaStack } from './cocoa.js';
import { rankFormats, type KnownFormat } from './detect-format.js';
import { parseDotnetStack } from './dotnet.js';
import { parseGeckoStack } from './gecko.js';
import { parseGoStack } from './go.js';
import { parseHermesStack } from './hermes.js';
import { parseJavaStack } from './java.js';
import { parseJscStack } from './jsc.js';
import { capExceptions } from './limits.js';
import type { ParsedException, ParsedStack } from './parsed-stack.js';
import { parsePythonStack } from './python.js';
import { splitLines } from './text-lines.js';
import { parseV8Stack } from './v8.js';

export type { ParsedException, ParsedStack, StackFormat } from './parsed-stack.js';

const PARSERS: Record<KnownFormat, (text: string) => ParsedException[]> = {
  v8: parseV8Stack,
  gecko: parseGeckoStack,
  jsc: parseJscStack,
  hermes: parseHermesStack,
  java: parseJavaStack,
  cocoa: parseCocoaStack,
  python: parsePythonStack,
  dotnet: parseDotnetStack,
  go: parseGoStack,
};

/** Whether a parsed exception says anything at all. */
function isInformative(exception: ParsedException): boolean {
  return exception.type !== undefined || exception.value !== undefined || exception.frames.length > 0;
}

/** A text no dialect reads: its first line still names the error, so it is kept as the value. */
function unknownStack(text: string): ParsedStack {
  const first = splitLines(text).find((line) => line.trim() !== '');
  return { format: 'unknown', exceptions: first === undefined ? [] : [{ value: first.trim(), frames: [] }] };
}

/**
 * Parses a stack trace that arrived only as text into Sentry-shaped exceptions: oldest cause
 * first, frames oldest call first, at most MAX_FRAMES frames each. Never throws.
 */
export function parseStackText(text: string, hint?: { platform?: string }): ParsedStack {
  if (typeof text !== 'string') return { format: 'unknown', exceptions: [] };
  try {
    // The likeliest dialect almost always reads; the next ones matter when no line fitted any
    // dialect and only the platform guided the guess (an iOS app's JavaScript error is not Apple's).
    for (const format of rankFormats(text, hint)) {
      const exceptions = capExceptions(PARSERS[format](text).filter(isInformative));
      if (exceptions.length > 0) return { format, exceptions };
    }
    return unknownStack(text);
  } catch {
    // The parsers are written not to throw (and fuzzed for it); should one still, a stack that
    // cannot be read must not cost the event that carries it.
    return unknownStack(text);
  }
}
