import type { StackFrame } from '../../protocol/event.js';
import { buildFrame, pathFields } from './build-frame.js';
import { splitLocation, toLineNumber } from './location.js';
import { MAX_EXCEPTIONS, MAX_FRAMES } from './limits.js';
import type { ParsedException } from './parsed-stack.js';
import { indentOf, splitLines } from './text-lines.js';

// `java.lang.IllegalStateException: msg`; each dotted part is an identifier, so this cannot backtrack.
const HEADER = /^([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)(?:: ?(.*))?$/;
// `at pkg.Class.method(File.java:12)`, optionally followed by logback's ` ~[app.jar:1.0]`. The JVM
// prints no space before `(`, which tells these from V8's `at fn (file:1:2)`.
const FRAME = /^at ([^()]*[^()\s])\(([^()]*)\)/;
const MORE = /^\.\.\. (\d+) more$/;
const CAUSED_BY = 'Caused by: ';
const SUPPRESSED = 'Suppressed: ';
const UNCAUGHT = /^Exception in thread "[^"]*" /;

/** Splits `java.lang.IllegalStateException` into Sentry's `type` and `module`, as the Java SDK does. */
function exceptionName(qualified: string): Pick<ParsedException, 'type' | 'module'> {
  const dot = qualified.lastIndexOf('.');
  return dot < 0 ? { type: qualified } : { type: qualified.slice(dot + 1), module: qualified.slice(0, dot) };
}

/**
 * Reads an exception line. A bare word must end like an exception class, so that logcat's
 * `Process: com.example, PID: 4242` above a crash is not taken for one.
 */
function parseHeader(line: string): Omit<ParsedException, 'frames'> | undefined {
  const match = HEADER.exec(line.replace(UNCAUGHT, ''));
  const qualified = match?.[1];
  if (match === null || qualified === undefined) return undefined;
  if (!qualified.includes('.') && !/(Exception|Error|Throwable)$/.test(qualified)) return undefined;
  const message = match[2]?.trim();
  return { ...exceptionName(qualified), ...(message ? { value: message } : {}) };
}

/** Where a Java frame points: `File.java:12`, `File.kt`, `Unknown Source:3`, `Native Method`. */
function parseFrameLocation(location: string): Pick<StackFrame, 'filename' | 'abs_path' | 'lineno'> {
  if (location === 'Native Method' || location === 'Unknown Source') return {};
  if (location.startsWith('Unknown Source:')) {
    return { lineno: toLineNumber(location.slice('Unknown Source:'.length)) };
  }
  const where = splitLocation(location);
  return where.path === '' ? {} : { ...pathFields(where.path), lineno: where.lineno };
}

/** Java locations carry a line but never a column. */
function hasColumn(location: string): boolean {
  return splitLocation(location).colno !== undefined;
}

/** Reads one Java/Kotlin frame line (`\tat pkg.Class.method(File.java:12)`), or undefined. */
export function parseJavaFrame(line: string): StackFrame | undefined {
  const match = FRAME.exec(line.trim());
  if (match === null || hasColumn(match[2] ?? '')) return undefined;
  // Java 9+ prefixes the class loader and module: `app//…`, `java.base/java.lang.Thread.run`.
  const qualified = (match[1] ?? '').trim();
  const name = qualified.slice(qualified.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  if (name === '' || dot === name.length - 1) return undefined;
  return buildFrame({
    function: dot < 0 ? name : name.slice(dot + 1),
    module: dot < 0 ? undefined : name.slice(0, dot),
    ...parseFrameLocation(match[2] ?? ''),
    platform: 'java',
  });
}

interface PrintedException {
  header: Omit<ParsedException, 'frames'>;
  /** Newest call first, as printed. */
  frames: StackFrame[];
  /** Whether `... n more` was already resolved: Java prints it once, after the last frame. */
  copied: boolean;
}

/**
 * Reads a Java/Kotlin/Android `printStackTrace` text. `Caused by:` blocks become earlier values.
 * `... 12 more` means the last 12 frames equal those of the exception printed above, so they are
 * copied from it: the SDK would have sent them. `Suppressed:` blocks are skipped: they are not in
 * the cause chain that `exception.values` describes, and on Android they are mostly coroutine
 * diagnostics (`DiagnosticCoroutineContextException`) that would only add noise.
 */
export function parseJavaStack(text: string): ParsedException[] {
  const printed: PrintedException[] = [];
  let suppressedIndent: number | undefined;
  for (const line of splitLines(text)) {
    const trimmed = line.trim();
    const indent = indentOf(line);
    if (suppressedIndent !== undefined) {
      // A suppressed block (its frames and its own causes) is indented deeper than its
      // `Suppressed:` line. Where a logger stripped the tabs, only the next `Caused by:` can end it.
      const endsBlock =
        trimmed !== '' &&
        (indent < suppressedIndent || (suppressedIndent === 0 && trimmed.startsWith(CAUSED_BY)));
      if (!endsBlock) continue;
      suppressedIndent = undefined;
    }
    const current = printed[printed.length - 1];
    if (trimmed.startsWith(SUPPRESSED)) {
      suppressedIndent = indent;
      continue;
    }
    if (trimmed.startsWith(CAUSED_BY)) {
      // Deeper causes than the limit are dropped, and with them the frames they would copy.
      if (printed.length >= MAX_EXCEPTIONS) break;
      printed.push({ header: parseHeader(trimmed.slice(CAUSED_BY.length)) ?? {}, frames: [], copied: false });
      continue;
    }
    const frame = parseJavaFrame(trimmed);
    if (frame !== undefined) {
      if (current === undefined) printed.push({ header: {}, frames: [frame], copied: false });
      else current.frames.push(frame);
      continue;
    }
    const more = MORE.exec(trimmed);
    if (more !== null) {
      if (current !== undefined) copyCommonFrames(current, printed[printed.length - 2], Number(more[1]));
      continue;
    }
    if (current === undefined) {
      const header = parseHeader(trimmed);
      if (header !== undefined) printed.push({ header, frames: [], copied: false });
    } else if (current.frames.length === 0 && trimmed !== '') {
      // A message that spans lines: everything up to the first frame belongs to it.
      const value = current.header.value;
      current.header.value = value === undefined ? trimmed : `${value}\n${trimmed}`;
    }
  }
  return printed.reverse().map(({ header, frames }) => ({ ...header, frames: frames.reverse() }));
}

/**
 * Appends the `count` outermost frames of the enclosing exception, which `... count more` elided.
 * At most MAX_FRAMES are copied, once per exception, so copying stays bounded however the text repeats.
 */
function copyCommonFrames(
  current: PrintedException,
  enclosing: PrintedException | undefined,
  count: number,
): void {
  if (current.copied || enclosing === undefined) return;
  current.copied = true;
  const start = Math.max(enclosing.frames.length - Math.min(count, MAX_FRAMES), 0);
  current.frames.push(...enclosing.frames.slice(start).map((frame) => ({ ...frame })));
}
