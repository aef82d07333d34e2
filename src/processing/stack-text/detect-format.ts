import { splitAtSignLine } from './at-sign-line.js';
import { parseCocoaFrame } from './cocoa.js';
import { parseGeckoFrame } from './gecko.js';
import { isGoroutineHeader, parseGoFileLine } from './go.js';
import { parseJscFrame } from './jsc.js';
import { splitLocation } from './location.js';
import type { StackFormat } from './parsed-stack.js';
import { splitLines } from './text-lines.js';
import { parseV8Frame, splitV8Line } from './v8.js';

/** A dialect with a parser. */
export type KnownFormat = Exclude<StackFormat, 'unknown'>;

/** When nothing else decides, the more distinctive dialects win a tie. */
const DEFAULT_ORDER: KnownFormat[] = [
  'python',
  'java',
  'dotnet',
  'go',
  'cocoa',
  'hermes',
  'v8',
  'gecko',
  'jsc',
];

/**
 * The dialects an event's platform can carry, most likely first. A React Native app reports
 * `ios`/`android` but its JavaScript errors arrive as Hermes or JavaScriptCore text.
 */
const PLATFORM_FORMATS: Record<string, KnownFormat[]> = {
  javascript: ['v8', 'gecko', 'jsc', 'hermes'],
  node: ['v8'],
  'react-native': ['hermes', 'jsc', 'v8'],
  java: ['java'],
  kotlin: ['java'],
  android: ['java', 'hermes', 'jsc', 'v8'],
  cocoa: ['cocoa'],
  objc: ['cocoa'],
  swift: ['cocoa'],
  ios: ['cocoa', 'jsc', 'hermes'],
  python: ['python'],
  csharp: ['dotnet'],
  dotnet: ['dotnet'],
  go: ['go'],
};

/** Enough lines to see the header and the first frames; the rest would only repeat the verdict. */
const MAX_SNIFFED_LINES = 200;
/** Longer lines are data, not frames; skipping them keeps sniffing cheap on hostile input. */
const MAX_SNIFFED_LINE_LENGTH = 4096;

const PYTHON_FILE = /^File ".*", line \d+/;
const JAVA_MORE = /^\.\.\. \d+ more$/;
// `at name(…)` with no space before the parenthesis: Java's `(File.java:12)` or .NET's `(String arg)`.
const JVM_OR_CLR_FRAME = /^at [^()\s]+\(([^()]*)\)/;
const JAVA_LOCATION = /^(?:Native Method|Unknown Source(?::\d+)?|[^\s:]+\.\w+(?::\d+)?)$/;
const COCOA_HEADER =
  /^(?:Exception Type:|Thread \d+ Crashed:|Last Exception Backtrace:|\*\*\* Terminating app due to uncaught exception)/;
const SWIFT_TRAP = /(?:^|\.swift:\d+: )Fatal error: /;
const JSC_MARKER = /^(?:(?:global|module|eval) code@|\[native code\]$)|@\[native code\]$/;

/** Whether a location is a React Native bundle, which only Hermes prints in V8's `at` shape. */
function isBundle(location: string): boolean {
  const path = splitLocation(location).path;
  return /\.(?:jsbundle|bundle|hbc)(?:\?|$)/.test(path);
}

/** Which of the `at …` dialects (V8, Hermes, Java, .NET) a trimmed line belongs to. */
function atLineFormat(line: string): KnownFormat | undefined {
  if (line.includes(':line ') && line.includes(') in ')) return 'dotnet';
  const jvmOrClr = JVM_OR_CLR_FRAME.exec(line);
  if (jvmOrClr !== null) return JAVA_LOCATION.test(jvmOrClr[1] ?? '') ? 'java' : 'dotnet';
  const parts = splitV8Line(line);
  if (parts === undefined) return undefined;
  // `(native)` was also old V8's builtin marker, but no V8 in use still prints it; Hermes does.
  const isHermes =
    parts.location.startsWith('address at ') || parts.location === 'native' || isBundle(parts.location);
  if (isHermes) return 'hermes';
  return parseV8Frame(line) === undefined ? undefined : 'v8';
}

