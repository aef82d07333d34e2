import type { ExceptionValue, Level, NormalizedEvent, StackFrame, Stacktrace } from '../protocol/event.js';
import { DropError } from './drop-reason.js';

const LEVELS: Record<string, Level> = {
  fatal: 'fatal',
  critical: 'fatal',
  error: 'error',
  warning: 'warning',
  warn: 'warning',
  info: 'info',
  log: 'info',
  debug: 'debug',
  trace: 'debug',
};
// Python logging numbers, which raven-python sent as `level`.
const NUMERIC_LEVELS: [number, Level][] = [
  [50, 'fatal'],
  [40, 'error'],
  [30, 'warning'],
  [20, 'info'],
  [0, 'debug'],
];

// Pre-2018 SDKs put interfaces under these names (develop-docs "interfaces", legacy aliases).
const LEGACY_KEYS: Record<string, string> = {
  'sentry.interfaces.Exception': 'exception',
  'sentry.interfaces.Message': 'logentry',
  'sentry.interfaces.Stacktrace': 'stacktrace',
  'sentry.interfaces.Http': 'request',
  'sentry.interfaces.User': 'user',
  'sentry.interfaces.Breadcrumbs': 'breadcrumbs',
  'sentry.interfaces.Template': 'template',
  'sentry.interfaces.Threads': 'threads',
  'sentry.interfaces.DebugMeta': 'debug_meta',
  'sentry.interfaces.Contexts': 'contexts',
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// The largest time a JavaScript Date can hold, in seconds: beyond it nothing can display the event.
const MAX_DATE_SECONDS = 8.64e12;

/** A time a Date can hold, else undefined. */
function representable(seconds: number): number | undefined {
  return Math.abs(seconds) <= MAX_DATE_SECONDS ? seconds : undefined;
}

/** Seconds since the epoch from a float, a numeric string or an RFC 3339 string. */
export function parseTimestamp(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return representable(v > 1e11 ? v / 1000 : v);
  if (typeof v === 'string' && v.trim() !== '') {
    if (/^\d+(\.\d+)?$/.test(v)) return parseTimestamp(Number(v));
    // Sentry treats a timestamp without zone as UTC.
    const iso = /[zZ]|[+-]\d\d:?\d\d$/.test(v) ? v : `${v}Z`;
    const ms = Date.parse(iso);
    if (Number.isFinite(ms)) return ms / 1000;
  }
  return undefined;
}

/** A level from its name or a Python logging number; anything else is `error`. */
export function parseLevel(v: unknown): Level {
  if (typeof v === 'string') return LEVELS[v.toLowerCase()] ?? 'error';
  if (typeof v === 'number') return NUMERIC_LEVELS.find(([n]) => v >= n)?.[1] ?? 'error';
  return 'error';
}

/** Tags as ordered [key, value] pairs from an object or a list of pairs. */
export function parseTags(v: unknown): [string, string][] {
  const out: [string, string][] = [];
  const push = (k: unknown, val: unknown) => {
    if (typeof k !== 'string' || k === '' || val === null || val === undefined) return;
    out.push([k, typeof val === 'string' ? val : JSON.stringify(val)]);
  };
  if (Array.isArray(v)) {
    for (const pair of v) if (Array.isArray(pair)) push(pair[0], pair[1]);
  } else if (isRecord(v)) {
    for (const [k, val] of Object.entries(v)) push(k, val);
  }
  return out;
}

// U+0000 (which PostgreSQL text cannot hold) and unpaired surrogates (which cannot be encoded
// as UTF-8, so each driver would replace them its own way).
// eslint-disable-next-line no-control-regex -- U+0000 is exactly what these look for
const MAYBE_UNSAFE = /[\u0000\ud800-\udfff]/;
// eslint-disable-next-line no-control-regex -- as above
const UNSAFE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

// A JSON text yields U+0000 or a lone surrogate only through a `\u` escape: raw control characters
// are not valid JSON, and decoding UTF-8 never produces a surrogate on its own.
const UNSAFE_ESCAPE = /^\\u(?:0000|[dD][89a-fA-F])/;

/**
 * Whether every string and key parsed from this JSON text is already storable, so makeStringsSafe
 * would change nothing: one scan of the text instead of a walk over the parsed value. False
 * positives (an escaped backslash before `u0000`) only cost the walk.
 */
export function isJsonTextSafe(text: string): boolean {
  // indexOf finds `\u` some twenty times faster than a regex scans the whole text; escapes are rare.
  for (let i = text.indexOf('\\u'); i !== -1; i = text.indexOf('\\u', i + 2)) {
    if (UNSAFE_ESCAPE.test(text.slice(i, i + 6))) return false;
  }
  return true;
}

/** The string with U+0000 and unpaired surrogates replaced by U+FFFD, as a UTF-8 decoder would. */
export function safeString(s: string): string {
  return MAYBE_UNSAFE.test(s) ? s.replace(UNSAFE, '\ufffd') : s;
}

function define(node: Record<string, unknown>, key: string, value: unknown): void {
  // defineProperty, not assignment: a key named `__proto__` must stay plain data.
  Object.defineProperty(node, key, { value, writable: true, enumerable: true, configurable: true });
}

/**
 * Makes every string and key of a JSON value storable the same way on SQLite and PostgreSQL, in
 * place, iteratively (payloads can nest deep). Returns the value, or the fixed string.
 */
export function makeStringsSafe<T>(root: T): T {
  if (typeof root === 'string') return safeString(root) as T;
  if (typeof root !== 'object' || root === null) return root;
  const seen = new Set<object>();
  const stack: object[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (seen.has(node)) continue;
    seen.add(node);
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const v: unknown = node[i];
        if (typeof v === 'string') node[i] = safeString(v);
        else if (typeof v === 'object' && v !== null) stack.push(v);
      }
      continue;
    }
    const record = node as Record<string, unknown>;
    const keys = Object.keys(record);
    // A key that changes is rare; the object is then rebuilt so that its keys keep their order.
    const rename = keys.some((k) => safeString(k) !== k);
    for (const key of keys) {
      const v = record[key];
      if (typeof v === 'object' && v !== null) stack.push(v);
      const value = typeof v === 'string' ? safeString(v) : v;
      if (rename) {
        delete record[key];
        define(record, safeString(key), value);
      } else if (value !== v) {
        define(record, key, value);
      }
    }
  }
  return root;
}

