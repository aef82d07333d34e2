import { PayloadTooLargeError, ValidationError } from '../lib/errors.js';

/** Envelope headers (develop-docs/sdk/data-model/envelopes.mdx); unknown ones must be kept. */
export interface EnvelopeHeaders {
  event_id?: unknown;
  dsn?: unknown;
  sent_at?: unknown;
  sdk?: unknown;
  trace?: unknown;
  [key: string]: unknown;
}

/** Item headers: `type` is the only required one; `length` is recommended but often absent. */
export interface ItemHeaders {
  type: string;
  length?: number;
  content_type?: unknown;
  filename?: unknown;
  attachment_type?: unknown;
  item_count?: unknown;
  [key: string]: unknown;
}

/** One item; the payload is a view into the request body, never copied. */
export interface EnvelopeItem {
  headers: ItemHeaders;
  payload: Buffer;
}

export interface Envelope {
  headers: EnvelopeHeaders;
  items: EnvelopeItem[];
}

/** Sentry's rate-limit data categories (rate-limiting.mdx; Relay `DataCategory`). */
export type DataCategory =
  | 'default'
  | 'error'
  | 'transaction'
  | 'monitor'
  | 'span'
  | 'log_item'
  | 'log_byte'
  | 'security'
  | 'attachment'
  | 'session'
  | 'profile'
  | 'profile_chunk'
  | 'replay'
  | 'feedback'
  | 'trace_metric'
  | 'internal'
  | 'metric_bucket';

const NEWLINE = 0x0a;
const DEFAULT_MAX_HEADER_LINE_BYTES = 8192;

/**
 * Parses an envelope: `Headers { "\n" Item } [ "\n" ]`, `Item = Headers "\n" Payload`.
 * Throws ValidationError (code `invalid_envelope`) on any framing error, and PayloadTooLargeError
 * as soon as the envelope holds more than `maxItems` items.
 */
export function parseEnvelope(
  body: Buffer,
  opts: { maxHeaderLineBytes?: number; maxItems?: number } = {},
): Envelope {
  const maxHeaderLine = opts.maxHeaderLineBytes ?? DEFAULT_MAX_HEADER_LINE_BYTES;
  const maxItems = opts.maxItems ?? Infinity;
  const end = body.length;
  if (end === 0) throw malformed('empty envelope');

  let lineEnd = lineEndAt(body, 0);
  const headers = readHeaderLine(body, 0, lineEnd, maxHeaderLine, 'envelope header');
  let pos = lineEnd + 1;
  const items: EnvelopeItem[] = [];

  while (pos < end) {
    const afterBlank = skipBlankLine(body, pos);
    if (afterBlank !== pos) {
      pos = afterBlank;
      continue;
    }
    if (items.length >= maxItems)
      throw new PayloadTooLargeError(`more than ${maxItems} items in the envelope`);
    lineEnd = lineEndAt(body, pos);
    const itemHeaders = readHeaderLine(body, pos, lineEnd, maxHeaderLine, 'item header');
    if (typeof itemHeaders.type !== 'string') throw malformed('item header without a string "type"');
    pos = lineEnd + 1;

    // Relay deserializes `"length": null` as absent, so we do too.
    if (itemHeaders.length === null) delete itemHeaders.length;
    const length = itemHeaders.length;
    let payload: Buffer;
    if (length === undefined) {
      const payloadEnd = lineEndAt(body, pos);
      payload = body.subarray(Math.min(pos, end), payloadEnd);
      pos = payloadEnd + 1;
    } else {
      if (typeof length !== 'number' || !Number.isSafeInteger(length) || length < 0) {
        throw malformed(`invalid item length ${JSON.stringify(length)}`);
      }
      const start = Math.min(pos, end);
      if (start + length > end) throw malformed(`item length ${length} runs past the end of the envelope`);
      payload = body.subarray(start, start + length);
      pos = start + length;
      // Bugsink and Relay both insist on this: a wrong length must not silently shift every later item.
      if (pos < end && body[pos] !== NEWLINE) {
        throw malformed(`item of length ${length} is not followed by a newline`);
      }
      pos += 1;
    }
    items.push({ headers: itemHeaders as ItemHeaders, payload });
  }
  return { headers, items };
}

