import type { StackFrame } from '../../protocol/event.js';
import { buildFrame, pathFields } from './build-frame.js';
import { splitLocation, toLineNumber } from './location.js';
import type { ParsedException } from './parsed-stack.js';
import { splitLines } from './text-lines.js';

// .NET Framework puts ` ---> Inner: msg` on the outer header's line; .NET Core starts a line with it.
const INNER_ARROW = /(?:^| )---> /m;
const END_OF_INNER = '--- End of inner exception stack trace ---';
// `System.InvalidOperationException: msg`, or with the HRESULT some exceptions print:
// `System.Data.SqlClient.SqlException (0x80131904): msg`. Dotted names, so no backtracking.
const HEADER = /^([A-Za-z_][\w`+]*(?:\.[A-Za-z_][\w`+]*)*)(?: \(0x[0-9A-Fa-f]+\))?(?::|$)/;
// What the console host prints before an unhandled exception (.NET Core 3+, .NET Framework).
const UNHANDLED = /^(?:Unhandled exception\. |Unhandled Exception: )/;

/** The type a header line opens with and where its message starts, when it names a type. */
function headerType(line: string): { type: string; end: number } | undefined {
  const match = HEADER.exec(line);
  const type = match?.[1];
  if (match === null || type === undefined) return undefined;
  // A bare word must end like an exception class: .NET always prints the namespace.
  return type.includes('.') || /(Exception|Error)$/.test(type) ? { type, end: match[0].length } : undefined;
}

/** Reads `Type: message`, or keeps the text as the value when it names no type. */
function parseHeader(text: string): Omit<ParsedException, 'frames'> {
  const trimmed = text.trim();
  const header = headerType(trimmed);
  if (header === undefined) return trimmed === '' ? {} : { value: trimmed };
  const value = trimmed.slice(header.end).trim();
  return value === '' ? { type: header.type } : { type: header.type, value };
}

/**
 * The header text from its first typed line on: loggers (ASP.NET Core's `fail: …[1]` and its
 * indented message) and the console host's `Unhandled exception. ` come before the exception.
 */
function headerText(lines: string[]): string {
  const unprefixed = lines.map((line) => line.trim().replace(UNHANDLED, ''));
  const start = unprefixed.findIndex((line) => headerType(line) !== undefined);
  return start < 0 ? unprefixed.join('\n') : unprefixed.slice(start).join('\n');
}

/** `Ns.Class.Method` → module `Ns.Class`, function `Method`; constructors are `Ns.Class..ctor`. */
function splitMethod(qualified: string): Pick<StackFrame, 'module' | 'function'> {
  let dot = qualified.lastIndexOf('.');
  if (dot > 0 && qualified[dot - 1] === '.') dot--;
  if (dot <= 0) return { function: qualified };
  return { module: qualified.slice(0, dot), function: qualified.slice(dot + 1) };
}

/** Where a .NET frame points: `C:\src\File.cs:line 42`, or Mono's `/src/File.cs:42`. */
function parseFrameLocation(location: string): Pick<StackFrame, 'filename' | 'abs_path' | 'lineno'> {
  const lineMark = location.lastIndexOf(':line ');
  if (lineMark > 0) {
    const path = location.slice(0, lineMark);
    return { ...pathFields(path), lineno: toLineNumber(location.slice(lineMark + ':line '.length)) };
  }
  // Mono prints `<filename unknown>:0` (or a module hash) when it has no symbols.
  const where = splitLocation(location);
  if (where.path === '' || where.path.startsWith('<')) return {};
  return { ...pathFields(where.path), lineno: where.lineno === 0 ? undefined : where.lineno };
}

/** Reads one .NET frame line (`   at Ns.Class.Method(String arg) in C:\src\File.cs:line 42`), or undefined. */
export function parseDotnetFrame(line: string): StackFrame | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith('at ')) return undefined;
  const rest = trimmed.slice(3);
  // Parameter lists hold only type and parameter names, so the first `)` closes the signature.
  const open = rest.indexOf('(');
  const close = rest.indexOf(')', open);
  const qualified = rest.slice(0, open).trim();
  // Mono's `(wrapper managed-to-native)` lines name no method of their own; parameters never hold
  // a path, which tells V8's `at fn (/app/x.js:1:2)` apart (Mono also puts a space before `(`).
  if (open <= 0 || close < 0 || qualified === '' || qualified.includes(' ')) return undefined;
  if (/[:/\\]/.test(rest.slice(open, close))) return undefined;
  let tail = rest.slice(close + 1).trim();
  // Mono adds the IL offset: `[0x0001c] in /src/File.cs:12`.
  if (tail.startsWith('[')) tail = tail.slice(tail.indexOf(']') + 1).trim();
  return buildFrame({
    ...splitMethod(qualified),
    ...(tail.startsWith('in ') ? parseFrameLocation(tail.slice(3).trim()) : {}),
    platform: 'csharp',
  });
}

/**
 * Reads an `Exception.ToString()` text. The header names the outer exception first, each inner one
 * after ` ---> `; the frames come innermost exception first, each block closed by
 * `--- End of inner exception stack trace ---`. So the n-th frame block belongs to the n-th header
 * from the end, and both already run in Sentry's oldest-cause-first order once the header is reversed.
 */
export function parseDotnetStack(text: string): ParsedException[] {
  const header: string[] = [];
  const blocks: StackFrame[][] = [[]];
  for (const line of splitLines(text)) {
    const trimmed = line.trim();
    // An AggregateException then lists each inner exception again, in full; the first is the chain above.
    if (trimmed.startsWith('---> (Inner Exception #')) break;
    if (trimmed === END_OF_INNER) {
      blocks.push([]);
      continue;
    }
    const frame = parseDotnetFrame(trimmed);
    const block = blocks[blocks.length - 1];
    if (frame !== undefined && block !== undefined) block.push(frame);
    else if (blocks.length === 1 && block?.length === 0) header.push(line);
    // Other lines (`--- End of stack trace from previous location ---` between async parts) are skipped.
  }
  const headers = headerText(header).split(INNER_ARROW).map(parseHeader).reverse();
  return headers.map((exception, index) => ({ ...exception, frames: (blocks[index] ?? []).reverse() }));
}