/** A scalar field as text: strings as they are, numbers and booleans spelled out, anything else dropped. */
function scalarText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** The user interface with its identifying fields as strings or numbers only (user keys read them). */
function parseUser(v: unknown): NormalizedEvent['user'] {
  if (!isRecord(v)) return undefined;
  const user: Record<string, unknown> = { ...v };
  for (const k of ['id', 'email', 'username', 'ip_address', 'name']) {
    const field = user[k];
    if (field === undefined || typeof field === 'string') continue;
    if (k === 'id' && typeof field === 'number') continue;
    delete user[k];
  }
  return user;
}

const FRAME_TEXT_FIELDS = [
  'filename',
  'abs_path',
  'module',
  'package',
  'function',
  'raw_function',
  'symbol',
  'platform',
  'context_line',
  'instruction_addr',
  'symbol_addr',
  'image_addr',
] as const;

/** A frame whose fields have the types every later step reads them as; wrong ones are dropped. */
function parseFrame(v: Record<string, unknown>): StackFrame {
  const frame: Record<string, unknown> = { ...v };
  for (const k of FRAME_TEXT_FIELDS) {
    if (frame[k] !== undefined && typeof frame[k] !== 'string') delete frame[k];
  }
  for (const k of ['lineno', 'colno']) {
    const n = frame[k];
    if (n === undefined || (typeof n === 'number' && Number.isFinite(n))) continue;
    if (typeof n === 'string' && /^\d{1,15}$/.test(n)) frame[k] = Number(n);
    else delete frame[k];
  }
  if (frame.in_app !== undefined && typeof frame.in_app !== 'boolean') delete frame.in_app;
  for (const k of ['pre_context', 'post_context']) {
    const lines = frame[k];
    if (lines === undefined) continue;
    if (Array.isArray(lines)) frame[k] = lines.map((l) => (typeof l === 'string' ? l : ''));
    else delete frame[k];
  }
  if (frame.vars !== undefined && !isRecord(frame.vars)) delete frame.vars;
  return frame as StackFrame;
}

/** A stacktrace whose frames are all well-typed objects; anything else is not a stacktrace. */
function parseStacktrace(v: unknown): Stacktrace | undefined {
  if (!isRecord(v) || !Array.isArray(v.frames)) return undefined;
  return { ...v, frames: v.frames.filter(isRecord).map(parseFrame) } as Stacktrace;
}

function parseExceptions(v: unknown): { values: ExceptionValue[] } | undefined {
  const list = Array.isArray(v) ? v : isRecord(v) ? (Array.isArray(v.values) ? v.values : [v]) : undefined;
  if (!list) return undefined;
  const values = list.filter(isRecord).map((e) => {
    const ex = { ...e } as ExceptionValue;
    // A string stacktrace is a text stack for parseRawStacks; any other non-object is noise.
    if (typeof ex.stacktrace !== 'string') {
      const stacktrace = parseStacktrace(ex.stacktrace);
      if (stacktrace) ex.stacktrace = stacktrace;
      else delete ex.stacktrace;
    }
    for (const k of ['type', 'module'] as const) {
      if (ex[k] !== undefined && typeof ex[k] !== 'string') {
        const text = scalarText(ex[k]);
        if (text === undefined) delete ex[k];
        else ex[k] = text;
      }
    }
    if (ex.value !== undefined && typeof ex.value !== 'string') ex.value = JSON.stringify(ex.value);
    return ex;
  });
  return values.length ? { values } : undefined;
}