/** Returns 32 lowercase hex digits for a simple or hyphenated UUID in any case, else undefined. */
export function normalizeEventId(id: unknown): string | undefined {
  if (typeof id !== 'string') return undefined;
  if (id.length === 32 && /^[0-9a-f]{32}$/i.test(id)) return id.toLowerCase();
  if (id.length === 36 && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
    return id.replaceAll('-', '').toLowerCase();
  }
  return undefined;
}

/** Serializes an envelope, always writing each item's `length` so binary payloads survive. */
export function serializeEnvelope(env: {
  headers: Record<string, unknown>;
  items: { headers: Record<string, unknown>; payload: Buffer | string }[];
}): Buffer {
  const parts: Buffer[] = [Buffer.from(`${JSON.stringify(env.headers)}\n`)];
  for (const item of env.items) {
    const payload = typeof item.payload === 'string' ? Buffer.from(item.payload) : item.payload;
    parts.push(Buffer.from(`${JSON.stringify({ ...item.headers, length: payload.length })}\n`), payload);
    parts.push(Buffer.from('\n'));
  }
  return Buffer.concat(parts);
}

// Relay's `ItemType` → `DataCategory` (relay-server/src/envelope/item.rs); containers such as
// `sessions` and `metric_buckets` count in the category of what they contain.
const ITEM_CATEGORIES: ReadonlyMap<string, DataCategory> = new Map<string, DataCategory>([
  ['event', 'error'],
  ['transaction', 'transaction'],
  ['attachment', 'attachment'],
  ['session', 'session'],
  ['sessions', 'session'],
  ['client_report', 'internal'],
  ['check_in', 'monitor'],
  ['span', 'span'],
  ['log', 'log_item'],
  ['user_report', 'feedback'],
  ['feedback', 'feedback'],
  ['profile', 'profile'],
  ['profile_chunk', 'profile_chunk'],
  ['replay_event', 'replay'],
  ['replay_recording', 'replay'],
  ['replay_video', 'replay'],
  ['statsd', 'metric_bucket'],
  ['metric_buckets', 'metric_bucket'],
  ['trace_metric', 'trace_metric'],
  ['security', 'security'],
]);

/** The rate-limit data category an item type counts against; unknown types count as `default`. */
export function itemCategory(type: string): DataCategory {
  return ITEM_CATEGORIES.get(type) ?? 'default';
}

// A Record keyed by the union makes the compiler reject a category missing from this list.
const KNOWN_CATEGORIES: Record<DataCategory, true> = {
  default: true,
  error: true,
  transaction: true,
  monitor: true,
  span: true,
  log_item: true,
  log_byte: true,
  security: true,
  attachment: true,
  session: true,
  profile: true,
  profile_chunk: true,
  replay: true,
  feedback: true,
  trace_metric: true,
  internal: true,
  metric_bucket: true,
};

/** Is this string one of Sentry's data categories? */
export function isDataCategory(value: string): value is DataCategory {
  return Object.hasOwn(KNOWN_CATEGORIES, value);
}

/** Index of the `\n` ending the line that starts at `start`, or the body length at EOF. */
function lineEndAt(body: Buffer, start: number): number {
  const newline = body.indexOf(NEWLINE, start);
  return newline === -1 ? body.length : newline;
}

/**
 * Position after a whitespace-only line starting at `start`, or `start` itself when the line has
 * content. Hand-written and CRLF-edited envelopes carry stray blank lines between items; they frame
 * nothing, so skipping them loses nothing.
 */
function skipBlankLine(body: Buffer, start: number): number {
  let pos = start;
  while (pos < body.length) {
    const byte = body[pos];
    if (byte === NEWLINE) return pos + 1;
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0d) return start;
    pos += 1;
  }
  return pos;
}

function readHeaderLine(
  body: Buffer,
  start: number,
  end: number,
  maxBytes: number,
  what: string,
): Record<string, unknown> {
  if (end - start > maxBytes) throw malformed(`${what} exceeds ${maxBytes} bytes`);
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8', start, end));
  } catch (error) {
    throw malformed(`${what} is not valid JSON`, error instanceof Error ? [error.message] : []);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw malformed(`${what} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

function malformed(message: string, causes: string[] = []): ValidationError {
  return new ValidationError(`invalid envelope: ${message}`, causes, 'invalid_envelope');
}
