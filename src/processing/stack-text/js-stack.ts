import type { StackFrame } from '../../protocol/event.js';
import { buildFrame, pathFields } from './build-frame.js';
import type { Location } from './location.js';
import type { ParsedException } from './parsed-stack.js';
import { splitLines } from './text-lines.js';

/** Reads one line as a frame of a given dialect; undefined when the line is not one. */
export type FrameLineParser = (line: string) => StackFrame | undefined;

/** A JavaScript frame from its function name and location, in Sentry's field names. */
export function buildJsFrame(
  fn: string | undefined,
  where: Location | undefined,
  inApp?: boolean,
): StackFrame {
  return buildFrame({
    function: fn,
    ...(where === undefined ? {} : pathFields(where.path)),
    lineno: where?.lineno,
    colno: where?.colno,
    in_app: inApp,
    platform: 'javascript',
  });
}

// `TypeError: msg`, `Error [ERR_X]: msg` (Node puts the error code in brackets), `DOMException:`.
const NAMED_HEADER = /^([A-Za-z_$][\w$.]*)(?: \[[^\]]*\])?:(?: (.*))?$/;
const BARE_NAME = /^[A-Za-z_$][\w$.]*$/;

/** Drops the prefix Chrome's console adds when a pasted error was never caught. */
function withoutUncaught(line: string): string {
  if (line.startsWith('Uncaught (in promise) ')) return line.slice('Uncaught (in promise) '.length);
  if (line.startsWith('Uncaught ')) return line.slice('Uncaught '.length);
  return line;
}

/**
 * Reads the lines printed before the first frame: `Name: message`, the message possibly running
 * over several lines. Anything printed above the name (Node's source excerpt with its `^` marker
 * for an uncaught error) is not part of the error. Without a recognisable name the text is the value.
 */
export function parseJsErrorHeader(lines: string[]): Omit<ParsedException, 'frames'> {
  for (let i = 0; i < lines.length; i++) {
    const line = withoutUncaught((lines[i] ?? '').trim());
    const named = NAMED_HEADER.exec(line);
    const bare = named === null && BARE_NAME.test(line) && /(Error|Exception)$/.test(line);
    if (named === null && !bare) continue;
    const type = named?.[1] ?? line;
    const value = [named?.[2] ?? '', ...lines.slice(i + 1)].join('\n').trim();
    return value === '' ? { type } : { type, value };
  }
  const value = lines.join('\n').trim();
  return value === '' ? {} : { value };
}

interface PrintedError {
  header: string[];
  frames: StackFrame[];
}

/** `[cause]: Error: inner`, how Node's util.inspect (and so its uncaught-error output) prints a cause. */
function causeHeader(line: string): string | undefined {
  const trimmed = line.trim();
  return trimmed.startsWith('[cause]: ') ? trimmed.slice('[cause]: '.length) : undefined;
}

/**
 * Reads a JavaScript `error.stack`-style text with the given frame dialect: a header, frames newest
 * first, and Node's `[cause]:` blocks. Returns causes first and frames oldest first, as Sentry wants.
 * Lines after the frames that are not frames (inspect's `code: 'E…'` properties, its `... 4 lines
 * matching cause stack trace ...`) are skipped.
 */
export function parseJsStack(text: string, parseFrame: FrameLineParser): ParsedException[] {
  const printed: PrintedError[] = [];
  let current: PrintedError = { header: [], frames: [] };
  for (const line of splitLines(text)) {
    const cause = causeHeader(line);
    if (cause !== undefined) {
      printed.push(current);
      current = { header: [cause], frames: [] };
      continue;
    }
    const frame = parseFrame(line);
    if (frame !== undefined) current.frames.push(frame);
    else if (current.frames.length === 0) current.header.push(line);
  }
  printed.push(current);
  return printed
    .filter((error) => error.frames.length > 0 || error.header.some((line) => line.trim() !== ''))
    .reverse()
    .map((error) => ({ ...parseJsErrorHeader(error.header), frames: error.frames.reverse() }));
}
