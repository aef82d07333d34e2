import type { StackFrame } from '../../protocol/event.js';
import { buildFrame, pathFields } from './build-frame.js';
import { splitLocation } from './location.js';
import { openingParen } from './parens.js';
import type { ParsedException } from './parsed-stack.js';
import { splitLines } from './text-lines.js';

/**
 * `goroutine 1 [running]:`, or with GOTRACEBACK=system since Go 1.23
 * `goroutine 1 gp=0xc000002380 m=0 mp=0x5c1e40 [running]:`.
 */
export function isGoroutineHeader(line: string): boolean {
  const trimmed = line.trim();
  if (!trimmed.startsWith('goroutine ') || !trimmed.endsWith(']:')) return false;
  const id = trimmed.slice('goroutine '.length).split(' ', 1)[0] ?? '';
  return /^\d+$/.test(id) && trimmed.includes(' [');
}

// The headline of a crash: a panic, or a fatal error the runtime cannot recover from.
const HEADLINE = /^(panic|fatal error): (.*)$/;
// net/http recovers a handler's panic and logs `http: panic serving 10.0.0.7:53422: msg` instead.
const HTTP_PANIC = 'http: panic serving ';

/**
 * `github.com/acme/app/store.(*DB).Get` → module `github.com/acme/app/store`, function
 * `(*DB).Get`: the package ends at the first dot after the last slash, as sentry-go splits it.
 */
function splitFunction(qualified: string): Pick<StackFrame, 'module' | 'function'> {
  const dot = qualified.indexOf('.', qualified.lastIndexOf('/') + 1);
  if (dot <= 0) return { function: qualified };
  return { module: qualified.slice(0, dot), function: qualified.slice(dot + 1) };
}

/** `main.(*Server).Serve(0xc00001e0c0, {0x0, 0x0})` or `main.getItem(...)` → the function's name. */
function functionName(line: string): string | undefined {
  const trimmed = line.trim();
  const open = openingParen(trimmed);
  return open > 0 ? trimmed.slice(0, open) : undefined;
}

/** `\t/app/main.go:13 +0x1d` → path and line; the `+0x1d` is an offset into the function, not an address. */
export function parseGoFileLine(line: string): { path: string; lineno: number } | undefined {
  if (!line.startsWith('\t') && !line.startsWith(' ')) return undefined;
  let location = line.trim();
  const offset = location.lastIndexOf(' +0x');
  if (offset > 0) location = location.slice(0, offset);
  const where = splitLocation(location);
  return where.lineno === undefined || where.colno !== undefined
    ? undefined
    : { path: where.path, lineno: where.lineno };
}

/** The runtime's own frames (`runtime.gopanic`, and the builtin `panic(…)` it prints) are never the app's. */
function isRuntime(frame: Pick<StackFrame, 'module' | 'function'>): boolean {
  return frame.module === 'runtime' || (frame.module === undefined && frame.function === 'panic');
}

/** Reads a Go frame from its two lines: the call, then the indented file and line. */
export function parseGoFrame(callLine: string, locationLine: string): StackFrame | undefined {
  const name = functionName(callLine);
  const where = parseGoFileLine(locationLine);
  if (name === undefined || where === undefined || callLine.startsWith('\t')) return undefined;
  const names = splitFunction(name);
  return buildFrame({
    ...names,
    ...pathFields(where.path),
    lineno: where.lineno,
    in_app: isRuntime(names) ? false : undefined,
    platform: 'go',
  });
}

/** `panic: boom [recovered]` (newer Go: `[recovered, repanicked]`) → `boom`. */
function withoutRecovered(message: string): string {
  const mark = message.lastIndexOf(' [recovered');
  return mark >= 0 && message.endsWith(']') ? message.slice(0, mark) : message;
}

/** `panic: msg`, `fatal error: msg` or net/http's logged panic → type and value. */
function parseHeadline(line: string): Omit<ParsedException, 'frames'> | undefined {
  const mark = line.indexOf(HTTP_PANIC);
  if (mark >= 0) {
    const rest = line.slice(mark + HTTP_PANIC.length);
    const colon = rest.indexOf(': ');
    return colon < 0 ? { type: 'panic' } : { type: 'panic', value: rest.slice(colon + 2).trim() };
  }
  const headline = HEADLINE.exec(line);
  if (headline === null) return undefined;
  const message = withoutRecovered(headline[2] ?? '').trim();
  return message === '' ? { type: headline[1] } : { type: headline[1], value: message };
}

/**
 * Reads a Go panic or fatal error: the headline, then the first goroutine's frames (the one that
 * crashed; with GOTRACEBACK=all the others follow and are not this exception's, and a fatal
 * error's `runtime stack:` before it shows only the runtime). Without any goroutine line, as when
 * only frames were pasted, the first run of frames is read. `created by` names where the goroutine
 * was started rather than a call on its stack, so it is left out, as runtime.Callers (and so
 * sentry-go's stacks) leave it out.
 */
export function parseGoStack(text: string): ParsedException[] {
  const lines = splitLines(text);
  const hasGoroutine = lines.some(isGoroutineHeader);
  const header: Omit<ParsedException, 'frames'> = {};
  const frames: StackFrame[] = [];
  let inStack = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const trimmed = line.trim();
    if (isGoroutineHeader(trimmed)) {
      if (inStack) break;
      inStack = true;
      continue;
    }
    const headline = inStack ? undefined : parseHeadline(trimmed);
    if (headline !== undefined) {
      // The first headline is the crash; a re-panic repeats it indented below.
      header.type ??= headline.type;
      if (header.value === undefined && headline.value !== undefined) header.value = headline.value;
      continue;
    }
    if (!inStack && hasGoroutine) continue;
    if (trimmed === '' && frames.length > 0) break;
    if (trimmed.startsWith('created by ')) {
      i++;
      continue;
    }
    const frame = parseGoFrame(line, lines[i + 1] ?? '');
    if (frame !== undefined) {
      inStack = true;
      frames.push(frame);
      i++;
    }
  }
  if (header.type === undefined && frames.length === 0) return [];
  return [{ ...header, frames: frames.reverse() }];
}
