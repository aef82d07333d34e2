import type { StackFrame } from '../../protocol/event.js';
import { buildFrame, pathFields } from './build-frame.js';
import { splitLocation, toLineNumber } from './location.js';
import { openingParen } from './parens.js';
import type { ParsedException } from './parsed-stack.js';
import { splitLines } from './text-lines.js';

// `0   MyApp   0x0000000100a2b3c4 -[ViewController buttonTapped:] + 52`: index, image, address, symbol.
const FRAME_START = /^(\d+)\s+(\S.*)$/;
const ADDRESS = /\s(0x[0-9a-fA-F]+)(?=\s|$)/;
// Blocks whose frames follow: an NSException's own backtrace, then the threads of a crash report.
const EXCEPTION_BACKTRACE = /^(?:Last Exception Backtrace:|\*\*\* First throw call stack:)/;
// `Thread 0 Crashed:`, `Thread 3:: Dispatch queue: …`, but not Xcode's `Thread 1: Fatal error: …`.
const THREAD = /^Thread \d+(?: Crashed)?:(?::|$)/;
const NSEXCEPTION = "*** Terminating app due to uncaught exception '";
// What the Swift runtime prints when it traps; `Fatal error` is the one `!` and `fatalError()` raise.
const SWIFT_TRAPS = ['Fatal error', 'Precondition failed', 'Assertion failed'];

/** Takes a trailing `(…)` group off a symbol: Xcode's `(File.swift:42)`, atos's `(in MyApp)`. */
function takeTrailingGroup(symbol: string): { rest: string; group?: string } {
  const open = openingParen(symbol);
  if (open <= 0 || symbol[open - 1] !== ' ') return { rest: symbol };
  return { rest: symbol.slice(0, open).trimEnd(), group: symbol.slice(open + 1, -1) };
}

/** The function, and the source position symbolication appended, from the symbol column. */
function parseSymbol(text: string): Pick<StackFrame, 'function' | 'filename' | 'abs_path' | 'lineno'> {
  let symbol = text;
  let source: Pick<StackFrame, 'filename' | 'abs_path' | 'lineno'> = {};
  const file = takeTrailingGroup(symbol);
  const where = file.group === undefined ? undefined : splitLocation(file.group);
  if (where?.lineno !== undefined && where.path !== '' && !where.path.includes(' ')) {
    source = { ...pathFields(where.path), lineno: where.lineno };
    symbol = file.rest;
  }
  const image = takeTrailingGroup(symbol);
  if (image.group?.startsWith('in ')) symbol = image.rest;
  const plus = symbol.lastIndexOf(' + ');
  if (plus > 0 && toLineNumber(symbol.slice(plus + 3)) !== undefined) symbol = symbol.slice(0, plus);
  // Unsymbolicated frames show the image's load address (`0x100a24000 + 32768`); Apple hides
  // some system symbols as `<redacted>`. Neither names a function.
  const named = symbol !== '' && !symbol.startsWith('0x') && symbol !== '<redacted>';
  return { ...(named ? { function: symbol } : {}), ...source };
}

/**
 * Reads one frame line of an Apple crash report or NSException backtrace, or undefined. Swift
 * symbols stay as printed, mangled (`$s5MyApp…`) or demangled (`MyApp.ViewController.crash() -> ()`):
 * demangling and in-app decisions belong to symbolication and the in-app step.
 */
export function parseCocoaFrame(line: string): StackFrame | undefined {
  const start = FRAME_START.exec(line.trim());
  const rest = start?.[2];
  if (rest === undefined) return undefined;
  const address = ADDRESS.exec(rest);
  if (address === null) return undefined;
  const image = rest.slice(0, address.index).trim();
  if (image === '') return undefined;
  return buildFrame({
    ...parseSymbol(rest.slice(address.index + address[0].length).trim()),
    package: image === '???' ? undefined : image,
    instruction_addr: address[1],
    platform: 'cocoa',
  });
}

interface SwiftTrap {
  type: string;
  value?: string;
  source?: { path: string; lineno?: number };
}

/**
 * Reads a Swift runtime trap: `Fatal error: msg: file MyApp/File.swift, line 42` (Swift < 5.9) or
 * `MyApp/File.swift:42: Fatal error: msg` (later). Parsed by hand from the right, so a message full
 * of `: file ` cannot make it backtrack.
 */
function parseSwiftTrap(line: string): SwiftTrap | undefined {
  for (const type of SWIFT_TRAPS) {
    const mark = line.indexOf(`${type}: `);
    if (mark < 0) continue;
    const message = line.slice(mark + type.length + 2);
    const lineAt = message.lastIndexOf(', line ');
    const fileAt = lineAt < 0 ? -1 : message.lastIndexOf(': file ', lineAt);
    if (fileAt >= 0) {
      return {
        type,
        value: message.slice(0, fileAt),
        source: {
          path: message.slice(fileAt + ': file '.length, lineAt),
          lineno: toLineNumber(message.slice(lineAt + 7)),
        },
      };
    }
    const where = splitLocation(line.slice(0, mark).replace(/:\s*$/, ''));
    const source = where.lineno === undefined || where.path.includes(' ') ? undefined : where;
    return { type, ...(message === '' ? {} : { value: message }), ...(source ? { source } : {}) };
  }
  return undefined;
}

