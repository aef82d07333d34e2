/**
 * Grouping v1: which issue an event belongs to. The components are human-readable lines
 * (`type: TypeError`, `frame: checkout.js in chargeCard`, `message: User <int> not found`) and the
 * hash is the MD5 of those lines, so a golden test can pin both what was hashed and the result.
 *
 * The order follows Sentry's newstyle strategies (src/sentry/grouping/strategies/newstyle.py):
 * SDK fingerprint > chained exception > threads/stacktrace > message > fallback. Where Faultline
 * departs, it is to group better than Sentry (frames are stable across deploys), GlitchTip (one
 * frame plus an unparameterised message) and Bugsink (no frames at all); each departure says so.
 *
 * The version is stored with every hash, so a v2 can ship without silently splitting issues.
 */
import { createHash } from 'node:crypto';

import type { ExceptionValue, NormalizedEvent, StackFrame } from '../../protocol/event.js';
import { isInAppFrame } from '../in-app.js';
import {
  crashFrames,
  exceptionsOf,
  findCrashFrame,
  framesOf,
  hasFunction,
  selectThread,
} from './crash-frame.js';
import { describeFrame, normalizeFilename, normalizeFrame, normalizeFunction } from './normalize-frame.js';
import { Memo } from './memo.js';
import { parameterize } from './parameterize.js';

export const GROUPING_VERSION = 'faultline:v1';

/** Which rule produced the key. */
export type GroupingVariant = 'fingerprint' | 'exception' | 'threads' | 'message' | 'fallback';

/** An event's grouping key and the readable inputs it was hashed from. */
export interface GroupingResult {
  version: string;
  /** 32 lower-case hex characters: MD5 of `components` joined by newlines. */
  hash: string;
  variant: GroupingVariant;
  /** The human-readable inputs hashed, for debugging and golden tests. */
  components: string[];
}

interface DefaultGrouping {
  variant: Exclude<GroupingVariant, 'fingerprint'>;
  components: string[];
}

/** A stack reduced to grouping lines: app frames when any contribute, else all (Sentry's app/system variants). */
interface StackLines {
  app: string[];
  all: string[];
}

// Recursion of up to this many frames per cycle collapses (A B A B A B → A B), so a stack overflow
// truncated at a different depth, or recursing a different number of times, is still one issue.
const MAX_RECURSION_CYCLE = 3;

function sameRun(lines: string[], start: number, other: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (lines[start + i] !== lines[other + i]) return false;
  return true;
}

/** Appends a frame line, dropping it and any repeated cycle it completes (Sentry ignores recursive frames). */
function pushCollapsed(lines: string[], line: string): void {
  lines.push(line);
  for (let period = 1; period <= MAX_RECURSION_CYCLE; period++) {
    while (
      lines.length >= 2 * period &&
      sameRun(lines, lines.length - period, lines.length - 2 * period, period)
    ) {
      lines.length -= period;
    }
  }
}

// Frame lines by everything `normalizeFrame` reads; `null` for frames that do not contribute.
const frameLines = new Memo<string | null>(20_000);

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function frameLine(frame: StackFrame, platform: string): string | null {
  // Concatenated, not joined from an array: this runs for every frame of every event.
  const key = `${platform}\u0000${str(frame.platform)}\u0000${str(frame.module)}\u0000${str(frame.filename)}\u0000${str(frame.abs_path)}\u0000${str(frame.function)}\u0000${str(frame.raw_function)}`;
  return frameLines.get(key, () => {
    const components = normalizeFrame(frame, platform);
    return components ? `frame: ${describeFrame(components)}` : null;
  });
}

function stackLines(frames: StackFrame[], platform: string): StackLines {
  const app: string[] = [];
  const all: string[] = [];
  for (const frame of frames) {
    const line = frameLine(frame, platform);
    if (line === null) continue;
    pushCollapsed(all, line);
    if (isInAppFrame(frame, platform)) pushCollapsed(app, line);
  }
  return { app, all };
}

