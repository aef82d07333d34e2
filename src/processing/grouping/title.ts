/**
 * What an issue is called and where it points, as Sentry shows them: the title
 * (`TypeError: Cannot read properties of undefined`), the culprit (`chargeCard(client)`) and the
 * metadata behind both (src/sentry/eventtypes/error.py `ErrorEvent`, src/sentry/culprit.py
 * `generate_culprit`, src/sentry/stacktraces/processing.py `get_crash_frame_from_event_data`).
 * These are display strings only; grouping never reads them.
 */
import type { ExceptionValue, NormalizedEvent, StackFrame } from '../../protocol/event.js';
import { platformFamily } from '../in-app.js';
import {
  crashFrames,
  exceptionsOf,
  findCrashFrame,
  framesOf,
  hasFunction,
  mainException,
} from './crash-frame.js';

/** The facts behind an issue's title, as Sentry stores them in `metadata`. */
export interface EventMetadata {
  type?: string;
  value?: string;
  filename?: string;
  function?: string;
}

// Sentry trims the metadata type to 128 and the value to 1024 characters, and culprits to 200.
// Titles are stored in full there and cut to 100 only in the UI; Faultline stores at most 200.
const MAX_TYPE = 128;
const MAX_VALUE = 1024;
const MAX_TITLE = 200;
const MAX_CULPRIT = 200;
const MAX_CULPRIT_LOCATION = 64;
// Function names that would make a meaningless title.
const UNNAMED = new Set(['?', '<anonymous>', 'Anonymous function']);

/** Cut to `max` characters with an ellipsis, never splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

function firstLine(text: string): string {
  const trimmed = text.trim();
  const newline = trimmed.indexOf('\n');
  return (newline === -1 ? trimmed : trimmed.slice(0, newline)).trim();
}

function nonEmpty(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function isSynthetic(exception: ExceptionValue): boolean {
  return exception.mechanism?.synthetic === true;
}

function paramText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return 'undefined';
  return JSON.stringify(value) ?? String(value);
}

/**
 * A log template filled with its parameters, for SDKs that send no `formatted` (sentry-python's
 * logging integration): `%s`-style positional and `%(name)s` named, `{}`/`{0}` positional and
 * `{name}` named, as Relay's `normalize_logentry` formats them. Unmatched placeholders stay.
 */
export function formatLogMessage(template: string, params: unknown): string {
  if (Array.isArray(params)) {
    let next = 0;
    return template.replace(/%%|%[sdifrxoc]|\{(\d*)\}/g, (token: string, index: string | undefined) => {
      if (token === '%%') return '%';
      const at = index ? Number(index) : next++;
      return at < params.length ? paramText(params[at]) : token;
    });
  }
  if (typeof params === 'object' && params !== null) {
    const named = params as Record<string, unknown>;
    return template.replace(/%\((\w+)\)[sdifr]|\{(\w+)\}/g, (token: string, a?: string, b?: string) => {
      const key = a ?? b ?? '';
      return Object.hasOwn(named, key) ? paramText(named[key]) : token;
    });
  }
  return template;
}

/** The message as the user wrote it, formatted with its parameters (titles show what was logged). */
function displayMessage(event: NormalizedEvent): string | undefined {
  const template = nonEmpty(event.logentry?.message);
  const formatted =
    template !== undefined && event.logentry?.params !== undefined
      ? formatLogMessage(template, event.logentry.params)
      : template;
  return nonEmpty(event.logentry?.formatted) ?? nonEmpty(event.message) ?? formatted;
}

function crashLocation(event: NormalizedEvent): StackFrame | undefined {
  return findCrashFrame(crashFrames(event), event.platform, hasFunction);
}

/** Type, value and crash location of an event, as Sentry's `ErrorEvent.get_metadata` computes them. */
export function computeMetadata(event: NormalizedEvent): EventMetadata {
  const exception = mainException(event);
  const metadata: EventMetadata = {};
  if (exception) {
    // Sentry: a synthetic exception's type is invented by the SDK, so it is not recorded.
    const type = nonEmpty(exception.type);
    if (type !== undefined && !isSynthetic(exception)) metadata.type = truncate(type, MAX_TYPE);
    const value = nonEmpty(exception.value);
    if (value !== undefined) metadata.value = truncate(value, MAX_VALUE);
  } else {
    const message = displayMessage(event);
    if (message !== undefined) metadata.value = truncate(message, MAX_VALUE);
  }
  const frame = crashLocation(event);
  if (frame) {
    const filename = nonEmpty(frame.filename) ?? nonEmpty(frame.abs_path);
    if (filename !== undefined) metadata.filename = filename;
    const fn = nonEmpty(frame.function);
    if (fn !== undefined) metadata.function = fn;
  }
  return metadata;
}