/** `*** Terminating app due to uncaught exception 'NSRangeException', reason: '…'`, possibly after a log prefix. */
function parseNSException(line: string): Omit<ParsedException, 'frames'> | undefined {
  const mark = line.indexOf(NSEXCEPTION);
  if (mark < 0) return undefined;
  const rest = line.slice(mark + NSEXCEPTION.length);
  const quote = rest.indexOf("'");
  if (quote <= 0) return undefined;
  const reason = rest
    .slice(quote + 1)
    .replace(/^, reason: '/, '')
    .replace(/'$/, '');
  return { type: rest.slice(0, quote), value: reason };
}

/** The crash report's `Exception Type:` and `Exception Codes:` lines. */
interface MachException {
  type?: string;
  signal?: string;
  codes?: string;
}

/** Notes a crash report line about the Mach exception into `mach`. */
function readMachLine(line: string, mach: MachException): void {
  if (line.startsWith('Exception Type:')) {
    // `EXC_BAD_ACCESS (SIGSEGV)`: the Mach exception, then the signal it became.
    const [type, ...signal] = line.slice('Exception Type:'.length).trim().split(' ');
    mach.type = type;
    mach.signal = signal.join(' ').trim().replace(/^\(/, '').replace(/\)$/, '');
  } else if (line.startsWith('Exception Codes:')) {
    mach.codes = line.slice('Exception Codes:'.length).trim();
  }
}

/** The Swift trap as an exception header. */
function trapHeader(trap: SwiftTrap | undefined): Omit<ParsedException, 'frames'> | undefined {
  if (trap === undefined) return undefined;
  return trap.value ? { type: trap.type, value: trap.value } : { type: trap.type };
}

/** The Mach exception, valued by its codes (more specific than the signal) when present. */
function machHeader(mach: MachException): Omit<ParsedException, 'frames'> {
  if (mach.type === undefined) return {};
  const value = mach.codes || mach.signal;
  return value ? { type: mach.type, value } : { type: mach.type };
}

interface Block {
  kind: 'exception' | 'crashed' | 'thread' | 'loose';
  frames: StackFrame[];
}

/** Which block's frames are the crash: the NSException's backtrace, else the crashed thread, else the first. */
function crashBlock(blocks: Block[]): Block | undefined {
  const withFrames = blocks.filter((block) => block.frames.length > 0);
  return (
    withFrames.find((block) => block.kind === 'exception') ??
    withFrames.find((block) => block.kind === 'crashed') ??
    withFrames[0]
  );
}

/**
 * Reads an Apple crash report, an NSException's console output or pasted thread frames. One
 * exception: the NSException if one was raised, else the Swift trap, else the Mach exception
 * (`Exception Type: EXC_BAD_ACCESS (SIGSEGV)`, valued by its `Exception Codes`).
 */
export function parseCocoaStack(text: string): ParsedException[] {
  const blocks: Block[] = [];
  let current: Block | undefined;
  let nsException: Omit<ParsedException, 'frames'> | undefined;
  let trap: SwiftTrap | undefined;
  const mach: MachException = {};
  for (const line of splitLines(text)) {
    const trimmed = line.trim();
    const frame = parseCocoaFrame(trimmed);
    if (frame !== undefined) {
      if (current === undefined) blocks.push((current = { kind: 'loose', frames: [] }));
      current.frames.push(frame);
      continue;
    }
    if (EXCEPTION_BACKTRACE.test(trimmed) || THREAD.test(trimmed)) {
      const kind = EXCEPTION_BACKTRACE.test(trimmed)
        ? 'exception'
        : trimmed.includes(' Crashed:')
          ? 'crashed'
          : 'thread';
      blocks.push((current = { kind, frames: [] }));
      continue;
    }
    // A blank line ends a block; the NSException console output wraps its frames in `(` `)`.
    if (trimmed === '' || trimmed === ')') current = undefined;
    nsException ??= parseNSException(trimmed);
    trap ??= parseSwiftTrap(trimmed);
    readMachLine(trimmed, mach);
  }
  let frames = [...(crashBlock(blocks)?.frames ?? [])].reverse();
  if (frames.length === 0 && trap?.source !== undefined) {
    // Without a crash report the trap's own `file, line` is the only frame there is.
    frames = [buildFrame({ ...pathFields(trap.source.path), lineno: trap.source.lineno, platform: 'cocoa' })];
  }
  const header = nsException ?? trapHeader(trap) ?? machHeader(mach);
  if (header.type === undefined && frames.length === 0) return [];
  return [{ ...header, frames }];
}