function pickFrames(
  stacks: StackLines[],
): { kind: 'in-app' | 'all frames'; pick: (s: StackLines) => string[] } | undefined {
  if (stacks.some((s) => s.app.length > 0)) return { kind: 'in-app', pick: (s) => s.app };
  if (stacks.some((s) => s.all.length > 0)) return { kind: 'all frames', pick: (s) => s.all };
  return undefined;
}

function text(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** The message to group on: the template before it was formatted (Sentry's `message:v1`). */
function messageTemplate(event: NormalizedEvent): string | undefined {
  return text(event.logentry?.message) ?? text(event.logentry?.formatted) ?? text(event.message);
}

function parameterizedMessage(event: NormalizedEvent): string | undefined {
  const template = messageTemplate(event);
  return template === undefined ? undefined : text(parameterize(template));
}

function isSynthetic(exception: ExceptionValue): boolean {
  return exception.mechanism?.synthetic === true;
}

function exceptionGrouping(event: NormalizedEvent): DefaultGrouping | undefined {
  const exceptions = exceptionsOf(event);
  if (exceptions.length === 0) return undefined;
  const stacks = exceptions.map((ex) => stackLines(framesOf(ex.stacktrace), event.platform));
  const frames = pickFrames(stacks);
  const components: string[] = [];
  exceptions.forEach((ex, i) => {
    const type = text(ex.type);
    // Sentry: a synthetic exception's type is made up by the SDK (`Error`, a signal name), not thrown.
    if (type !== undefined && !isSynthetic(ex)) components.push(`type: ${type}`);
    const stack = stacks[i];
    if (frames && stack) components.push(...frames.pick(stack));
    // Sentry: the value counts only without a stack, and parameterised. Departure: a synthetic
    // exception is a message with a stack attached (captureMessage with attachStacktrace), so its
    // value is the message and always counts — else every message sent from one place is one issue.
    if (!frames || isSynthetic(ex)) {
      const value = text(ex.value);
      const normalized = value === undefined ? undefined : text(parameterize(value));
      if (normalized !== undefined) components.push(`value: ${normalized}`);
    }
  });
  if (components.length === 0) return undefined;
  if (frames) components.unshift(`stack: ${frames.kind}`);
  else if (!components.some((c) => c.startsWith('value: '))) {
    // Only bare types (`Error`, no stack, no message): where it happened is all that is left to
    // tell one such error from another. Sentry and Bugsink would group them all as one.
    const where = text(event.culprit) ?? text(event.transaction);
    if (where !== undefined) components.push(`culprit: ${where}`);
  }
  return { variant: 'exception', components };
}

/**
 * A stack without an exception: the crashed/only/current thread, or a top-level `stacktrace`.
 * Departure: Sentry hashes only the stack, so every message logged through one helper is one issue;
 * here the message template counts too.
 */
function threadGrouping(event: NormalizedEvent): DefaultGrouping | undefined {
  let frames = framesOf(selectThread(event)?.stacktrace);
  if (frames.length === 0) frames = framesOf(event.stacktrace);
  if (frames.length === 0) return undefined;
  const stack = stackLines(frames, event.platform);
  const chosen = pickFrames([stack]);
  if (!chosen) return undefined;
  const components = [`stack: ${chosen.kind}`, ...chosen.pick(stack)];
  const message = parameterizedMessage(event);
  if (message !== undefined) components.push(`message: ${message}`);
  return { variant: 'threads', components };
}

function messageGrouping(event: NormalizedEvent): DefaultGrouping | undefined {
  const message = parameterizedMessage(event);
  return message === undefined ? undefined : { variant: 'message', components: [`message: ${message}`] };
}

/**
 * Nothing to group on. Never lump unrelated events together: use where the event came from and its
 * level, and if even that is missing, the event id, so the event stands alone.
 */
function fallbackGrouping(event: NormalizedEvent): DefaultGrouping {
  const culprit = text(event.culprit);
  const transaction = text(event.transaction);
  if (culprit !== undefined || transaction !== undefined) {
    const components = culprit !== undefined ? [`culprit: ${culprit}`] : [`transaction: ${transaction}`];
    components.push(`level: ${event.level}`);
    return { variant: 'fallback', components };
  }
  return { variant: 'fallback', components: [`event: ${event.event_id}`] };
}

/** The grouping Faultline uses when the SDK sends no fingerprint. */
export function defaultGrouping(event: NormalizedEvent): DefaultGrouping {
  return (
    exceptionGrouping(event) ?? threadGrouping(event) ?? messageGrouping(event) ?? fallbackGrouping(event)
  );
}

const FINGERPRINT_VARIABLE = /^\{\{\s*([\w.-]+)\s*\}\}$/;

function crashFrame(event: NormalizedEvent): StackFrame | undefined {
  return findCrashFrame(crashFrames(event), event.platform, hasFunction);
}

/**
 * The value of a fingerprint variable (Sentry's `{{ transaction }}`, `{{ error.type }}`…, see
 * docs "fingerprint rules" → variables), `<no-…>` when the event has none — Sentry does the same,
 * so such events group together rather than falling back to the default.
 */
function expandVariable(name: string, event: NormalizedEvent): string | undefined {
  const main = exceptionsOf(event).at(-1);
  switch (name.toLowerCase()) {
    case 'transaction':
      return `transaction: ${text(event.transaction) ?? '<no-transaction>'}`;
    case 'type':
    case 'error.type':
      return `type: ${text(main?.type) ?? '<no-type>'}`;
    case 'value':
    case 'error.value':
      return `value: ${text(main?.value) ?? '<no-value>'}`;
    case 'message':
      // Parameterised, as the default message grouping, so `{{ message }}` does not become one issue per id.
      return `message: ${parameterizedMessage(event) ?? '<no-message>'}`;
    case 'level':
      return `level: ${event.level}`;
    case 'logger':
      return `logger: ${text(event.logger) ?? '<no-logger>'}`;
    case 'function':
    case 'stack.function': {
      const frame = crashFrame(event);
      const fn = frame?.function ? normalizeFunction(frame.function, event.platform) : undefined;
      return `function: ${fn ?? '<no-function>'}`;
    }
    case 'module':
    case 'stack.module':
      return `module: ${text(crashFrame(event)?.module) ?? '<no-module>'}`;
    case 'package':
    case 'stack.package':
      return `package: ${text(crashFrame(event)?.package) ?? '<no-package>'}`;
    case 'filename':
    case 'stack.filename':
    case 'stack.abs_path': {
      const frame = crashFrame(event);
      const path = frame?.filename ?? frame?.abs_path;
      return `filename: ${(path && normalizeFilename(path)) ?? '<no-filename>'}`;
    }
    default:
      if (name.toLowerCase().startsWith('tags.')) {
        // Tag keys keep their case: `{{ tags.Region }}` reads the tag `Region`.
        const key = name.slice('tags.'.length);
        const tag = Array.isArray(event.tags) ? event.tags.find(([k]) => k === key) : undefined;
        return `tags.${key}: ${tag?.[1] ?? '<no-value>'}`;
      }
      return undefined;
  }
}

function md5(components: string[]): string {
  return createHash('md5').update(components.join('\n')).digest('hex');
}

/** Groups an event: the SDK fingerprint if any (with `{{ … }}` variables expanded), else the default. */
export function computeGrouping(event: NormalizedEvent): GroupingResult {
  const fingerprint = Array.isArray(event.fingerprint)
    ? event.fingerprint.filter((p) => typeof p === 'string' || typeof p === 'number').map(String)
    : [];
  const variableName = (part: string): string | undefined => FINGERPRINT_VARIABLE.exec(part.trim())?.[1];
  // `["{{ default }}"]` is the default grouping itself (Sentry gives it the default hash too).
  if (
    fingerprint.length === 0 ||
    (fingerprint.length === 1 && variableName(fingerprint[0] ?? '')?.toLowerCase() === 'default')
  ) {
    const { variant, components } = defaultGrouping(event);
    return { version: GROUPING_VERSION, hash: md5(components), variant, components };
  }
  const components: string[] = [];
  for (const part of fingerprint) {
    const name = variableName(part);
    if (name?.toLowerCase() === 'default') components.push(...defaultGrouping(event).components);
    else components.push((name !== undefined && expandVariable(name, event)) || `fingerprint: ${part}`);
  }
  return { version: GROUPING_VERSION, hash: md5(components), variant: 'fingerprint', components };
}