/**
 * The issue title: `Type: first line of value` for errors, the first line of the formatted message
 * for messages, `<unlabeled event>` when there is neither (Sentry's wording).
 */
export function computeTitle(event: NormalizedEvent): string {
  const exception = mainException(event);
  if (exception) {
    const metadata = computeMetadata(event);
    const value = metadata.value === undefined ? undefined : firstLine(metadata.value);
    if (metadata.type !== undefined)
      return truncate(value ? `${metadata.type}: ${value}` : metadata.type, MAX_TITLE);
    // Sentry titles a synthetic exception by its crash function. When the SDK sent no type at all,
    // the exception is a message with a stack attached (captureMessage + attachStacktrace), and the
    // message says more than the function it was logged from.
    const typeless = nonEmpty(exception.type) === undefined;
    const fn =
      metadata.function !== undefined && !UNNAMED.has(metadata.function) ? metadata.function : undefined;
    const title = (typeless ? value : undefined) ?? fn ?? value ?? firstLineOf(displayMessage(event));
    if (title) return truncate(title, MAX_TITLE);
  }
  const message = firstLineOf(displayMessage(event));
  if (message) return truncate(message, MAX_TITLE);
  const transaction = nonEmpty(event.transaction);
  if (transaction !== undefined && event.type === 'transaction') return truncate(transaction, MAX_TITLE);
  return '<unlabeled event>';
}

function firstLineOf(text: string | undefined): string | undefined {
  return text === undefined ? undefined : firstLine(text) || undefined;
}

/** A URL's path, as Sentry shows processed JavaScript filenames (`/vendor.js`, not the full URL). */
function displayPath(path: string): string {
  const match = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/]*(\/.*)?$/.exec(path);
  return match ? (match[1] ?? '/') : path;
}

/** One frame as a culprit: `module in function`, JavaScript's `function(file)`, native's `function`. */
function frameCulprit(frame: StackFrame, eventPlatform: string): string {
  const platform = typeof frame.platform === 'string' && frame.platform ? frame.platform : eventPlatform;
  const fn = nonEmpty(frame.function);
  const family = platformFamily(platform);
  if (family === 'native') return fn ?? '?';
  const location = nonEmpty(frame.module) ?? nonEmpty(frame.filename) ?? nonEmpty(frame.abs_path);
  if (location === undefined) return '';
  if (family === 'javascript') return `${fn ?? '?'}(${displayPath(location)})`;
  return `${truncate(location, MAX_CULPRIT_LOCATION)} in ${fn ?? '?'}`;
}

/** The frame-based culprit: the first in-app frame from the crash outwards, else the crash frame. */
function stackCulprit(frames: StackFrame[], platform: string): string | undefined {
  const frame = findCrashFrame(frames, platform, (f) => frameCulprit(f, platform) !== '');
  return frame ? frameCulprit(frame, platform) : undefined;
}

/**
 * Where the issue happened: the SDK's culprit, else the transaction, else the crash-side in-app frame
 * (Sentry's `generate_culprit`, which gives synthetic exceptions none), else the request URL.
 */
export function computeCulprit(event: NormalizedEvent): string {
  const given = nonEmpty(event.culprit) ?? nonEmpty(event.transaction);
  if (given !== undefined) return truncate(given, MAX_CULPRIT);
  const exceptions = exceptionsOf(event);
  let culprit: string | undefined;
  if (exceptions.length === 0) culprit = stackCulprit(crashFrames(event), event.platform);
  else if (!isSynthetic(exceptions[exceptions.length - 1] as ExceptionValue)) {
    // The last exception in the chain that has a stack, as Sentry's `generate_culprit` picks.
    const withStack = exceptions.findLast((ex) => framesOf(ex.stacktrace).length > 0);
    if (withStack) culprit = stackCulprit(framesOf(withStack.stacktrace), event.platform);
  }
  culprit ??= nonEmpty(event.request?.url);
  return culprit === undefined ? '' : truncate(culprit, MAX_CULPRIT);
}