/** Threads with object entries and well-formed stacktraces, or undefined. */
function parseThreads(v: unknown): NormalizedEvent['threads'] {
  const list = Array.isArray(v) ? v : isRecord(v) && Array.isArray(v.values) ? v.values : undefined;
  if (!list) return undefined;
  const values = list.filter(isRecord).map((t) => {
    const thread: Record<string, unknown> = { ...t };
    const stacktrace = parseStacktrace(thread.stacktrace);
    if (stacktrace) thread.stacktrace = stacktrace;
    else delete thread.stacktrace;
    return thread;
  });
  return { values } as NormalizedEvent['threads'];
}

/** A log entry whose message and formatted text are strings. */
function parseLogEntry(v: Record<string, unknown>): NormalizedEvent['logentry'] {
  const entry: Record<string, unknown> = { ...v };
  for (const k of ['message', 'formatted']) {
    if (entry[k] === undefined) continue;
    const text = scalarText(entry[k]);
    if (text === undefined) delete entry[k];
    else entry[k] = text;
  }
  return entry as NormalizedEvent['logentry'];
}

/**
 * Folds every accepted shape of an event into NormalizedEvent. Unknown fields are kept as they are;
 * what could not be understood is left out rather than failing the event. Every string comes out
 * storable (see makeStringsSafe), so no backend refuses what another one kept.
 */
export function normalizeEvent(
  raw: unknown,
  ctx: {
    eventId: string;
    receivedAt: number;
    sentAt?: number | undefined;
    /** The caller has checked (isJsonTextSafe) that every string of `raw` is storable already. */
    stringsSafe?: boolean;
  },
): NormalizedEvent {
  if (!isRecord(raw)) throw new DropError('not_an_object', 'event payload is not a JSON object');
  const e: Record<string, unknown> = { ...(ctx.stringsSafe ? raw : makeStringsSafe(raw)) };
  for (const [legacy, modern] of Object.entries(LEGACY_KEYS)) {
    if (Object.hasOwn(e, legacy)) {
      if (!Object.hasOwn(e, modern)) e[modern] = e[legacy];
      delete e[legacy];
    }
  }

  let timestamp = parseTimestamp(e.timestamp) ?? ctx.receivedAt;
  // Clock drift: shift by the difference between the SDK's send time and our receive time.
  if (ctx.sentAt !== undefined && Math.abs(ctx.receivedAt - ctx.sentAt) > 60) {
    timestamp = representable(timestamp + ctx.receivedAt - ctx.sentAt) ?? ctx.receivedAt;
  }

  let logentry = isRecord(e.logentry) ? parseLogEntry(e.logentry) : undefined;
  let message: string | undefined;
  if (typeof e.message === 'string') message = e.message;
  else if (isRecord(e.message)) logentry ??= parseLogEntry(e.message);
  if (!logentry && message) logentry = { formatted: message };

  let exception = parseExceptions(e.exception);
  // A top-level stacktrace belongs to the (single) exception, or stands alone on message events;
  // a text one stays for parseRawStacks.
  const stacktrace = typeof e.stacktrace === 'string' ? e.stacktrace : parseStacktrace(e.stacktrace);
  delete e.stacktrace;
  const only = exception?.values.length === 1 ? exception.values[0] : undefined;
  if (only && !only.stacktrace && typeof stacktrace === 'object') only.stacktrace = stacktrace;
  else if (stacktrace !== undefined) e.stacktrace = stacktrace;
  if (!exception && e.exception !== undefined) exception = undefined;
  const threads = parseThreads(e.threads);

  const breadcrumbs = Array.isArray(e.breadcrumbs)
    ? { values: e.breadcrumbs.filter(isRecord) }
    : isRecord(e.breadcrumbs) && Array.isArray(e.breadcrumbs.values)
      ? { values: e.breadcrumbs.values.filter(isRecord) }
      : undefined;

  const out: NormalizedEvent = {
    ...e,
    event_id: ctx.eventId,
    timestamp,
    received: ctx.receivedAt,
    platform: typeof e.platform === 'string' && e.platform ? e.platform : 'other',
    level: parseLevel(e.level),
    tags: parseTags(e.tags),
  };
  if (logentry) out.logentry = logentry;
  else delete out.logentry;
  if (message !== undefined) out.message = message;
  else delete out.message;
  if (exception) out.exception = exception;
  else delete out.exception;
  if (threads) out.threads = threads;
  else delete out.threads;
  if (breadcrumbs) out.breadcrumbs = breadcrumbs as NormalizedEvent['breadcrumbs'];
  else delete out.breadcrumbs;
  // Normalization and trimming record into `_meta`; whatever else a client sent there must be an object.
  if (out._meta !== undefined && !isRecord(out._meta)) delete out._meta;
  const user = parseUser(e.user);
  if (user) out.user = user;
  else delete out.user;
  for (const k of [
    'release',
    'environment',
    'dist',
    'transaction',
    'server_name',
    'logger',
    'culprit',
  ] as const) {
    const text = scalarText(e[k]);
    if (text === undefined) delete out[k];
    else out[k] = text;
  }
  return out;
}