/** Go prints each frame's file on its own indented line: `\t/app/main.go:12 +0x1d`. */
function isGoFileLine(line: string): boolean {
  return parseGoFileLine(line)?.path.endsWith('.go') === true;
}

/** The dialects one line is evidence for; a `fn@url:1:2` line fits both Firefox and Safari. */
function lineEvidence(line: string): KnownFormat[] {
  const trimmed = line.trim();
  if (trimmed === '' || trimmed.length > MAX_SNIFFED_LINE_LENGTH) return [];
  if (trimmed.startsWith('Traceback (most recent call last)') || PYTHON_FILE.test(trimmed)) return ['python'];
  if (isGoroutineHeader(trimmed) || trimmed.startsWith('panic: ') || isGoFileLine(line)) return ['go'];
  if (trimmed.startsWith('Caused by: ') || JAVA_MORE.test(trimmed)) return ['java'];
  if (trimmed === '--- End of inner exception stack trace ---' || trimmed.startsWith('---> '))
    return ['dotnet'];
  if (trimmed.startsWith('at ')) {
    const format = atLineFormat(trimmed);
    return format === undefined ? [] : [format];
  }
  if (COCOA_HEADER.test(trimmed) || SWIFT_TRAP.test(trimmed) || parseCocoaFrame(trimmed) !== undefined) {
    return ['cocoa'];
  }
  if (JSC_MARKER.test(trimmed)) return ['jsc'];
  const atSign = splitAtSignLine(trimmed);
  if (atSign !== undefined) {
    if (parseGeckoFrame(trimmed) === undefined) return [];
    // Only SpiderMonkey names nested anonymous functions `a/b<` and marks eval'd code `line 3 > eval`.
    const isGecko = atSign.fn?.includes('<') === true || atSign.location.includes(' > ');
    return isGecko ? ['gecko'] : ['gecko', 'jsc'];
  }
  return parseJscFrame(trimmed) === undefined ? [] : ['jsc'];
}

/**
 * The dialects a stack text may be in, most likely first: those that some line fits, by how many
 * lines fit, with a known platform's own dialects ahead when any of them fits (Sentry's platform
 * names, and `ios`/`android`). The platform also breaks ties, and when no line fits anything its
 * dialects are all there is to try.
 */
export function rankFormats(text: string, hint?: { platform?: string }): KnownFormat[] {
  const scores = new Map<KnownFormat, number>();
  for (const line of splitLines(text).slice(0, MAX_SNIFFED_LINES)) {
    for (const format of lineEvidence(line)) scores.set(format, (scores.get(format) ?? 0) + 1);
  }
  const platform = typeof hint?.platform === 'string' ? hint.platform.toLowerCase() : undefined;
  const preferred = (platform === undefined ? undefined : PLATFORM_FORMATS[platform]) ?? [];
  const score = (format: KnownFormat): number => scores.get(format) ?? 0;
  // Array.prototype.sort is stable, so equal scores keep the platform's order, then the default one.
  const byScore = (formats: KnownFormat[]): KnownFormat[] => [...formats].sort((a, b) => score(b) - score(a));
  const fitting = [...new Set([...preferred, ...DEFAULT_ORDER])].filter((format) => score(format) > 0);
  if (fitting.length === 0) return preferred;
  const own = fitting.filter((format) => preferred.includes(format));
  const others = fitting.filter((format) => !preferred.includes(format));
  return [...byScore(own), ...byScore(others)];
}

/** The most likely dialect of a stack text (see rankFormats), or `unknown` when nothing fits. */
export function detectFormat(text: string, hint?: { platform?: string }): StackFormat {
  return rankFormats(text, hint)[0] ?? 'unknown';
}
